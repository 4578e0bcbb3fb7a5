import { useState } from 'react';
import { Link } from 'react-router';
import { deleteExperiment, renameExperiment } from '../../api/tracking';
import type { Experiment } from '../../api/types';
import { formatAgo, formatTime } from '../../lib/format';
import type { RunStats } from './run-stats';

interface Props {
  experiment: Experiment;
  /** Undefined while the counts load. */
  stats: RunStats | undefined;
  statsFailed: boolean;
  highlight: boolean;
  onChanged: () => void;
}

type Mode = { kind: 'view' } | { kind: 'rename'; name: string } | { kind: 'confirm-delete' };

/** One experiment: its link, run count and last activity, and inline rename and delete. */
export function ExperimentRow({ experiment: exp, stats, statsFailed, highlight, onChanged }: Props) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const isDefault = exp.experiment_id === '0';

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode({ kind: 'view' });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setMode({ kind: 'view' });
    setError(undefined);
  };
  const rename = (name: string) => {
    const trimmed = name.trim();
    if (trimmed === exp.name) return cancel();
    if (!trimmed) return setError('The name cannot be empty.');
    return void act(() => renameExperiment(exp.experiment_id, trimmed));
  };

  const activity = stats?.lastActivity ?? undefined;
  return (
    <tr className={'exp-row' + (highlight ? ' exp-new' : '')} data-testid="experiment-row" data-experiment-id={exp.experiment_id}>
      <td className="exp-name">
        {mode.kind === 'rename' ? (
          <form
            className="exp-rename"
            onSubmit={(e) => {
              e.preventDefault();
              rename(mode.name);
            }}
          >
            <input
              type="text"
              data-testid="experiment-rename-input"
              aria-label={`New name for ${exp.name}`}
              value={mode.name}
              autoFocus
              onChange={(e) => setMode({ kind: 'rename', name: e.target.value })}
              onKeyDown={(e) => e.key === 'Escape' && cancel()}
            />
            <button type="submit" className="primary" data-testid="experiment-rename-save" disabled={busy}>
              Save
            </button>
            <button type="button" data-testid="experiment-rename-cancel" onClick={cancel}>
              Cancel
            </button>
          </form>
        ) : (
          <Link to={`/experiments/${exp.experiment_id}`} data-testid="experiment-link">
            {exp.name}
          </Link>
        )}
        {mode.kind === 'confirm-delete' && (
          <div className="exp-confirm" role="alertdialog" aria-label={`Delete ${exp.name}?`}>
            Delete <strong>{exp.name}</strong>
            {stats && stats.runs > 0 ? ` and its ${stats.runs.toLocaleString()} runs` : ''}?{' '}
            <button type="button" className="danger" data-testid="experiment-delete-confirm" disabled={busy} onClick={() => void act(() => deleteExperiment(exp.experiment_id))}>
              Delete
            </button>{' '}
            <button type="button" data-testid="experiment-delete-cancel" onClick={cancel}>
              Cancel
            </button>
          </div>
        )}
        {error && (
          <div className="exp-field-error" role="alert" data-testid="experiment-row-error">
            {error}
          </div>
        )}
      </td>
      <td className="exp-num" data-testid="experiment-run-count">
        {stats ? (
          <>
            {stats.runs.toLocaleString()}
            {stats.running > 0 && <span className="status RUNNING exp-running">{stats.running} running</span>}
          </>
        ) : statsFailed ? (
          <span className="muted">?</span>
        ) : (
          <span className="muted">…</span>
        )}
      </td>
      <td data-testid="experiment-last-activity" title={activity ? formatTime(activity) : undefined}>
        {activity ? formatAgo(activity) : stats ? <span className="muted">no runs</span> : null}
      </td>
      <td className="muted" title={formatTime(exp.creation_time)}>
        {formatTime(exp.creation_time)}
      </td>
      <td className="mono muted">{exp.experiment_id}</td>
      <td className="exp-actions">
        {mode.kind === 'view' && (
          <>
            <button type="button" className="link-button" data-testid="experiment-rename" onClick={() => setMode({ kind: 'rename', name: exp.name })}>
              Rename
            </button>
            <button
              type="button"
              className="link-button exp-delete"
              data-testid="experiment-delete"
              disabled={isDefault}
              title={isDefault ? 'The default experiment cannot be deleted' : undefined}
              onClick={() => setMode({ kind: 'confirm-delete' })}
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
