import { useState } from 'react';
import { listExperiments } from '../../api/tracking';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { useViewState } from '../../lib/view-state';
import { CreateExperimentForm } from './CreateExperimentForm';
import { ExperimentRow } from './ExperimentRow';
import { loadRunStats } from './run-stats';
import './experiments.css';

/** Every active experiment with its run count and last activity; create, rename, delete. */
export function ExperimentsPage() {
  const [url, setUrl] = useViewState({ q: '' });
  const experiments = useAsync(() => listExperiments(), []);
  const ids = (experiments.data ?? []).map((e) => e.experiment_id);
  // Counts come from a heavier search: the list shows first and the counts fill in.
  const stats = useAsync((signal) => (ids.length === 0 ? Promise.resolve(new Map()) : loadRunStats(ids, signal)), [ids.join(',')]);
  const [created, setCreated] = useState<string | undefined>(undefined);

  const reload = () => {
    experiments.reload();
    stats.reload();
  };
  const needle = url.q.trim().toLowerCase();
  const shown = (experiments.data ?? []).filter((e) => needle === '' || e.name.toLowerCase().includes(needle));

  return (
    <div className="exp-page" data-testid="experiments-page">
      <h1>Experiments</h1>
      <div className="exp-bar">
        <CreateExperimentForm
          onCreated={(id) => {
            setCreated(id);
            // The new id changes the list of ids, which reloads the counts.
            experiments.reload();
          }}
        />
        <input
          type="search"
          className="exp-search"
          data-testid="experiments-search"
          aria-label="Find experiments by name"
          placeholder="Find by name"
          value={url.q}
          onChange={(e) => setUrl({ q: e.target.value })}
        />
      </div>
      {experiments.error && <ErrorMessage error={experiments.error} onRetry={reload} />}
      {stats.error && !experiments.error && <ErrorMessage error={new Error(`Run counts are unavailable: ${stats.error.message}`)} onRetry={stats.reload} />}
      {experiments.data === undefined ? (
        experiments.loading && <Loading what="Loading experiments" />
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="experiments-empty">
          {needle ? `No experiment name contains “${url.q.trim()}”.` : 'No experiments yet. Create one above, or log a run with the SDK.'}
        </p>
      ) : (
        <table className="simple exp-table" data-testid="experiments-list">
          <thead>
            <tr>
              <th>Name</th>
              <th className="exp-num exp-col-runs">Runs</th>
              <th className="exp-col-activity">Last activity</th>
              <th className="exp-col-created">Created</th>
              <th className="exp-col-id">ID</th>
              <th className="exp-col-actions" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <ExperimentRow
                key={e.experiment_id}
                experiment={e}
                stats={stats.data?.get(e.experiment_id)}
                statsFailed={stats.error !== undefined}
                highlight={e.experiment_id === created}
                onChanged={experiments.reload}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
