import { Link } from 'react-router';
import type { ModelVersion } from '../../api/models-types';
import { formatTime } from '../../lib/format';
import { AliasNameChips } from '../models/AliasChips';
import { keyMetricsText, modelVersionUrl, signatureSummary } from '../models/model-format';

/** The model's versions, newest first: aliases, format, when, the run that made it, its key metrics and signature. */
export function VersionsTable({ name, versions }: { name: string; versions: readonly ModelVersion[] }) {
  return (
    <div className="model-table-wrap">
      <table className="simple model-versions" data-testid="model-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Aliases</th>
            <th>Format</th>
            <th>Created</th>
            <th>Source run</th>
            <th>Metrics</th>
            <th>Signature</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="version-row" data-version={v.version}>
              <td>
                <Link to={modelVersionUrl(name, v.version)} className="mono" data-testid="version-link">
                  v{v.version}
                </Link>
              </td>
              <td data-testid="version-aliases">
                <AliasNameChips aliases={v.aliases} />
              </td>
              <td className="mono" data-testid="version-format">
                {v.format}
              </td>
              <td className="nowrap">{formatTime(v.creation_timestamp)}</td>
              <td>
                {v.run_id ? (
                  <Link to={`/runs/${v.run_id}`} className="mono" data-testid="version-run-link" title={v.source}>
                    {v.run_id.slice(0, 8)}
                  </Link>
                ) : (
                  <span className="muted mono">{v.source}</span>
                )}
              </td>
              <td className="mono model-metrics" data-testid="version-metrics">
                {keyMetricsText(v.metrics)}
              </td>
              <td className="mono model-signature" data-testid="version-signature">
                {signatureSummary(v.signature)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
