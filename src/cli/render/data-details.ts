import type { CheckoutResult, DatasetProfile, DatasetVersion, TableProfile } from '../../sdk/index.js';
import { versionName } from './data-tables.js';
import { formatAge, formatBytes, formatNumber, truncate } from './format.js';
import { renderTable } from './table.js';

function pairs(rows: Array<[string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`.trimEnd());
}

/** `fw data show`: the version's fields, then what the profile found (tables, images, file types). */
export function renderVersionDetails(v: DatasetVersion, profile: DatasetProfile | undefined, now: number): string {
  const lines = pairs([
    ['version', versionName(v)],
    ['message', v.message || '-'],
    ['author', v.author || '-'],
    ['created', `${new Date(v.createdTime).toISOString()} (${formatAge(v.createdTime, now)})`],
    ['parent', v.parent === null ? '-' : String(v.parent)],
    ['files', `${v.fileCount.toLocaleString('en-US')} (${formatBytes(v.totalBytes)})`],
    ['manifest', v.manifestHash],
    ['digest', v.digest],
  ]);
  if (profile) lines.push('', ...renderProfile(profile));
  return `${lines.join('\n')}\n`;
}

function renderProfile(p: DatasetProfile): string[] {
  const out: string[] = [];
  if (p.fileTypes.length > 0) {
    out.push('file types');
    const rows = p.fileTypes.map((t) => [t.extension || '(none)', t.count.toLocaleString('en-US'), formatBytes(t.bytes)]);
    out.push(indent(renderTable(['extension', 'files', 'size'], rows, ['left', 'right', 'right'])), '');
  }
  if (p.images) {
    const i = p.images;
    const dims = i.widths && i.heights ? `, ${i.widths.min}-${i.widths.max} x ${i.heights.min}-${i.heights.max} px` : '';
    out.push(`images  ${i.count.toLocaleString('en-US')} (${i.formats.map((f) => `${f.format} ${f.count}`).join(', ')})${dims}, ${formatBytes(i.bytes.mean)} on average`, '');
  }
  for (const t of p.tables) out.push(...renderTableProfile(t), '');
  if (out.length === 0) out.push('profile: nothing to show');
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function renderTableProfile(t: TableProfile): string[] {
  if (t.error) return [`table ${t.path} (${t.format}): could not be read: ${t.error}`];
  const head = `table ${t.path} (${t.format}): ${t.rowCount.toLocaleString('en-US')} rows, ${t.columns.length} columns`;
  const rows = t.columns.map((c) => [
    c.name,
    c.type,
    c.missing.toLocaleString('en-US'),
    c.distinct.toLocaleString('en-US'),
    range(c.min, c.max),
    c.mean === undefined || c.mean === null ? '' : formatNumber(c.mean),
    c.topValues ? truncate(c.topValues.slice(0, 3).map((v) => `${v.value} (${v.count})`).join(', '), 50) : '',
  ]);
  return [head, indent(renderTable(['column', 'type', 'missing', 'distinct', 'range', 'mean', 'top values'], rows, ['left', 'left', 'right', 'right']))];
}

const range = (min: unknown, max: unknown): string => {
  const text = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : truncate(String(v), 20));
  if (min === undefined || min === null || max === undefined || max === null) return '';
  return `${text(min)} .. ${text(max)}`;
};

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');

/** `fw data checkout`: where, and how each file got there. */
export function renderCheckoutResult(r: CheckoutResult): string {
  const parts = [
    r.unchanged > 0 ? `${r.unchanged.toLocaleString('en-US')} already there` : '',
    r.reflinked > 0 ? `${r.reflinked.toLocaleString('en-US')} reflinked` : '',
    r.hardlinked > 0 ? `${r.hardlinked.toLocaleString('en-US')} hardlinked` : '',
    r.copied > 0 ? `${r.copied.toLocaleString('en-US')} copied` : '',
    r.downloaded > 0 ? `${r.downloaded.toLocaleString('en-US')} downloaded` : '',
    r.removed > 0 ? `${r.removed.toLocaleString('en-US')} removed` : '',
  ].filter((p) => p !== '');
  return `checked out ${versionName(r.version)} into ${r.target}: ${r.files.toLocaleString('en-US')} files, ${formatBytes(r.bytes)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}\n`;
}
