import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import { bestRuns, type ComparedRun, differingKeys, lowerIsBetter, unionKeys } from './compare-data';

type RowKind = 'param' | 'tag';

function TextRows({ runs, kind, keys }: { runs: readonly ComparedRun[]; kind: RowKind; keys: readonly string[] }) {
  const pick = (r: ComparedRun) => (kind === 'param' ? r.params : r.tags);
  return (
    <>
      {keys.map((key) => {
        const base = pick(runs[0]!).get(key);
        const differs = runs.some((r) => pick(r).get(key) !== base);
        return (
          <tr key={`${kind}:${key}`} data-testid="diff-row" data-key={key} data-kind={kind} className={differs ? 'differs' : undefined}>
            <th scope="row" title={key}>
              {key}
            </th>
            {runs.map((r, i) => {
              const v = pick(r).get(key);
              // Each value is compared with the first run's, the baseline.
              const changed = i > 0 && v !== base;
              return (
                <td key={r.id} data-testid="diff-cell" data-run-id={r.id} className={changed ? 'cmp-changed' : undefined} title={v}>
                  {v ?? <span className="muted">—</span>}
                </td>
              );
            })}
          </tr>
        );
      })}
    </>
  );
}

function MetricRows({ runs, keys }: { runs: readonly ComparedRun[]; keys: readonly string[] }) {
  return (
    <>
      {keys.map((key) => {
        const best = bestRuns(runs, key);
        return (
          <tr key={`metric:${key}`} data-testid="diff-row" data-key={key} data-kind="metric">
            <th scope="row" title={`${key}: the latest value; ${lowerIsBetter(key) ? 'lower' : 'higher'} is better`}>
              {key} <span className="muted cmp-direction">{lowerIsBetter(key) ? '↓' : '↑'}</span>
            </th>
            {runs.map((r) => {
              const v = r.metrics.get(key);
              const isBest = best.has(r.id);
              return (
                <td key={r.id} data-testid="diff-cell" data-run-id={r.id} data-best={isBest ? 'true' : undefined} className={`num${isBest ? ' cmp-best' : ''}`}>
                  {v === undefined ? <span className="muted">—</span> : formatNumber(v)}
                  {isBest && (
                    <span className="cmp-best-mark" aria-label="best" title="Best of the compared runs">
                      {' '}
                      ★
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        );
      })}
    </>
  );
}

/**
 * Params (and optionally tags) side by side, one column per run: by default only the keys
 * whose values differ, each cell that differs from the first run's value highlighted. Then
 * every metric's latest value, the best one starred.
 */
export function DiffTable({
  runs,
  showAll,
  showTags,
  onChange,
}: {
  runs: readonly ComparedRun[];
  showAll: boolean;
  showTags: boolean;
  onChange: (patch: { showAll?: boolean; showTags?: boolean }) => void;
}) {
  const params = showAll ? unionKeys(runs, (r) => r.params) : differingKeys(runs, (r) => r.params);
  const tags = showTags ? (showAll ? unionKeys(runs, (r) => r.tags) : differingKeys(runs, (r) => r.tags)) : [];
  const metrics = unionKeys(runs, (r) => r.metrics);
  const sameParams = unionKeys(runs, (r) => r.params).length - differingKeys(runs, (r) => r.params).length;
  return (
    <section className="cmp-section" aria-label="Differences">
      <div className="cmp-toolbar">
        <h2>Differences</h2>
        <label>
          <input type="checkbox" data-testid="diff-show-all" checked={showAll} onChange={(e) => onChange({ showAll: e.target.checked })} /> Show params that are the same
          {!showAll && sameParams > 0 ? ` (${sameParams})` : ''}
        </label>
        <label>
          <input type="checkbox" data-testid="diff-show-tags" checked={showTags} onChange={(e) => onChange({ showTags: e.target.checked })} /> Tags
        </label>
        <span className="muted cmp-hint">
          <span className="cmp-hint-changed">tinted</span>: differs from the first run · <span className="cmp-best-mark">★</span> best (↑ higher, ↓ lower is better)
        </span>
      </div>
      <div className="cmp-table-scroll">
        <table className="simple cmp-diff" data-testid="diff-table">
          <thead>
            <tr>
              <th scope="col" />
              {runs.map((r) => (
                <th key={r.id} scope="col">
                  <span className="cmp-swatch" style={{ background: r.color }} aria-hidden="true" />
                  <Link to={`/runs/${r.id}`} title={r.id}>
                    {r.name}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="cmp-group">
              <th colSpan={runs.length + 1}>Params{params.length === 0 ? (showAll ? ': none' : ': all the same') : ''}</th>
            </tr>
            <TextRows runs={runs} kind="param" keys={params} />
            {showTags && (
              <>
                <tr className="cmp-group">
                  <th colSpan={runs.length + 1}>Tags{tags.length === 0 ? (showAll ? ': none' : ': all the same') : ''}</th>
                </tr>
                <TextRows runs={runs} kind="tag" keys={tags} />
              </>
            )}
            <tr className="cmp-group">
              <th colSpan={runs.length + 1}>Metrics (latest value){metrics.length === 0 ? ': none' : ''}</th>
            </tr>
            <MetricRows runs={runs} keys={metrics} />
          </tbody>
        </table>
      </div>
    </section>
  );
}
