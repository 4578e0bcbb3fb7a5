import { Link } from 'react-router';
import type { DatasetVersion } from '../../api/data-types';
import { formatBytes, formatTime } from '../../lib/format';
import { versionUrl } from '../datasets/dataset-links';
import { TagChips } from '../datasets/TagChips';

interface Props {
  name: string;
  /** Newest first. */
  versions: readonly DatasetVersion[];
  /** The picked versions, as in the URL ('' when none). */
  from: string;
  to: string;
  onPick: (patch: { from?: string; to?: string }) => void;
}

/** The versions as rows, with a "from" and a "to" pick for the diff and a shortcut to compare with the parent. */
export function VersionLog({ name, versions, from, to, onPick }: Props) {
  return (
    <table className="simple ds-log" data-testid="version-log">
      <thead>
        <tr>
          <th className="ds-pick" title="Compare from this version">
            From
          </th>
          <th className="ds-pick" title="Compare to this version">
            To
          </th>
          <th>Version</th>
          <th>Tags</th>
          <th>Message</th>
          <th>Author</th>
          <th>Created</th>
          <th className="num">Files</th>
          <th className="num">Size</th>
          <th>Parent</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => {
          const n = String(v.version);
          const picked = from === n || to === n;
          return (
            <tr key={v.version} className={picked ? 'ds-picked' : ''} data-testid="version-row" data-version={v.version}>
              <td className="ds-pick">
                <input type="radio" name="diff-from" aria-label={`Compare from v${v.version}`} data-testid="pick-from" checked={from === n} onChange={() => onPick({ from: n })} />
              </td>
              <td className="ds-pick">
                <input type="radio" name="diff-to" aria-label={`Compare to v${v.version}`} data-testid="pick-to" checked={to === n} onChange={() => onPick({ to: n })} />
              </td>
              <td className="nowrap">
                <Link to={versionUrl(name, v.version)} className="ds-version-link mono" data-testid="version-link">
                  v{v.version}
                </Link>
              </td>
              <td>
                <TagChips tags={v.tags} />
              </td>
              <td className="ds-message" data-testid="version-message">
                {v.message || <span className="muted">—</span>}
              </td>
              <td className="ds-author">{v.author || <span className="muted">—</span>}</td>
              <td className="nowrap" title={new Date(v.created_time).toISOString()}>
                {formatTime(v.created_time)}
              </td>
              <td className="num" data-testid="version-files">
                {v.file_count}
              </td>
              <td className="num" data-testid="version-size">
                {formatBytes(v.total_bytes)}
              </td>
              <td className="nowrap" data-testid="version-parent">
                {v.parent === null ? <span className="muted">—</span> : <span className="mono">v{v.parent}</span>}
              </td>
              <td className="ds-row-actions">
                {v.parent !== null && (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="diff-parent"
                    title={`What changed from v${v.parent} to v${v.version}`}
                    onClick={() => onPick({ from: String(v.parent), to: n })}
                  >
                    Changes
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
