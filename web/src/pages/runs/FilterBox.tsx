import { useEffect, useState } from 'react';

interface Props {
  value: string;
  /** Called on Enter with the trimmed text (also when it did not change: that reloads). */
  onApply: (filter: string) => void;
  /** The server's message for a filter it refused. */
  error: string | undefined;
}

/** The runs search box: the API's own grammar, applied on Enter, its errors shown under it. */
export function FilterBox({ value, onApply, error }: Props) {
  const [draft, setDraft] = useState(value);
  // Back/forward or a shared link changes the applied filter: show it.
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      className="runs-filter"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft.trim());
      }}
    >
      <div className="runs-filter-row">
        <input
          type="text"
          className={'mono' + (error ? ' invalid' : '')}
          data-testid="runs-filter"
          aria-label="Filter runs"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'runs-filter-error' : undefined}
          placeholder="metrics.acc > 0.9 and params.optimizer = 'adam'   (Enter to apply)"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setDraft(value);
          }}
        />
        {value !== '' && (
          <button
            type="button"
            data-testid="runs-filter-clear"
            onClick={() => {
              setDraft('');
              onApply('');
            }}
          >
            Clear
          </button>
        )}
      </div>
      {error && (
        <div className="runs-filter-error" id="runs-filter-error" role="alert" data-testid="filter-error">
          {error}
        </div>
      )}
    </form>
  );
}
