import type { FileInfo, Run } from '../../sdk/index.js';
import { formatAge, formatBytes, formatDuration, formatNumber, runDuration } from './format.js';

export interface RunDetailsInput {
  run: Run;
  experimentName?: string;
  /** Every artifact (files and folders), paths relative to the run's artifact root. */
  artifacts?: FileInfo[];
  /** True when the artifact walk stopped early. */
  artifactsTruncated?: boolean;
  now: number;
}

// Tags MLflow and its clients set for themselves; shown only with --json.
const SYSTEM_TAG = /^mlflow\./;

/** Key/value lines with the keys padded to one width. */
function pairs(rows: Array<[string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`.trimEnd());
}

/** `fw runs show`: one run's attributes, then params, latest metrics, tags, inputs, artifacts. */
export function renderRunDetails(input: RunDetailsInput): string {
  const { run, now } = input;
  const { info, data } = run;
  const lines: string[] = [];
  const experiment = input.experimentName ? `${input.experimentName} (${info.experimentId})` : info.experimentId;
  lines.push(
    ...pairs([
      ['run', info.runId],
      ['name', info.runName || '-'],
      ['experiment', experiment],
      ['status', info.lifecycleStage === 'deleted' ? `${info.status} (deleted)` : info.status],
      ['user', info.userId || '-'],
      ['started', `${new Date(info.startTime).toISOString()} (${formatAge(info.startTime, now)})`],
      ['ended', info.endTime === null ? '-' : new Date(info.endTime).toISOString()],
      ['duration', formatDuration(runDuration(info, now)) + (info.endTime === null ? ' so far' : '')],
      ['artifact uri', info.artifactUri || '-'],
    ]),
  );

  const section = (title: string, body: string[]) => {
    lines.push('', title, ...(body.length > 0 ? body : ['  (none)']));
  };

  section('params', pairs([...data.params].sort(byKey).map((p) => [p.key, p.value]), '  '));
  section(
    'metrics (latest)',
    pairs(
      [...data.metrics].sort(byKey).map((m) => [m.key, `${formatNumber(m.value)}  (step ${m.step})`]),
      '  ',
    ),
  );
  const userTags = data.tags.filter((t) => !SYSTEM_TAG.test(t.key)).sort(byKey);
  const hidden = data.tags.length - userTags.length;
  section('tags', [
    ...pairs(userTags.map((t) => [t.key, t.value]), '  '),
    ...(hidden > 0 ? [`  (${hidden} mlflow.* tag${hidden === 1 ? '' : 's'} not shown; --json has them)`] : []),
  ]);
  section(
    'inputs',
    run.inputs.datasetInputs.map(({ dataset: d, tags }) => {
      const context = tags.find((t) => t.key === 'mlflow.data.context')?.value;
      return `  ${d.name}  digest ${d.digest}  ${d.sourceType}: ${d.source}${context ? `  [${context}]` : ''}`;
    }),
  );
  if (input.artifacts) {
    section('artifacts', [
      ...pairs(
        input.artifacts.map((f) => [f.isDir ? `${f.path}/` : f.path, f.isDir || f.fileSize === undefined ? '' : formatBytes(f.fileSize)]),
        '  ',
      ),
      ...(input.artifactsTruncated ? ['  (more not shown)'] : []),
    ]);
  }
  return `${lines.join('\n')}\n`;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
