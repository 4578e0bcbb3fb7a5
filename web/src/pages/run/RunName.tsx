import { useState, type FormEvent } from 'react';
import { updateRun } from '../../api/tracking';

/** The run's name as the page title, renamed in place (runs/update run_name). */
/** `readOnly` for a deleted run: the server refuses changes to it, so none are offered. */
export function RunName({ runId, name, onRenamed, readOnly = false }: { runId: string; name: string; onRenamed: () => void; readOnly?: boolean }) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === undefined) return;
    const next = draft.trim();
    if (next === '') {
      setError(new Error('A run name cannot be empty.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await updateRun(runId, { run_name: next });
      setDraft(undefined);
      onRenamed();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  if (draft === undefined) {
    return (
      <div className="run-name">
        <h1 data-testid="run-name">{name || <span className="muted">(unnamed run)</span>}</h1>
        {!readOnly && (
          <button type="button" className="link-button" data-testid="run-name-edit" onClick={() => setDraft(name)} aria-label="Rename run">
            Rename
          </button>
        )}
      </div>
    );
  }
  return (
    <form className="run-name editing" onSubmit={save}>
      <input
        type="text"
        aria-label="Run name"
        data-testid="run-name-input"
        value={draft}
        autoFocus
        disabled={busy}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && (setDraft(undefined), setError(undefined))}
        aria-invalid={error ? true : undefined}
      />
      <button type="submit" className="primary" data-testid="run-name-save" disabled={busy}>
        Save
      </button>
      <button type="button" data-testid="run-name-cancel" disabled={busy} onClick={() => (setDraft(undefined), setError(undefined))}>
        Cancel
      </button>
      {error && (
        <span className="field-error" role="alert" data-testid="run-name-error">
          {error.message}
        </span>
      )}
    </form>
  );
}
