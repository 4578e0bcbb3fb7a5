import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { getDatasetLog } from '../../api/data';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatBytes, formatTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useViewState } from '../../lib/view-state';
import { versionUrl } from '../datasets/dataset-links';
import { DatasetDiffView } from './DatasetDiffView';
import { diffPair } from './diff-rows';
import { VersionLog } from './VersionLog';
import '../datasets/datasets.css';
import './dataset-page.css';

/** `from` and `to`: the version numbers compared (both set and different: the diff shows). */
const URL_DEFAULTS = { from: '', to: '' };

/** /datasets/:name — the dataset's versions (its log), and the diff between two picked versions. */
export function DatasetPage() {
  const { name = '' } = useParams();
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const log = useAsync((signal) => getDatasetLog(name, signal), [name]);
  const current = log.data?.dataset.name === name ? log.data : undefined;

  useEffect(() => {
    document.title = `${name} · Datasets · Flywheel`;
  }, [name]);

  if (!current) {
    return (
      <div className="ds-dataset-page" data-testid="dataset-page">
        <Crumbs />
        {log.error ? <ErrorMessage error={log.error} onRetry={log.reload} /> : <Loading what="Loading dataset" />}
      </div>
    );
  }

  const { dataset, versions } = current;
  const latest = versions[0];
  const pair = diffPair(url.from, url.to, versions);
  return (
    <div className="ds-dataset-page" data-testid="dataset-page">
      <Crumbs />
      <header className="ds-header">
        <h1 data-testid="dataset-name">{dataset.name}</h1>
        <span className="muted" data-testid="dataset-summary">
          {versions.length} version{versions.length === 1 ? '' : 's'}
          {latest && ` · latest v${latest.version}: ${latest.file_count} file${latest.file_count === 1 ? '' : 's'}, ${formatBytes(latest.total_bytes)}`} · created{' '}
          {formatTime(dataset.created_time)}
        </span>
        <span className="ds-header-spacer" />
        {latest && (
          <Link to={versionUrl(dataset.name, latest.version)} data-testid="dataset-latest-link">
            Browse latest
          </Link>
        )}
      </header>
      {log.error && <ErrorMessage error={log.error} onRetry={log.reload} />}
      <section>
        <div className="ds-section-heading">
          <h2>Versions</h2>
          <span className="muted ds-hint">{pair ? '' : 'Pick a “from” and a “to” version to see what changed between them.'}</span>
        </div>
        {versions.length === 0 ? (
          <p className="empty">This dataset has no versions.</p>
        ) : (
          <VersionLog
            name={dataset.name}
            versions={versions}
            from={url.from}
            to={url.to}
            onPick={(patch) => setUrl(patch, { push: true })}
          />
        )}
      </section>
      {pair && (
        <DatasetDiffView
          name={dataset.name}
          from={pair.from}
          to={pair.to}
          onSwap={() => setUrl({ from: String(pair.to), to: String(pair.from) }, { push: true })}
          onClose={() => setUrl({ from: '', to: '' }, { push: true })}
        />
      )}
    </div>
  );
}

function Crumbs() {
  return (
    <div className="ds-breadcrumbs muted">
      <Link to="/datasets">Datasets</Link> /
    </div>
  );
}
