import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatTime } from '../../lib/format';
import { AliasChips } from '../models/AliasChips';
import { modelVersionUrl } from '../models/model-format';
import { AliasesPanel } from './AliasesPanel';
import { AliasHistory } from './AliasHistory';
import { GatesList } from './GatesList';
import { useModel } from './use-model';
import { VersionsTable } from './VersionsTable';
import '../models/models.css';

/** Tags the page shows elsewhere: gates are listed per alias. */
const GATES_TAG = /^fw\.gates\./;

/** /models/:name — a registered model: its aliases (moved through their gates), versions, promotion history and gates. */
export function ModelPage() {
  const { name = '' } = useParams();
  const view = useModel(name);
  const current = view.data?.model.name === name ? view.data : undefined;

  useEffect(() => {
    document.title = `${name} · Models · Flywheel`;
  }, [name]);

  if (!current) {
    return (
      <div className="model-page" data-testid="model-page">
        <Crumbs />
        {view.error ? <ErrorMessage error={view.error} onRetry={view.reload} /> : <Loading what="Loading model" />}
      </div>
    );
  }

  const { model, versions, history, gates } = current;
  const tags = model.tags.filter((t) => !GATES_TAG.test(t.key));
  const latest = versions[0];
  return (
    <div className="model-page" data-testid="model-page">
      <Crumbs />
      <header className="model-header">
        <h1 data-testid="model-name">{model.name}</h1>
        <AliasChips name={model.name} aliases={model.aliases} />
        <span className="muted" data-testid="model-summary">
          {versions.length} version{versions.length === 1 ? '' : 's'}
          {latest && (
            <>
              {' · latest '}
              <Link to={modelVersionUrl(model.name, latest.version)}>v{latest.version}</Link>
            </>
          )}
          {' · updated '}
          {formatTime(model.last_updated_timestamp)}
        </span>
      </header>
      {view.error && <ErrorMessage error={view.error} onRetry={view.reload} />}
      <p className={model.description ? 'model-description' : 'muted'} data-testid="model-page-description">
        {model.description || 'No description.'}
      </p>
      {tags.length > 0 && (
        <dl className="model-facts model-tags" data-testid="model-tags">
          {tags.map((t) => (
            <div key={t.key} data-key={t.key}>
              <dt className="mono">{t.key}</dt>
              <dd className="mono">{t.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="model-overview">
        <section>
          <h2>Aliases</h2>
          <AliasesPanel model={model} versions={versions} onChanged={view.reload} />
        </section>
        <section>
          <h2>Gates</h2>
          <GatesList name={model.name} gates={gates} />
        </section>
      </div>
      <section>
        <h2>
          Versions <span className="muted model-count">{versions.length || ''}</span>
        </h2>
        {versions.length === 0 ? <p className="empty">No versions yet.</p> : <VersionsTable name={model.name} versions={versions} />}
      </section>
      <section>
        <h2>Promotion history</h2>
        <AliasHistory name={model.name} events={history} />
      </section>
    </div>
  );
}

function Crumbs() {
  return (
    <div className="models-breadcrumbs muted">
      <Link to="/models">Models</Link> /
    </div>
  );
}
