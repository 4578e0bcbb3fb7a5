import { useState } from 'react';
import { getVersionTree } from '../../api/data';
import type { DatasetVersion } from '../../api/data-types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatBytes } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { childPath, normalizeDir, parentPath, pathCrumbs } from './tree-path';

/** Entries a folder shows before "Show all": a flat folder of 100,000 images stays quick. */
const SHOWN_ENTRIES = 1000;

interface Props {
  name: string;
  refNumber: string;
  version: DatasetVersion;
  /** The folder shown ('' for the top), from the URL. */
  path: string;
  onPath: (path: string) => void;
}

/** The version's files one folder at a time: folders first with their summed sizes and file counts, breadcrumbs above. */
export function FilesTab({ name, refNumber, version, path, onPath }: Props) {
  const dir = normalizeDir(path);
  const key = `${name}@${refNumber}:${dir}`;
  const tree = useAsync(async (signal) => ({ key, entries: await getVersionTree(name, refNumber, dir, signal) }), [key]);
  const entries = tree.data?.key === key ? tree.data.entries : undefined;
  const [showAll, setShowAll] = useState<string | undefined>(undefined);
  const all = showAll === key;

  const files = entries?.reduce((n, e) => n + e.files, 0) ?? 0;
  const bytes = entries?.reduce((n, e) => n + e.size, 0) ?? 0;
  const shown = entries && !all ? entries.slice(0, SHOWN_ENTRIES) : entries;
  return (
    <div className="dsv-files" data-testid="files-tab" data-path={dir}>
      <div className="dsv-files-bar">
        <nav className="dsv-crumbs" aria-label="Folder" data-testid="tree-crumbs">
          <button type="button" className="link-button" data-testid="tree-crumb" data-path="" disabled={dir === ''} onClick={() => onPath('')}>
            {version.dataset}@v{version.version}
          </button>
          {pathCrumbs(dir).map((c) => (
            <span key={c.path}>
              <span className="muted"> / </span>
              <button type="button" className="link-button" data-testid="tree-crumb" data-path={c.path} disabled={c.path === dir} onClick={() => onPath(c.path)}>
                {c.name}
              </button>
            </span>
          ))}
        </nav>
        {entries && (
          <span className="muted dsv-files-total" data-testid="tree-total">
            {files} file{files === 1 ? '' : 's'}, {formatBytes(bytes)}
          </span>
        )}
      </div>
      {tree.error && (
        <>
          <ErrorMessage error={tree.error} onRetry={tree.reload} />
          {dir !== '' && (
            <button type="button" className="link-button" onClick={() => onPath('')}>
              Back to the top folder
            </button>
          )}
        </>
      )}
      {!entries ? (
        !tree.error && <Loading what="Loading files" />
      ) : entries.length === 0 ? (
        <p className="empty">This version has no files.</p>
      ) : (
        <table className="simple dsv-tree" data-testid="file-tree">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Size</th>
              <th className="num">Files</th>
            </tr>
          </thead>
          <tbody>
            {dir !== '' && (
              <tr>
                <td colSpan={3}>
                  <button type="button" className="dsv-entry-name" data-testid="tree-up" onClick={() => onPath(parentPath(dir))} title="The folder above">
                    <span className="dsv-icon" aria-hidden="true">
                      ↰
                    </span>
                    ..
                  </button>
                </td>
              </tr>
            )}
            {shown!.map((e) => (
              <tr key={e.name} data-testid="tree-entry" data-name={e.name} data-type={e.type}>
                <td>
                  {e.type === 'dir' ? (
                    <button type="button" className="dsv-entry-name dsv-dir" data-testid="tree-dir" onClick={() => onPath(childPath(dir, e.name))} title={childPath(dir, e.name)}>
                      <span className="dsv-icon" aria-hidden="true">
                        ▸
                      </span>
                      {e.name}/
                    </button>
                  ) : (
                    <span className="dsv-entry-name dsv-file" title={childPath(dir, e.name)}>
                      <span className="dsv-icon" aria-hidden="true">
                        ·
                      </span>
                      {e.name}
                    </span>
                  )}
                </td>
                <td className="num" data-testid="tree-size">
                  {formatBytes(e.size)}
                </td>
                <td className="num muted" data-testid="tree-files">
                  {e.type === 'dir' ? e.files : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries && shown && shown.length < entries.length && (
        <p className="muted dsv-note">
          The first {shown.length} of {entries.length} entries are shown.{' '}
          <button type="button" className="link-button" data-testid="tree-show-all" onClick={() => setShowAll(key)}>
            Show all
          </button>
        </p>
      )}
    </div>
  );
}
