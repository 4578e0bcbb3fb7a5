import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ModelVersion } from '../../api/models-types';
import { formatBytes, formatTime } from '../../lib/format';
import { FactList } from '../../components/FactList';

/** What the version is, where it came from, who made it and how big it is, as label/value pairs. */
export function VersionFacts({ version: v }: { version: ModelVersion }) {
  const facts: [string, ReactNode, string][] = [
    ['Format', <span className="mono">{v.format}</span>, 'fact-format'],
    ['Status', v.status + (v.status_message ? ` (${v.status_message})` : ''), 'fact-status'],
    ['Source', <span className="mono">{v.source}</span>, 'fact-source'],
    [
      'Run',
      v.run_id ? (
        <Link to={`/runs/${v.run_id}`} className="mono" data-testid="version-run-link">
          {v.run_id}
        </Link>
      ) : (
        <span className="muted">none</span>
      ),
      'fact-run',
    ],
    ['User', v.user_id || <span className="muted">unknown</span>, 'fact-user'],
    ['Created', formatTime(v.creation_timestamp), 'fact-created'],
    ['Size', formatBytes(v.size_bytes), 'fact-size'],
    ['Files', String(v.files), 'fact-files'],
  ];
  if (v.current_stage && v.current_stage !== 'None') facts.push(['Stage', v.current_stage, 'fact-stage']);
  return (
    <FactList facts={facts} className="model-facts" testId="version-facts" />
  );
}
