import { useCallback, useEffect, useRef, useState } from 'react';
import { artifactUrl } from '../../api/client';
import { listArtifacts } from '../../api/tracking';
import type { FileInfo, Run } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes } from '../../lib/format';
import { ArtifactPreview } from './ArtifactPreview';
import { basename } from './artifact-files';

type Listing = { files: FileInfo[] } | { error: Error } | 'loading';

const parentsOf = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
};

/**
 * The run's artifacts: a tree whose folders are listed when opened, and a preview of the
 * selected file (its path is in the URL).
 */
export function ArtifactsTab({ run, selected, onSelect }: { run: Run; selected: string; onSelect: (path: string) => void }) {
  const runId = run.info.run_id;
  const [listings, setListings] = useState<Map<string, Listing>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(parentsOf(selected)));
  const requested = useRef(new Set<string>());

  const load = useCallback(
    (path: string, force = false) => {
      if (requested.current.has(path) && !force) return;
      requested.current.add(path);
      setListings((m) => new Map(m).set(path, 'loading'));
      listArtifacts(runId, path).then(
        (files) => setListings((m) => new Map(m).set(path, { files: [...files].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path)) })),
        (error: Error) => setListings((m) => new Map(m).set(path, { error })),
      );
    },
    [runId],
  );

  useEffect(() => {
    load('');
    for (const p of expanded) load(p);
  }, [load, expanded]);

  // A deep link to a file opens the folders above it. Only when the selection changes: with
  // `expanded` as a dependency, collapsing a folder above the open file would reopen it.
  useEffect(() => {
    const parents = parentsOf(selected);
    if (parents.some((p) => !expanded.has(p))) setExpanded((s) => new Set([...s, ...parents]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  const toggle = (path: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const root = listings.get('');
  const selectedInfo = findFile(listings, selected);
  return (
    <div className="artifacts">
      <div className="artifact-tree" data-testid="artifact-tree" role="tree" aria-label="Artifacts">
        {root === undefined || root === 'loading' ? (
          <div className="loading">Loading artifacts…</div>
        ) : 'error' in root ? (
          <ErrorMessage error={root.error} onRetry={() => load('', true)} />
        ) : root.files.length === 0 ? (
          <p className="empty">This run has no artifacts.</p>
        ) : (
          <Folder
            files={root.files}
            depth={0}
            listings={listings}
            expanded={expanded}
            selected={selected}
            artifactUri={run.info.artifact_uri}
            onToggle={toggle}
            onSelect={onSelect}
            onRetry={(p) => load(p, true)}
          />
        )}
      </div>
      <div className="artifact-preview-pane">
        {selected === '' ? (
          <p className="empty">Select a file to preview it.</p>
        ) : selectedInfo === undefined && !listingsSettled(listings, selected) ? (
          <div className="loading">Loading…</div>
        ) : selectedInfo?.is_dir ? (
          <p className="empty">{selected} is a folder.</p>
        ) : (
          <ArtifactPreview key={selected} path={selected} size={selectedInfo?.file_size} url={artifactUrl(run.info.artifact_uri, selected)} />
        )}
      </div>
    </div>
  );
}

function findFile(listings: Map<string, Listing>, path: string): FileInfo | undefined {
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const l = listings.get(parent);
  return l && l !== 'loading' && 'files' in l ? l.files.find((f) => f.path === path) : undefined;
}

/** Whether the folder that would hold `path` has been listed (or failed), i.e. waiting is over. */
function listingsSettled(listings: Map<string, Listing>, path: string): boolean {
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const l = listings.get(parent);
  return l !== undefined && l !== 'loading';
}

function Folder(props: {
  files: FileInfo[];
  depth: number;
  listings: Map<string, Listing>;
  expanded: Set<string>;
  selected: string;
  artifactUri: string;
  onToggle: (path: string) => void;
  onSelect: (path: string) => void;
  onRetry: (path: string) => void;
}) {
  const { files, depth, listings, expanded, selected } = props;
  return (
    <ul role="group" className="artifact-list">
      {files.map((f) => {
        const open = f.is_dir && expanded.has(f.path);
        const listing = open ? listings.get(f.path) : undefined;
        return (
          <li key={f.path} role="treeitem" aria-expanded={f.is_dir ? open : undefined} aria-selected={selected === f.path}>
            <div
              className={'artifact-entry' + (selected === f.path ? ' selected' : '')}
              data-testid="artifact-entry"
              data-path={f.path}
              data-dir={f.is_dir ? 'true' : 'false'}
              style={{ paddingLeft: 6 + depth * 16 }}
            >
              <button
                type="button"
                className="artifact-name"
                onClick={() => (f.is_dir ? props.onToggle(f.path) : props.onSelect(f.path))}
                title={f.path}
              >
                <span className="artifact-icon" aria-hidden="true">
                  {f.is_dir ? (open ? '▾' : '▸') : '·'}
                </span>
                {basename(f.path)}
              </button>
              {!f.is_dir && (
                <>
                  <span className="artifact-size muted">{f.file_size !== undefined ? formatBytes(f.file_size) : ''}</span>
                  <a
                    className="artifact-download"
                    href={artifactUrl(props.artifactUri, f.path)}
                    download={basename(f.path)}
                    data-testid="artifact-download"
                    data-path={f.path}
                    title={`Download ${basename(f.path)}`}
                    aria-label={`Download ${basename(f.path)}`}
                  >
                    ⤓
                  </a>
                </>
              )}
            </div>
            {open &&
              (listing === undefined || listing === 'loading' ? (
                <div className="loading artifact-nested" style={{ paddingLeft: 22 + depth * 16 }}>
                  Loading…
                </div>
              ) : 'error' in listing ? (
                <div style={{ paddingLeft: 22 + depth * 16 }}>
                  <ErrorMessage error={listing.error} onRetry={() => props.onRetry(f.path)} />
                </div>
              ) : listing.files.length === 0 ? (
                <div className="muted artifact-nested" style={{ paddingLeft: 22 + depth * 16 }}>
                  (empty)
                </div>
              ) : (
                <Folder {...props} files={listing.files} depth={depth + 1} />
              ))}
          </li>
        );
      })}
    </ul>
  );
}
