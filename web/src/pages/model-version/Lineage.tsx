import { Link } from 'react-router';
import { getDatasetLog } from '../../api/data';
import { ApiError } from '../../api/client';
import { useAsync } from '../../lib/use-async';
import { datasetUrl, versionUrl } from '../datasets/dataset-links';

interface Resolved {
  name: string;
  digest: string;
  /** Where the UI shows it: the Flywheel dataset version with this digest, or the dataset; none for another source. */
  to: string | undefined;
  version: number | undefined;
}

/**
 * A dataset input is a Flywheel dataset when one has its name; the version is the one whose
 * digest the run recorded (what `run.useDataset('pets@2')` logs). Others are shown as named.
 */
async function resolve(datasets: readonly { name: string; digest: string }[], signal: AbortSignal): Promise<Resolved[]> {
  return Promise.all(
    datasets.map(async (d) => {
      try {
        const log = await getDatasetLog(d.name, signal);
        const match = log.versions.find((v) => v.digest === d.digest);
        return { ...d, to: match ? versionUrl(d.name, match.version) : datasetUrl(d.name), version: match?.version };
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return { ...d, to: undefined, version: undefined };
        throw e;
      }
    }),
  );
}

/** The datasets the source run used: name and digest, linked to the dataset's page when it is one of ours. */
export function Lineage({ datasets }: { datasets: readonly { name: string; digest: string }[] }) {
  const key = JSON.stringify(datasets);
  const resolved = useAsync((signal) => resolve(datasets, signal), [key]);
  if (datasets.length === 0) return <p className="empty">The source run recorded no dataset inputs.</p>;
  // Until the datasets are looked up (or if that fails), the names show without links.
  const rows: Resolved[] = resolved.data ?? datasets.map((d) => ({ ...d, to: undefined, version: undefined }));
  return (
    <table className="simple model-lineage" data-testid="version-lineage">
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Digest</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => (
          <tr key={i} data-testid="lineage-row" data-name={d.name} data-digest={d.digest}>
            <td>
              {d.to ? (
                <Link to={d.to} data-testid="lineage-link">
                  {d.name}
                  {d.version !== undefined && <span className="mono"> v{d.version}</span>}
                </Link>
              ) : (
                d.name
              )}
            </td>
            <td className="mono">{d.digest}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
