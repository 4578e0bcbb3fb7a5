import type { AliasEvent, ModelVersion, RegisteredModel } from '../../sdk/index.js';
import { formatAge, formatBytes, formatNumber, truncate } from './format.js';
import { renderTable } from './table.js';

/** Key/value lines with the keys padded to one width (as `fw runs show`). */
function pairs(rows: Array<[string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`.trimEnd());
}

const when = (t: number, now: number): string => `${new Date(t).toISOString()} (${formatAge(t, now)})`;
const orDash = (v: string): string => (v === '' ? '-' : v);

/** `v3 (production, canary)`: a version with the aliases that point at it. */
export function versionLabel(v: Pick<ModelVersion, 'version' | 'aliases'>): string {
  return v.aliases.length > 0 ? `v${v.version} (${v.aliases.join(', ')})` : `v${v.version}`;
}

/** `[-1,4] FP32 x`: one tensor of a signature. */
function tensorText(t: { name: string; datatype: string; shape: number[] }): string {
  return `${t.name} ${t.datatype} [${t.shape.join(',')}]`;
}

/** `fw models list`: one row per registered model. */
export function renderModelsTable(models: RegisteredModel[], now: number): string {
  if (models.length === 0) return 'no registered models\n';
  const rows = models.map((m) => {
    const newest = m.latestVersions.reduce((max, v) => Math.max(max, v.version), 0);
    return [
      m.name,
      newest === 0 ? '-' : `v${newest}`,
      m.aliases.length === 0 ? '-' : m.aliases.map((a) => `${a.alias}→v${a.version}`).join(' '),
      formatAge(m.lastUpdatedTime, now),
      truncate(m.description || '-', 40),
    ];
  });
  return `${renderTable(['name', 'latest', 'aliases', 'updated', 'description'], rows)}\n`;
}

/** `fw models versions`: one row per version, newest first. */
export function renderVersionsTable(versions: ModelVersion[], now: number): string {
  if (versions.length === 0) return 'no versions\n';
  const rows = versions.map((v) => [
    `v${v.version}`,
    v.aliases.join(' ') || '-',
    v.format,
    formatBytes(v.sizeBytes),
    metricsText(v.metrics, 3),
    v.runId.slice(0, 8),
    formatAge(v.creationTime, now),
  ]);
  return `${renderTable(['version', 'aliases', 'format', 'size', 'metrics', 'run', 'created'], rows, ['left', 'left', 'left', 'right'])}\n`;
}

/** `fw models show <name>`: the model, its tags and aliases, then its versions. */
export function renderModelDetails(model: RegisteredModel, versions: ModelVersion[], now: number): string {
  const lines = pairs([
    ['model', model.name],
    ['description', orDash(model.description)],
    ['created', when(model.creationTime, now)],
    ['updated', when(model.lastUpdatedTime, now)],
    ['aliases', model.aliases.length === 0 ? '-' : model.aliases.map((a) => `${a.alias} → v${a.version}`).join(', ')],
    ['tags', model.tags.length === 0 ? '-' : model.tags.map((t) => `${t.key}=${t.value}`).join(', ')],
  ]);
  return `${lines.join('\n')}\n\n${renderVersionsTable(versions, now)}`;
}

/** `fw models show <name>@alias` or `<name>/3`: one version in full. */
export function renderVersionDetails(v: ModelVersion, now: number): string {
  const lines = pairs([
    ['model', v.name],
    ['version', versionLabel(v)],
    ['format', v.format],
    ['files', `${v.files} (${formatBytes(v.sizeBytes)})`],
    ['source', v.source],
    ['run', v.runId],
    ['created', `${when(v.creationTime, now)}${v.userId ? ` by ${v.userId}` : ''}`],
    ['stage', v.currentStage],
    ['description', orDash(v.description)],
    ['tags', v.tags.length === 0 ? '-' : v.tags.map((t) => `${t.key}=${t.value}`).join(', ')],
    ['datasets', v.datasets.length === 0 ? '-' : v.datasets.map((d) => `${d.name}@${d.digest.slice(0, 8)}`).join(', ')],
  ]);
  const signature = [
    'inputs',
    ...v.signature.inputs.map((t) => `  ${tensorText(t)}`),
    'outputs',
    ...v.signature.outputs.map((t) => `  ${tensorText(t)}`),
  ];
  const metrics = Object.keys(v.metrics).length === 0 ? ['metrics  -'] : ['metrics', ...pairs(Object.entries(v.metrics).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, formatNumber(x)]), '  ')];
  return `${[...lines, '', ...signature, '', ...metrics].join('\n')}\n`;
}

/** `fw models history`: alias changes, newest first. */
export function renderAliasHistory(events: AliasEvent[], now: number): string {
  if (events.length === 0) return 'no alias changes\n';
  const rows = events.map((e) => [
    new Date(e.time).toISOString(),
    formatAge(e.time, now),
    e.alias,
    e.action === 'set' ? `${e.fromVersion === null ? '-' : `v${e.fromVersion}`} → v${e.toVersion}` : `removed (was v${e.fromVersion})`,
    e.userId || '-',
  ]);
  return `${renderTable(['time', 'age', 'alias', 'change', 'user'], rows)}\n`;
}

function metricsText(metrics: Record<string, number>, max: number): string {
  const entries = Object.entries(metrics).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return '-';
  const shown = entries.slice(0, max).map(([k, v]) => `${k}=${formatNumber(v)}`);
  return entries.length > max ? `${shown.join(' ')} …` : shown.join(' ');
}
