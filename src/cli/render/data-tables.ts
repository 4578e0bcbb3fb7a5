import type { DatasetDiff, DatasetInfo, DatasetVersion, DiffEntry, ManifestEntry, QueryResult } from '../../sdk/index.js';
import { formatAge, formatBytes, shortId, truncate } from './format.js';
import { renderTable } from './table.js';

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** `pets@2 (train-v3)`. */
export const versionName = (v: DatasetVersion): string => `${v.dataset}@${v.version}${v.tags.length > 0 ? ` (${v.tags.join(', ')})` : ''}`;

/** `fw data list`. */
export function renderDatasetsTable(datasets: DatasetInfo[], now: number): string {
  if (datasets.length === 0) return 'no datasets\n';
  const rows = datasets.map((d) => [d.name, d.latestVersion === null ? '-' : String(d.latestVersion), String(d.versionCount), formatAge(d.createdTime, now)]);
  return `${renderTable(['name', 'latest', 'versions', 'created'], rows, ['left', 'right', 'right'])}\n`;
}

/** `fw data log`: newest first. */
export function renderVersionsTable(versions: DatasetVersion[], now: number): string {
  if (versions.length === 0) return 'no versions\n';
  const rows = versions.map((v) => [
    String(v.version),
    v.tags.join(',') || '-',
    v.fileCount.toLocaleString('en-US'),
    formatBytes(v.totalBytes),
    v.author || '-',
    formatAge(v.createdTime, now),
    truncate(v.message.split('\n')[0] || '-', 60),
  ]);
  return `${renderTable(['version', 'tags', 'files', 'size', 'author', 'created', 'message'], rows, ['right', 'left', 'right', 'right'])}\n`;
}

const sizeChange = (e: DiffEntry): string => {
  if (e.old && e.new) {
    const sizes = e.old.size === e.new.size ? formatBytes(e.new.size) : `${formatBytes(e.old.size)} -> ${formatBytes(e.new.size)}`;
    return e.old.mode !== e.new.mode ? `${sizes} (mode ${e.old.mode.toString(8)} -> ${e.new.mode.toString(8)})` : sizes;
  }
  return formatBytes((e.new ?? e.old)!.size);
};

/** `fw data diff` and `fw data status`: one line per change, then the counts. */
export function renderDiff(diff: DatasetDiff, options: { heading: string; maxRows?: number }): string {
  const s = diff.summary;
  const head = `${options.heading}: ${s.added} added, ${s.modified} modified, ${s.removed} removed, ${s.unchanged} unchanged\n`;
  const changes: [string, DiffEntry][] = [
    ...diff.added.map((e): [string, DiffEntry] => ['added', e]),
    ...diff.modified.map((e): [string, DiffEntry] => ['modified', e]),
    ...diff.removed.map((e): [string, DiffEntry] => ['removed', e]),
  ];
  if (changes.length === 0) return head;
  const max = options.maxRows ?? Infinity;
  const rows = changes.slice(0, max).map(([kind, e]) => [kind, e.path, sizeChange(e)]);
  const shown = renderTable(['change', 'path', 'size'], rows);
  const total = s.added + s.modified + s.removed;
  const more = total > rows.length ? `(${plural(total - rows.length, 'more change')} not shown)\n` : '';
  return `${head}\n${shown}\n${more}`;
}

/** `fw data files`. */
export function renderFilesTable(files: ManifestEntry[]): string {
  if (files.length === 0) return 'no files\n';
  const rows = files.map((f) => [f.path, formatBytes(f.size), f.mode.toString(8).padStart(3, '0'), f.hash.slice(0, 12)]);
  return `${renderTable(['path', 'size', 'mode', 'hash'], rows, ['left', 'right', 'right'])}\n`;
}

/** `fw data runs`. */
export function renderDataRunsTable(runs: { runId: string; runName: string; experimentId: string; status: string; startTime: number }[], now: number): string {
  if (runs.length === 0) return 'no runs used this version\n';
  const rows = runs.map((r) => [shortId(r.runId), truncate(r.runName || '-', 32), r.experimentId, r.status, formatAge(r.startTime, now)]);
  return `${renderTable(['run', 'name', 'experiment', 'status', 'started'], rows)}\n`;
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return truncate(v.replace(/\s+/g, ' '), 80);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return truncate(JSON.stringify(v), 80);
};

/** `fw data query`: the columns as the header, one line per row. */
export function renderQueryResult(result: QueryResult): string {
  if (result.columns.length === 0) return 'no columns\n';
  const numeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/i;
  const align = result.columns.map((c) => (numeric.test(c.type) ? ('right' as const) : ('left' as const)));
  const table = renderTable(result.columns.map((c) => c.name), result.rows.map((r) => r.map(cell)), align);
  const note = `(${plural(result.rows.length, 'row')}${result.truncated ? '; more rows were cut: raise --max-rows or add a LIMIT' : ''})\n`;
  return `${table}\n${note}`;
}
