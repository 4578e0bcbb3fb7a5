import type { ParameterImportance } from '../../api/sweeps-types';

/** The parameters by how much of the metric's variation they explain, largest first, as bars. */
export function ImportanceBars({ importance }: { importance: readonly ParameterImportance[] }) {
  if (importance.length === 0) return <p className="empty">Shown once 4 trials have a value.</p>;
  const max = Math.max(...importance.map((i) => i.importance), 1e-9);
  return (
    <ul className="sweep-importance" data-testid="sweep-importance">
      {importance.map((i) => (
        <li key={i.parameter} data-testid="sweep-importance-bar" data-param={i.parameter}>
          <span className="sweep-importance-name mono" title={i.parameter}>
            {i.parameter}
          </span>
          <span className="sweep-importance-track">
            <span className="sweep-importance-fill" style={{ width: `${(100 * i.importance) / max}%` }} />
          </span>
          <span className="sweep-importance-pct">{(100 * i.importance).toFixed(1)}%</span>
        </li>
      ))}
    </ul>
  );
}
