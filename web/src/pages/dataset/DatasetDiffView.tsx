import { diffVersions, DIFF_MAX_RESULTS } from '../../api/data';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatBytes } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { diffCut, diffRows, type DiffRow } from './diff-rows';

interface Props {
  name: string;
  from: number;
  to: number;
  onSwap: () => void;
  onClose: () => void;
}

const KIND_LABEL = { added: 'added', removed: 'removed', modified: 'modified' } as const;
const KIND_MARK = { added: '+', removed: '−', modified: '~' } as const;

/** What changed from one version to another: a summary, then each added, removed and modified file. */
export function DatasetDiffView({ name, from, to, onSwap, onClose }: Props) {
  const key = `${name}@${from}..${to}`;
  const diff = useAsync(async (signal) => ({ key, diff: await diffVersions(`${name}@${from}`, `${name}@${to}`, signal) }), [key]);
  const current = diff.data?.key === key ? diff.data.diff : undefined;
  const rows = current ? diffRows(current) : [];

  return (
    <section className="ds-diff" data-testid="dataset-diff" data-from={from} data-to={to}>
      <div className="ds-section-heading">
        <h2>
          Changes from <span className="mono">v{from}</span> to <span className="mono">v{to}</span>
        </h2>
        <span className="ds-header-spacer" />
        <button type="button" onClick={onSwap} data-testid="diff-swap" title="Compare the other way round">
          Swap
        </button>
        <button type="button" onClick={onClose} data-testid="diff-close">
          Close
        </button>
      </div>
      {diff.error && <ErrorMessage error={diff.error} onRetry={diff.reload} />}
      {!current ? (
        !diff.error && <Loading what="Comparing versions" />
      ) : (
        <>
          <p className="ds-diff-summary" data-testid="diff-summary">
            <span className="ds-change added" data-testid="diff-count-added">
              {current.summary.added} added
            </span>
            <span className="ds-change removed" data-testid="diff-count-removed">
              {current.summary.removed} removed
            </span>
            <span className="ds-change modified" data-testid="diff-count-modified">
              {current.summary.modified} modified
            </span>
            <span className="muted" data-testid="diff-count-unchanged">
              {current.summary.unchanged} unchanged
            </span>
            <span className="muted" data-testid="diff-bytes">
              +{formatBytes(current.summary.bytes_added)} / −{formatBytes(current.summary.bytes_removed)}
            </span>
          </p>
          {rows.length === 0 ? (
            <p className="empty" data-testid="diff-empty">
              The two versions have the same files.
            </p>
          ) : (
            <table className="simple ds-diff-table" data-testid="diff-table">
              <thead>
                <tr>
                  <th>Change</th>
                  <th>Path</th>
                  <th className="num">Before</th>
                  <th className="num">After</th>
                  <th className="num">Difference</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <DiffLine key={r.path} row={r} />
                ))}
              </tbody>
            </table>
          )}
          {diffCut(current) && (
            <p className="muted ds-note" data-testid="diff-cut">
              Only the first {DIFF_MAX_RESULTS} files of each kind of change are listed; the counts above include them all.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function DiffLine({ row }: { row: DiffRow }) {
  const delta = row.oldSize !== undefined && row.newSize !== undefined ? row.newSize - row.oldSize : undefined;
  return (
    <tr data-testid="diff-row" data-kind={row.kind} data-path={row.path}>
      <td className={`ds-change ${row.kind}`}>
        <span aria-hidden="true" className="ds-change-mark">
          {KIND_MARK[row.kind]}
        </span>{' '}
        {KIND_LABEL[row.kind]}
      </td>
      <td className="mono ds-path">{row.path}</td>
      <td className="num">{row.oldSize !== undefined ? formatBytes(row.oldSize) : ''}</td>
      <td className="num">{row.newSize !== undefined ? formatBytes(row.newSize) : ''}</td>
      <td className="num muted">
        {row.modeOnly ? 'permissions' : delta === undefined ? '' : delta === 0 ? 'same size' : `${delta > 0 ? '+' : '−'}${formatBytes(Math.abs(delta))}`}
      </td>
    </tr>
  );
}
