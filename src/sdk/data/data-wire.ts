import type {
  ColumnProfile,
  Dataset,
  DatasetDiff,
  DatasetProfile,
  DatasetVersion,
  DiffEntry,
  ImageProfile,
  ManifestEntry,
  TableProfile,
} from '../../core/data-types.js';
import { list, num, numOrNull, obj, str, type Json } from '../wire-readers.js';

/**
 * The data API's JSON (snake_case, docs/data-api.md) read into the camelCase types of
 * src/core/data-types.ts. Lenient like the other readers: a field a server leaves out gets
 * its neutral value, and a camelCase field is accepted too.
 */

/** `o.snake_key`, else `o.camelKey`. */
const pick = (o: Json, snake: string): unknown => {
  if (o[snake] !== undefined) return o[snake];
  return o[snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
};

export function versionFromWire(v: unknown): DatasetVersion {
  const o = obj(v);
  const parent = pick(o, 'parent');
  return {
    dataset: str(o.dataset),
    version: num(o.version),
    manifestHash: str(pick(o, 'manifest_hash')),
    digest: str(o.digest),
    message: str(o.message),
    author: str(o.author),
    createdTime: num(pick(o, 'created_time')),
    parent: parent === null || parent === undefined ? null : num(parent),
    tags: list(o.tags).map(str),
    fileCount: num(pick(o, 'file_count')),
    totalBytes: num(pick(o, 'total_bytes')),
  };
}

export function datasetFromWire(v: unknown): Dataset {
  const o = obj(v);
  const latest = pick(o, 'latest_version');
  return {
    name: str(o.name),
    createdTime: num(pick(o, 'created_time')),
    latestVersion: latest === null || latest === undefined ? null : num(latest),
    versionCount: num(pick(o, 'version_count')),
  };
}

export function fileFromWire(v: unknown): ManifestEntry {
  const o = obj(v);
  return { path: str(o.path), hash: str(o.hash), size: num(o.size), mode: num(o.mode, 0o644) };
}

const side = (v: unknown): DiffEntry['old'] => {
  if (v === undefined || v === null) return undefined;
  const o = obj(v);
  return { hash: str(o.hash), size: num(o.size), mode: num(o.mode, 0o644) };
};

function diffEntryFromWire(v: unknown): DiffEntry {
  const o = obj(v);
  const old = side(o.old);
  const now = side(o.new);
  return { path: str(o.path), ...(old ? { old } : {}), ...(now ? { new: now } : {}) };
}

export function diffFromWire(v: unknown): DatasetDiff {
  const o = obj(v);
  const s = obj(o.summary);
  return {
    added: list(o.added).map(diffEntryFromWire),
    removed: list(o.removed).map(diffEntryFromWire),
    modified: list(o.modified).map(diffEntryFromWire),
    summary: {
      added: num(s.added),
      removed: num(s.removed),
      modified: num(s.modified),
      unchanged: num(s.unchanged),
      bytesAdded: num(pick(s, 'bytes_added')),
      bytesRemoved: num(pick(s, 'bytes_removed')),
    },
  };
}

const range = (v: unknown): { min: number; max: number; mean: number } | null =>
  v === null || v === undefined ? null : { min: num(obj(v).min), max: num(obj(v).max), mean: num(obj(v).mean) };

function columnFromWire(v: unknown): ColumnProfile {
  const o = obj(v);
  const c: ColumnProfile = { name: str(o.name), type: str(o.type), missing: num(o.missing), distinct: num(o.distinct) };
  if (o.min !== undefined) c.min = o.min as ColumnProfile['min'];
  if (o.max !== undefined) c.max = o.max as ColumnProfile['max'];
  if (o.mean !== undefined) c.mean = numOrNull(o.mean);
  if (o.quantiles !== undefined) c.quantiles = list(o.quantiles).map((q) => ({ p: num(obj(q).p), value: num(obj(q).value) }));
  if (o.histogram !== undefined) {
    c.histogram = list(o.histogram).map((b) => ({ from: num(obj(b).from), to: num(obj(b).to), count: num(obj(b).count) }));
  }
  const top = pick(o, 'top_values');
  if (top !== undefined) c.topValues = list(top).map((t) => ({ value: str(obj(t).value), count: num(obj(t).count) }));
  return c;
}

function tableFromWire(v: unknown): TableProfile {
  const o = obj(v);
  const t: TableProfile = {
    path: str(o.path),
    format: str(o.format) as TableProfile['format'],
    rowCount: num(pick(o, 'row_count')),
    columns: list(o.columns).map(columnFromWire),
    // Rows keep their keys as they are: they are the table's own column names.
    sample: list(o.sample).map((r) => obj(r)),
  };
  if (typeof o.error === 'string') t.error = o.error;
  return t;
}

function imagesFromWire(v: unknown): ImageProfile | null {
  if (v === null || v === undefined) return null;
  const o = obj(v);
  return {
    count: num(o.count),
    formats: list(o.formats).map((f) => ({ format: str(obj(f).format), count: num(obj(f).count) })),
    widths: range(o.widths),
    heights: range(o.heights),
    bytes: range(o.bytes) ?? { min: 0, max: 0, mean: 0 },
  };
}

export function profileFromWire(v: unknown): DatasetProfile {
  const o = obj(v);
  return {
    computedTime: num(pick(o, 'computed_time')),
    tables: list(o.tables).map(tableFromWire),
    images: imagesFromWire(o.images),
    fileTypes: list(pick(o, 'file_types')).map((f) => ({ extension: str(obj(f).extension), count: num(obj(f).count), bytes: num(obj(f).bytes) })),
  };
}
