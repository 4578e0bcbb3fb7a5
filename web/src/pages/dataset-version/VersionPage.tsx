import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { getVersion } from '../../api/data';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { useViewState } from '../../lib/view-state';
import { datasetUrl } from '../datasets/dataset-links';
import { TagChips } from '../datasets/TagChips';
import { FilesTab } from './FilesTab';
import { ProfileTab } from './ProfileTab';
import { QueryTab } from './QueryTab';
import { RunsTab } from './RunsTab';
import { VersionFacts } from './VersionFacts';
import { VERSION_PAGE_URL_DEFAULTS } from './version-url';
import '../datasets/datasets.css';
import './version-page.css';

const TABS = [
  { id: 'files', label: 'Files' },
  { id: 'profile', label: 'Profile' },
  { id: 'runs', label: 'Runs' },
  { id: 'query', label: 'Query' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * /datasets/:name/versions/:ref — one version (`ref`: a number, a tag or `latest`): its
 * facts, then its files, profile, the runs that used it and SQL over its tables.
 */
export function VersionPage() {
  const { name = '', ref = '' } = useParams();
  const [url, setUrl] = useViewState(VERSION_PAGE_URL_DEFAULTS);
  const key = `${name}@${ref}`;
  const loaded = useAsync(async (signal) => ({ key, version: await getVersion(name, ref, signal) }), [key]);
  const version = loaded.data?.key === key ? loaded.data.version : undefined;

  useEffect(() => {
    document.title = `${name}@${version?.version ?? ref} · Datasets · Flywheel`;
  }, [name, ref, version?.version]);

  const crumbs = (
    <div className="ds-breadcrumbs muted">
      <Link to="/datasets">Datasets</Link> /{' '}
      <Link to={datasetUrl(name)} data-testid="version-dataset-crumb">
        {name}
      </Link>{' '}
      /
    </div>
  );
  if (!version) {
    return (
      <div className="dsv-page" data-testid="version-page">
        {crumbs}
        {loaded.error ? <ErrorMessage error={loaded.error} onRetry={loaded.reload} /> : <Loading what="Loading version" />}
      </div>
    );
  }

  const tab: TabId = TABS.some((t) => t.id === url.tab) ? (url.tab as TabId) : 'files';
  // The tabs ask for the version by number, so a tag or `latest` that moves meanwhile cannot mix two versions.
  const number = String(version.version);
  return (
    <div className="dsv-page" data-testid="version-page">
      {crumbs}
      <header className="dsv-header">
        <h1>
          {version.dataset} <span className="mono dsv-version" data-testid="version-number">v{version.version}</span>
        </h1>
        <TagChips tags={version.tags} />
        {ref !== number && (
          <span className="muted dsv-ref" data-testid="version-ref">
            as “{ref}”
          </span>
        )}
      </header>
      <VersionFacts version={version} />
      <nav className="dsv-tabs" role="tablist" aria-label="Version sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            data-testid={`tab-${t.id}`}
            onClick={() => setUrl({ tab: t.id }, { push: true })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div role="tabpanel" className="dsv-tabpanel">
        {tab === 'files' && <FilesTab name={name} refNumber={number} version={version} path={url.path} onPath={(path) => setUrl({ path }, { push: true })} />}
        {tab === 'profile' && <ProfileTab name={name} refNumber={number} />}
        {tab === 'runs' && <RunsTab name={name} refNumber={number} />}
        {tab === 'query' && <QueryTab name={name} refNumber={number} sql={url.sql} onRun={(sql) => setUrl({ sql }, { push: true })} />}
      </div>
    </div>
  );
}
