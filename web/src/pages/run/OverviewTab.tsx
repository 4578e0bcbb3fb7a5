import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { num, type DatasetInput, type Run } from '../../api/types';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import { TagsTable } from './TagsTable';
import { useNow } from '../../lib/use-now';
import { flywheelInputRef, versionUrl } from '../datasets/dataset-links';

const tagOf = (run: Run, key: string) => run.data.tags?.find((t) => t.key === key)?.value;

/** The run's facts, dataset inputs, latest metrics, params and (editable) tags. */
export function OverviewTab({ run, experimentName, onChanged }: { run: Run; experimentName: string | undefined; onChanged: () => void }) {
  const info = run.info;
  const running = info.status === 'RUNNING';
  const now = useNow(running);
  const end = info.end_time ?? (running ? now : undefined);
  const user = tagOf(run, 'mlflow.user') ?? info.user_id;
  const source = tagOf(run, 'mlflow.source.name');
  const sourceType = tagOf(run, 'mlflow.source.type');
  const commit = tagOf(run, 'mlflow.source.git.commit');
  const branch = tagOf(run, 'mlflow.source.git.branch');
  const parent = tagOf(run, 'mlflow.parentRunId');

  const facts: [string, ReactNode, string][] = [
    ['Run ID', <span className="mono">{info.run_id}</span>, 'run-id'],
    [
      'Experiment',
      <Link to={`/experiments/${info.experiment_id}`} data-testid="run-experiment-link">
        {experimentName ?? info.experiment_id}
      </Link>,
      'run-experiment',
    ],
    ['Status', <span className={'status ' + info.status}>{info.status}</span>, 'run-status-fact'],
    ['Started', info.start_time ? formatTime(info.start_time) : '—', 'run-start'],
    ['Ended', info.end_time ? formatTime(info.end_time) : running ? <span className="muted">running</span> : '—', 'run-end'],
    ['Duration', info.start_time && end !== undefined ? formatDuration(end - info.start_time) : '—', 'run-duration'],
    ['User', user || '—', 'run-user'],
  ];
  if (info.job_id) {
    facts.push([
      'Launched by job',
      <Link to={`/jobs/${info.job_id}`} className="mono">
        {info.job_id}
      </Link>,
      'run-job-id',
    ]);
  }
  if (source) facts.push(['Source', <span className="mono">{sourceType ? `${source} (${sourceType.toLowerCase()})` : source}</span>, 'run-source']);
  if (commit) {
    facts.push([
      'Git commit',
      <span className="mono" title={commit}>
        {commit.slice(0, 12)}
        {branch ? ` (${branch})` : ''}
      </span>,
      'run-git-commit',
    ]);
  }
  if (parent) facts.push(['Parent run', <Link to={`/runs/${parent}`}>{parent}</Link>, 'run-parent']);
  facts.push(['Artifact URI', <span className="mono">{info.artifact_uri}</span>, 'run-artifact-uri']);

  const datasets = run.inputs?.dataset_inputs ?? [];
  return (
    <div className="run-overview">
      <section>
        <dl className="run-facts">
          {facts.map(([label, value, id]) => (
            <div key={label} data-testid={id}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {datasets.length > 0 && (
          <>
            <h2>Dataset inputs</h2>
            <table className="simple" data-testid="dataset-inputs">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Digest</th>
                  <th>Source</th>
                  <th>Context</th>
                </tr>
              </thead>
              <tbody>
                {datasets.map((d, i) => (
                  <tr key={i} data-testid="dataset-input" data-name={d.dataset.name}>
                    <td>
                      <DatasetInputName input={d} />
                    </td>
                    <td className="mono">{d.dataset.digest}</td>
                    <td className="wrap">
                      <span className="mono">{d.dataset.source}</span>
                      {d.dataset.source_type && <span className="muted"> ({d.dataset.source_type})</span>}
                    </td>
                    <td>{d.tags?.find((t) => t.key === 'mlflow.data.context')?.value ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <LatestMetrics run={run} />
      </section>
      <section>
        <ParamsTable run={run} />
        <TagsTable runId={info.run_id} tags={run.data.tags ?? []} onChanged={onChanged} readOnly={info.lifecycle_stage === 'deleted'} />
      </section>
    </div>
  );
}

/** A dataset input's name; one of our dataset versions (source type `flywheel`) links to its page. */
function DatasetInputName({ input }: { input: DatasetInput }) {
  const ref = flywheelInputRef(input.dataset);
  if (!ref) return <>{input.dataset.name}</>;
  return (
    <Link to={versionUrl(ref.dataset, ref.ref)} data-testid="dataset-input-link" title={`${ref.dataset}@${ref.ref}`}>
      {input.dataset.name}
      {ref.dataset === input.dataset.name ? <span className="muted">@{ref.ref}</span> : ` (${ref.dataset}@${ref.ref})`}
    </Link>
  );
}

function LatestMetrics({ run }: { run: Run }) {
  const metrics = [...(run.data.metrics ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <>
      <h2>Metrics</h2>
      {metrics.length === 0 ? (
        <p className="empty">No metrics logged.</p>
      ) : (
        <table className="simple" data-testid="latest-metrics">
          <thead>
            <tr>
              <th>Key</th>
              <th>Latest value</th>
              <th>Step</th>
              <th>Logged</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.key} data-key={m.key}>
                <td>
                  <Link to={`?tab=charts&keys=${encodeURIComponent(m.key)}`} title="Chart this metric">
                    {m.key}
                  </Link>
                </td>
                <td className="mono">{formatNumber(num(m.value))}</td>
                <td className="mono">{m.step}</td>
                <td>{formatTime(m.timestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ParamsTable({ run }: { run: Run }) {
  const params = [...(run.data.params ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = f ? params.filter((p) => p.key.toLowerCase().includes(f) || p.value.toLowerCase().includes(f)) : params;
  return (
    <>
      <div className="section-heading">
        <h2>Parameters</h2>
        {params.length > 10 && (
          <input type="search" placeholder="Filter parameters" aria-label="Filter parameters" value={filter} onChange={(e) => setFilter(e.target.value)} />
        )}
      </div>
      {params.length === 0 ? (
        <p className="empty">No parameters logged.</p>
      ) : (
        <table className="simple" data-testid="params-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.key} data-key={p.key}>
                <td>{p.key}</td>
                <td className="mono wrap">{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
