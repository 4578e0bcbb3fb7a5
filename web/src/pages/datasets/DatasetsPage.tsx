import { useEffect } from 'react';
import { Link } from 'react-router';
import { listDatasets } from '../../api/data';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useViewState } from '../../lib/view-state';
import { datasetUrl, versionUrl } from './dataset-links';
import './datasets.css';
import { TitleWithSearch } from '../../components/TitleWithSearch';

/** /datasets — every dataset with its latest version, how many versions it has, and when it was made. */
export function DatasetsPage() {
  const [url, setUrl] = useViewState({ q: '' });
  const datasets = useAsync((signal) => listDatasets(signal), []);

  useEffect(() => {
    document.title = 'Datasets · Flywheel';
  }, []);

  const needle = url.q.trim().toLowerCase();
  const shown = (datasets.data ?? []).filter((d) => needle === '' || d.name.toLowerCase().includes(needle)).sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className="ds-page" data-testid="datasets-page">
      <TitleWithSearch title="Datasets" what="datasets" testId="datasets-search" value={url.q} onChange={(q) => setUrl({ q })} />
      {datasets.error && <ErrorMessage error={datasets.error} onRetry={datasets.reload} />}
      {datasets.data === undefined ? (
        datasets.loading && <Loading what="Loading datasets" />
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="datasets-empty">
          {needle ? (
            `No dataset name contains “${url.q.trim()}”.`
          ) : (
            <>
              No datasets yet. Add a folder as a dataset’s first version with <code className="mono">fw data add ./pets --name pets</code>.
            </>
          )}
        </p>
      ) : (
        <table className="simple ds-table" data-testid="datasets-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest version</th>
              <th className="num">Versions</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.name} data-testid="dataset-row" data-name={d.name}>
                <td className="entity-name">
                  <Link to={datasetUrl(d.name)} data-testid="dataset-link">
                    {d.name}
                  </Link>
                </td>
                <td data-testid="dataset-latest">
                  {d.latest_version === null ? (
                    <span className="muted">none</span>
                  ) : (
                    <Link to={versionUrl(d.name, d.latest_version)} className="mono">
                      v{d.latest_version}
                    </Link>
                  )}
                </td>
                <td className="num" data-testid="dataset-version-count">
                  {d.version_count}
                </td>
                <td className="nowrap">{formatTime(d.created_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
