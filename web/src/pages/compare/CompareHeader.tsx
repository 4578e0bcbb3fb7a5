import { useState } from 'react';
import { Link } from 'react-router';
import type { ComparedRun } from './compare-data';
import type { RunLoadFailure } from './use-compared-runs';

// Past this many the chips fold away behind a button, so the charts stay in view.
const SHOWN = 40;

/** The compared runs as chips (color, name, status) with a remove button each, and the ids that failed to load. */
export function CompareHeader({
  runs,
  failures,
  onRemove,
  onRetry,
}: {
  runs: readonly ComparedRun[];
  failures: readonly RunLoadFailure[];
  onRemove: (runId: string) => void;
  onRetry: () => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? runs : runs.slice(0, SHOWN);
  return (
    <section className="cmp-header" aria-label="Compared runs">
      <ul className="cmp-runs">
        {shown.map((run) => (
          <li key={run.id} className="cmp-run" data-testid="compare-run" data-run-id={run.id}>
            <span className="cmp-swatch" style={{ background: run.color }} aria-hidden="true" />
            <Link to={`/runs/${run.id}`} title={run.id}>
              {run.name}
            </Link>
            <span className={`status ${run.status}`}>{run.status.toLowerCase()}</span>
            {run.deleted && <span className="status KILLED">deleted</span>}
            <button
              type="button"
              className="cmp-remove"
              data-testid="compare-run-remove"
              aria-label={`Remove ${run.name} from the comparison`}
              title="Remove from the comparison"
              onClick={() => onRemove(run.id)}
            >
              ×
            </button>
          </li>
        ))}
        {runs.length > SHOWN && (
          <li>
            <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show fewer' : `Show all ${runs.length}`}
            </button>
          </li>
        )}
      </ul>
      {failures.map((f) => (
        <div key={f.id} className="error-message cmp-run-error" role="alert" data-testid="compare-run-error" data-run-id={f.id}>
          <strong>
            Run <span className="mono">{f.id}</span> could not be loaded:
          </strong>{' '}
          <span>{f.error.message}</span>
          <button type="button" className="link-button" onClick={() => onRemove(f.id)}>
            Remove it
          </button>
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ))}
    </section>
  );
}
