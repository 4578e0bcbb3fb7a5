import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DatasetVersion } from '../../api/data-types';
import { formatBytes, formatTime } from '../../lib/format';
import { datasetUrl, versionUrl } from '../datasets/dataset-links';
import { FactList } from '../../components/FactList';

/** The version's facts as label/value pairs: message, contents, digest, who made it and from what. */
export function VersionFacts({ version: v }: { version: DatasetVersion }) {
  const facts: [string, ReactNode, string][] = [
    ['Message', v.message || <span className="muted">—</span>, 'version-message'],
    ['Files', `${v.file_count} file${v.file_count === 1 ? '' : 's'}, ${formatBytes(v.total_bytes)}`, 'version-contents'],
    [
      'Digest',
      <span className="mono" title="What a run records as this input’s digest">
        {v.digest}
      </span>,
      'version-digest',
    ],
    ['Manifest', <span className="mono">{v.manifest_hash}</span>, 'version-manifest'],
    ['Author', v.author || <span className="muted">—</span>, 'version-author'],
    ['Created', formatTime(v.created_time), 'version-created'],
    [
      'Parent',
      v.parent === null ? (
        <span className="muted">none (the first version)</span>
      ) : (
        <>
          <Link to={versionUrl(v.dataset, v.parent)} className="mono" data-testid="version-parent-link">
            v{v.parent}
          </Link>{' '}
          <Link to={`${datasetUrl(v.dataset)}?from=${v.parent}&to=${v.version}`} data-testid="version-changes-link">
            see changes
          </Link>
        </>
      ),
      'version-parent',
    ],
  ];
  return (
    <FactList facts={facts} className="dsv-facts" testId="version-facts" />
  );
}
