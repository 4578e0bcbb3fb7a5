import { Link } from 'react-router';
import { metricText } from '../models/model-format';

/** The source run's latest metrics when the version was registered. */
export function MetricsTable({ metrics, runId }: { metrics: Record<string, number | string>; runId: string }) {
  const keys = Object.keys(metrics).sort();
  if (keys.length === 0) return <p className="empty">The source run logged no metrics.</p>;
  return (
    <>
      <table className="simple model-metrics-table" data-testid="version-metrics-table">
        <tbody>
          {keys.map((k) => (
            <tr key={k} data-testid="metric-row" data-key={k}>
              <td className="mono">{k}</td>
              <td className="mono num" data-testid="metric-value">
                {metricText(metrics[k]!)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {runId && (
        <p className="muted model-note">
          As logged when the version was registered; <Link to={`/runs/${runId}`}>the run</Link> has their history.
        </p>
      )}
    </>
  );
}
