import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { getModelVersion, listModelFiles } from '../../api/models';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { AliasNameChips } from '../models/AliasChips';
import { modelUrl } from '../models/model-format';
import { FilesList } from './FilesList';
import { Lineage } from './Lineage';
import { MetricsTable } from './MetricsTable';
import { ServeSnippets } from './ServeSnippets';
import { SignatureTable } from './SignatureTable';
import { VersionFacts } from './VersionFacts';
import '../models/models.css';

/** /models/:name/versions/:version — one model version: facts, signature, metrics, lineage, files and how to serve it. */
export function ModelVersionPage() {
  const { name = '', version = '' } = useParams();
  const mv = useAsync((signal) => getModelVersion(name, version, signal), [name, version]);
  const files = useAsync((signal) => listModelFiles(name, version, signal), [name, version]);
  const current = mv.data?.name === name && mv.data.version === version ? mv.data : undefined;

  useEffect(() => {
    document.title = `${name} v${version} · Models · Flywheel`;
  }, [name, version]);

  const crumbs = (
    <div className="models-breadcrumbs muted">
      <Link to="/models">Models</Link> / <Link to={modelUrl(name)}>{name}</Link> /
    </div>
  );
  if (!current) {
    return (
      <div className="model-version-page" data-testid="model-version-page">
        {crumbs}
        {mv.error ? <ErrorMessage error={mv.error} onRetry={mv.reload} /> : <Loading what="Loading model version" />}
      </div>
    );
  }

  return (
    <div className="model-version-page" data-testid="model-version-page">
      {crumbs}
      <header className="model-header">
        <h1 data-testid="model-version-title">
          {current.name} <span className="mono">v{current.version}</span>
        </h1>
        <AliasNameChips aliases={current.aliases} />
      </header>
      {current.description && <p className="model-description">{current.description}</p>}
      <div className="model-overview">
        <section>
          <h2>Details</h2>
          <VersionFacts version={current} />
        </section>
        <section>
          <h2>Signature</h2>
          <SignatureTable signature={current.signature} />
          <h2>Metrics of the source run</h2>
          <MetricsTable metrics={current.metrics} runId={current.run_id} />
        </section>
      </div>
      <section>
        <h2>Lineage</h2>
        <Lineage datasets={current.datasets} />
      </section>
      <section>
        <h2>
          Files <span className="muted model-count">{current.files || ''}</span>
        </h2>
        {files.error && <ErrorMessage error={files.error} onRetry={files.reload} />}
        {files.data ? <FilesList name={current.name} version={current.version} files={files.data} /> : !files.error && <Loading what="Loading files" />}
      </section>
      <section>
        <h2>How to serve</h2>
        <ServeSnippets version={current} />
      </section>
    </div>
  );
}
