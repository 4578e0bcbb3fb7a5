import { Link } from 'react-router';
import { versionRuns } from '../../api/data';
import { getExperiment } from '../../api/tracking';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/** Lineage: the runs whose inputs name this version (by its digest). */
export function RunsTab({ name, refNumber }: { name: string; refNumber: string }) {
  const key = `${name}@${refNumber}`;
  const runs = useAsync(async (signal) => ({ key, runs: await versionRuns(name, refNumber, signal) }), [key]);
  const list = runs.data?.key === key ? runs.data.runs : undefined;
  const experimentIds = [...new Set(list?.map((r) => r.experiment_id))].sort();
  // Names fill in after the list; an experiment that cannot be read keeps showing its id.
  const names = useAsync(
    async () => new Map(await Promise.all(experimentIds.map(async (id) => [id, await getExperiment(id).then((e) => e.name, () => undefined)] as const))),
    [experimentIds.join(',')],
  );

  if (!list) return runs.error ? <ErrorMessage error={runs.error} onRetry={runs.reload} /> : <Loading what="Loading runs" />;
  if (list.length === 0) {
    return (
      <p className="empty" data-testid="version-runs-empty">
        No run has recorded this version as an input. A run records it with the SDK’s <code className="mono">run.useDataset('{key}')</code>.
      </p>
    );
  }
  const sorted = [...list].sort((a, b) => b.start_time - a.start_time);
  return (
    <table className="simple dsv-runs" data-testid="version-runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Status</th>
          <th>Experiment</th>
          <th>Started</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.run_id} data-testid="version-run" data-run-id={r.run_id}>
            <td>
              <Link to={`/runs/${r.run_id}`} data-testid="version-run-link" title={r.run_id}>
                {r.run_name || r.run_id}
              </Link>
            </td>
            <td>
              <span className={'status ' + r.status}>{r.status}</span>
            </td>
            <td>
              <Link to={`/experiments/${r.experiment_id}`} data-testid="version-run-experiment">
                {names.data?.get(r.experiment_id) ?? r.experiment_id}
              </Link>
            </td>
            <td className="nowrap">{r.start_time ? formatTime(r.start_time) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
