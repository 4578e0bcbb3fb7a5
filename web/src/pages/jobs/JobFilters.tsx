import { useEffect, useState } from 'react';
import { JOB_STATES, type JobState } from '../../api/jobs-types';
import { stateLabel } from './job-format';
import { parseLabelFilter } from './label-filter';

interface Props {
  /** Empty: every state. */
  states: readonly JobState[];
  onStates: (states: JobState[]) => void;
  /** The label filter as typed, applied. */
  labels: string;
  onLabels: (text: string) => void;
  /** The server's message when it refused the filter. */
  serverError: string | undefined;
}

/** Which jobs to show: states (none ticked = all) and labels (applied on Enter, checked first). */
export function JobFilters({ states, onStates, labels, onLabels, serverError }: Props) {
  const [draft, setDraft] = useState(labels);
  const [error, setError] = useState<string | undefined>(undefined);
  // Back/forward or a shared link changes the applied filter: show it.
  useEffect(() => {
    setDraft(labels);
    setError(undefined);
  }, [labels]);
  const shownError = error ?? serverError;

  const toggle = (state: JobState, on: boolean) => onStates(JOB_STATES.filter((s) => (s === state ? on : states.includes(s))));
  return (
    <div className="jobs-filters">
      <fieldset className="jobs-states" data-testid="job-state-filter">
        <legend className="muted">State</legend>
        {JOB_STATES.map((s) => (
          <label key={s} className={'state-chip' + (states.includes(s) ? ' on' : '')}>
            <input type="checkbox" data-testid={`state-filter-${s}`} checked={states.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
            {stateLabel(s)}
          </label>
        ))}
        {states.length > 0 && (
          <button type="button" className="link-button" data-testid="state-filter-clear" onClick={() => onStates([])}>
            All states
          </button>
        )}
      </fieldset>
      <form
        className="jobs-label-filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parseLabelFilter(draft);
          if ('error' in parsed) return setError(parsed.error);
          setError(undefined);
          return onLabels(draft.trim());
        }}
      >
        <input
          type="text"
          className={'mono' + (shownError ? ' invalid' : '')}
          data-testid="label-filter"
          aria-label="Filter jobs by label"
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? 'label-filter-error' : undefined}
          placeholder="team=vision size=small   (Enter to apply)"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        {shownError && (
          <div className="jobs-filter-error" id="label-filter-error" role="alert" data-testid="label-filter-error">
            {shownError}
          </div>
        )}
      </form>
    </div>
  );
}
