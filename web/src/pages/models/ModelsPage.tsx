import { useEffect } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatAgo, formatTime } from '../../lib/format';
import { useViewState } from '../../lib/view-state';
import { AliasChips } from './AliasChips';
import { latestVersion, modelUrl, modelVersionUrl } from './model-format';
import { useModelList } from './use-model-list';
import './models.css';
import { TitleWithSearch } from '../../components/TitleWithSearch';

/** /models — every registered model with its latest version, aliases and how many versions it has; the name filter is in the URL. */
export function ModelsPage() {
  const [url, setUrl] = useViewState({ q: '' });
  const list = useModelList(url.q.trim());

  useEffect(() => {
    document.title = 'Models · Flywheel';
  }, []);

  const now = Date.now();
  return (
    <div className="models-page" data-testid="models-page">
      <TitleWithSearch title="Models" what="models" testId="models-search" value={url.q} onChange={(q) => setUrl({ q })} />
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.rows === undefined ? (
        !list.error && <Loading what="Loading models" />
      ) : list.rows.length === 0 ? (
        <p className="empty" data-testid="models-empty">
          {url.q.trim() ? (
            `No model name contains “${url.q.trim()}”.`
          ) : (
            <>
              No models yet. Register one from a run with <code className="mono">mlflow.register_model</code> or <code className="mono">fw models register</code>.
            </>
          )}
        </p>
      ) : (
        <>
          <table className="simple models-table" data-testid="models-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Latest</th>
                <th>Aliases</th>
                <th className="num">Versions</th>
                <th>Updated</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map(({ model, versionCount }) => {
                const latest = latestVersion(model);
                return (
                  <tr key={model.name} data-testid="model-row" data-name={model.name}>
                    <td className="entity-name">
                      <Link to={modelUrl(model.name)} data-testid="model-link">
                        {model.name}
                      </Link>
                    </td>
                    <td data-testid="model-latest">
                      {latest === undefined ? (
                        <span className="muted">none</span>
                      ) : (
                        <Link to={modelVersionUrl(model.name, latest)} className="mono">
                          v{latest}
                        </Link>
                      )}
                    </td>
                    <td>
                      <AliasChips name={model.name} aliases={model.aliases} />
                    </td>
                    <td className="num" data-testid="model-version-count">
                      {versionCount}
                    </td>
                    <td className="nowrap" title={formatTime(model.last_updated_timestamp)}>
                      {formatAgo(model.last_updated_timestamp, now)}
                    </td>
                    <td className="models-description" data-testid="model-description" title={model.description || undefined}>
                      {model.description}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.hasMore && (
            <button type="button" data-testid="models-more" disabled={list.busy} onClick={() => void list.more()}>
              {list.busy ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </div>
  );
}
