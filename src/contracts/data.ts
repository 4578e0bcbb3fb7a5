import { z } from 'zod';
import {
  TABLE_FORMATS,
  type ColumnProfile,
  type Dataset,
  type DatasetDiff,
  type DatasetProfile,
  type DatasetRun,
  type DatasetVersion,
  type DiffEntry,
  type ImageProfile,
  type ManifestEntry,
  type TableProfile,
} from '../core/data-types.js';
import type { RunInfo } from '../core/tracking-types.js';
import { Empty } from './common.js';
import { defineRoute, rawResponse } from './route-contract.js';

// The data API (docs/data-api.md): versioned datasets and the object store under them.
// snake_case JSON, and the one mapping to and from the camelCase types of
// src/core/data-types.ts that the server and the SDK both use. The manifest's bytes have
// their own codec (./manifest.ts).

const int = z.number().int();
const HASH = /^[0-9a-f]{64}$/;
/** Most hashes one `objects/missing` or `objects/fetch` request may name. */
export const MAX_HASHES_PER_OBJECTS_REQUEST = 10_000;
/** Most files one `objects/import` request may name. */
export const MAX_OBJECT_IMPORT_PATHS = 1000;
/** Most bytes of objects one `objects/batch` request may carry (they are held in memory until packed). */
export const MAX_OBJECT_BATCH_BYTES = 256 * 1024 * 1024;
export const OBJECT_RECORDS_TYPE = 'application/x-flywheel-objects';

export const DatasetVersionWire = z
  .object({
    dataset: z.string(),
    version: int,
    manifest_hash: z.string(),
    digest: z.string().describe("What a run records as its input's digest: the first 32 hex of the manifest hash"),
    message: z.string(),
    author: z.string(),
    created_time: int,
    parent: int.nullable().describe('The version this one was made from; null for the first'),
    tags: z.array(z.string()),
    file_count: int,
    total_bytes: int,
  })
  .meta({ id: 'DatasetVersion' });
export type DatasetVersionWire = z.infer<typeof DatasetVersionWire>;

export const DatasetWire = z
  .object({ name: z.string(), created_time: int, latest_version: int.nullable().describe('Null while the dataset has no version'), version_count: int })
  .meta({ id: 'Dataset' });
export type DatasetWire = z.infer<typeof DatasetWire>;

export const DatasetFileWire = z.object({ path: z.string(), hash: z.string(), size: int, mode: int.describe('Permission bits (420 = 0644)') }).meta({ id: 'DatasetFile' });
export type DatasetFileWire = z.infer<typeof DatasetFileWire>;

export const DatasetTreeEntryWire = z
  .object({
    name: z.string(),
    type: z.enum(['file', 'dir']),
    size: int.describe('Bytes; for a folder, of everything under it'),
    files: int.describe('Files under a folder (1 for a file)'),
  })
  .meta({ id: 'DatasetTreeEntry' });
export type DatasetTreeEntryWire = z.infer<typeof DatasetTreeEntryWire>;

export const DatasetDiffSideWire = z.object({ hash: z.string(), size: int, mode: int });
export type DatasetDiffSideWire = z.infer<typeof DatasetDiffSideWire>;

export const DatasetDiffEntryWire = z
  .object({ path: z.string(), old: DatasetDiffSideWire.optional().describe('Absent for an added file'), new: DatasetDiffSideWire.optional().describe('Absent for a removed file') })
  .meta({ id: 'DatasetDiffEntry' });
export type DatasetDiffEntryWire = z.infer<typeof DatasetDiffEntryWire>;

export const DatasetDiffWire = z
  .object({
    added: z.array(DatasetDiffEntryWire),
    removed: z.array(DatasetDiffEntryWire),
    modified: z.array(DatasetDiffEntryWire),
    summary: z
      .object({ added: int, removed: int, modified: int, unchanged: int, bytes_added: int, bytes_removed: int })
      .describe('Counts everything; each list is capped at max_results'),
  })
  .meta({ id: 'DatasetDiff' });
export type DatasetDiffWire = z.infer<typeof DatasetDiffWire>;

export const DatasetRunWire = z
  .object({ run_id: z.string(), run_name: z.string(), experiment_id: z.string(), status: z.string(), start_time: int, end_time: int.nullable() })
  .meta({ id: 'DatasetRun' });
export type DatasetRunWire = z.infer<typeof DatasetRunWire>;

const MinMaxMeanWire = z.object({ min: z.number(), max: z.number(), mean: z.number() });
export type MinMaxMeanWire = z.infer<typeof MinMaxMeanWire>;

export const ColumnProfileWire = z.object({
  name: z.string(),
  type: z.string(),
  missing: int,
  distinct: int,
  min: z.union([z.number(), z.string()]).nullable().optional(),
  max: z.union([z.number(), z.string()]).nullable().optional(),
  mean: z.number().nullable().optional(),
  quantiles: z.array(z.object({ p: z.number(), value: z.number() })).optional().describe('p5, p25, p50, p75, p95 of a numeric column'),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: int })).optional().describe("A numeric column's equal-width bins"),
  top_values: z.array(z.object({ value: z.string(), count: int })).optional().describe("Another column's most frequent values"),
});
export type ColumnProfileWire = z.infer<typeof ColumnProfileWire>;

export const TableProfileWire = z.object({
  path: z.string(),
  format: z.enum(TABLE_FORMATS),
  row_count: int,
  columns: z.array(ColumnProfileWire),
  sample: z.array(z.record(z.string(), z.unknown())).describe('The first rows, keyed by column name'),
  error: z.string().optional().describe('Why the file could not be read, when it could not'),
});
export type TableProfileWire = z.infer<typeof TableProfileWire>;

export const ImageProfileWire = z.object({
  count: int,
  formats: z.array(z.object({ format: z.string(), count: int })),
  widths: MinMaxMeanWire.nullable().describe('Pixel sizes from the file headers; null when none could be read'),
  heights: MinMaxMeanWire.nullable(),
  bytes: MinMaxMeanWire,
});
export type ImageProfileWire = z.infer<typeof ImageProfileWire>;

export const DatasetProfileWire = z
  .object({
    computed_time: int,
    tables: z.array(TableProfileWire),
    images: ImageProfileWire.nullable(),
    file_types: z.array(z.object({ extension: z.string(), count: int, bytes: int })),
  })
  .meta({ id: 'DatasetProfile' });
export type DatasetProfileWire = z.infer<typeof DatasetProfileWire>;

export const DatasetQueryResultWire = z
  .object({
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.array(z.unknown())).describe('JSON values: exact integers as numbers, timestamps as ISO text'),
    truncated: z.boolean().describe('More rows matched than came back'),
  })
  .meta({ id: 'DatasetQueryResult' });
export type DatasetQueryResultWire = z.infer<typeof DatasetQueryResultWire>;

// Requests: strict where the route refused unknown fields.

export const CreateDatasetVersionWire = z.strictObject({
  dataset: z.string(),
  manifest_hash: z.string(),
  message: z.string().max(10_000).optional(),
  author: z.string().max(256).optional(),
  tags: z.array(z.string()).max(64).optional(),
});
export type CreateDatasetVersionWire = z.input<typeof CreateDatasetVersionWire>;

const hashesMessage = `must be a list of 1 to ${MAX_HASHES_PER_OBJECTS_REQUEST} sha256 hashes (64 lowercase hex)`;
const HashList = z
  .array(z.string({ error: hashesMessage }), { error: hashesMessage })
  .min(1, { error: hashesMessage })
  .max(MAX_HASHES_PER_OBJECTS_REQUEST, { error: hashesMessage })
  .refine((hashes) => hashes.every((h) => HASH.test(h)), { error: hashesMessage });
const HashesBody = z.object({ hashes: HashList });

const importMessage = `must be a list of 1 to ${MAX_OBJECT_IMPORT_PATHS} absolute file paths`;

const hashParam = z.string().regex(HASH, { error: (issue) => `'${String(issue.input).slice(0, 80)}' is not a sha256 hash (64 lowercase hex)` });
const HashParams = z.object({ hash: hashParam });
const NameParams = z.object({ name: z.string() });
const VersionParams = z.object({ name: z.string(), ref: z.string().describe('A version number, a tag, or latest') });
const VersionAnswer = z.object({ version: DatasetVersionWire });
const StoredObject = z.object({ hash: z.string(), size: int });

export const dataRoutes = {
  createVersion: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/versions',
    tag: 'datasets',
    summary: "Record a version from a manifest already stored; created is false (and the version the latest) when it equals the latest one's",
    body: CreateDatasetVersionWire,
    response: z.object({ version: DatasetVersionWire, created: z.boolean() }),
  }),
  list: defineRoute({ methods: ['GET'], path: '/api/v1/datasets', tag: 'datasets', summary: 'Every dataset', response: z.object({ datasets: z.array(DatasetWire) }) }),
  diff: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/diff',
    tag: 'datasets',
    summary: 'What changed from one version to another (from/to like pets@1)',
    query: z.strictObject({ from: z.string(), to: z.string(), max_results: z.coerce.number().int().min(1).max(100_000).optional() }),
    response: DatasetDiffWire,
  }),
  gc: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/gc',
    tag: 'datasets',
    summary: 'Remove objects no version, manifest, profile, artifact or model refers to (with dry_run, count them)',
    body: z.strictObject({ dry_run: z.boolean().optional() }),
    response: z.object({ objects: int, bytes: int, dry_run: z.boolean() }),
  }),
  pull: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/pull',
    tag: 'datasets',
    summary: 'Import the versions a remote (s3://bucket/prefix) has of a dataset and this server lacks',
    body: z.strictObject({ remote: z.string().min(1), dataset: z.string() }),
    response: z.object({ versions: int.describe('Versions added'), objects: int, bytes: int, skipped: int }),
  }),
  push: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/:name/push',
    tag: 'datasets',
    summary: "Copy a dataset's versions (or those listed) and the objects the remote lacks to a remote",
    params: NameParams,
    body: z.strictObject({ remote: z.string().min(1), versions: z.array(z.number().int().min(1)).max(10_000).optional() }),
    response: z.object({ objects: int, bytes: int, skipped: int, versions: int.describe('Versions pushed') }),
  }),
  log: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/:name',
    tag: 'datasets',
    summary: 'A dataset and its versions, newest first',
    params: NameParams,
    response: z.object({ dataset: DatasetWire, versions: z.array(DatasetVersionWire) }),
  }),
  version: defineRoute({ methods: ['GET'], path: '/api/v1/datasets/:name/versions/:ref', tag: 'datasets', summary: 'One version', params: VersionParams, response: VersionAnswer }),
  files: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/:name/versions/:ref/files',
    tag: 'datasets',
    summary: "One page of a version's files in path order, optionally under a prefix",
    params: VersionParams,
    query: z.strictObject({ prefix: z.string().optional(), max_results: z.coerce.number().int().optional(), page_token: z.string().optional() }),
    response: z.object({ files: z.array(DatasetFileWire), next_page_token: z.string().optional() }),
  }),
  tree: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/:name/versions/:ref/tree',
    tag: 'datasets',
    summary: "One level of a version's file tree, folder sizes summed",
    params: VersionParams,
    query: z.strictObject({ path: z.string().optional() }),
    response: z.object({ entries: z.array(DatasetTreeEntryWire) }),
  }),
  runs: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/:name/versions/:ref/runs',
    tag: 'datasets',
    summary: "Runs whose inputs name this version (by its digest)",
    params: VersionParams,
    response: z.object({ runs: z.array(DatasetRunWire) }),
  }),
  profile: defineRoute({
    methods: ['GET'],
    path: '/api/v1/datasets/:name/versions/:ref/profile',
    tag: 'datasets',
    summary: "Tables, images and file types of a version, computed on the first ask and stored",
    params: VersionParams,
    response: z.object({ profile: DatasetProfileWire }),
  }),
  query: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/:name/versions/:ref/query',
    tag: 'datasets',
    summary: "DuckDB SQL over a version's tabular files, visible by their paths (select * from 'labels.csv')",
    params: VersionParams,
    body: z.strictObject({ sql: z.string().min(1).max(100_000), max_rows: z.number().int().min(1).max(100_000).optional() }),
    response: DatasetQueryResultWire,
  }),
  tag: defineRoute({
    methods: ['POST'],
    path: '/api/v1/datasets/:name/tags',
    tag: 'datasets',
    summary: 'Name a version with a tag (moving the tag if it named another)',
    params: NameParams,
    body: z.strictObject({ tag: z.string(), version: z.number().int().min(1) }),
    response: VersionAnswer,
  }),
  untag: defineRoute({
    methods: ['DELETE'],
    path: '/api/v1/datasets/:name/tags/:tag',
    tag: 'datasets',
    summary: 'Remove a tag',
    params: z.object({ name: z.string(), tag: z.string() }),
    response: Empty,
  }),

  // The object store: content-addressed, shared with run artifacts and models.
  missing: defineRoute({
    methods: ['POST'],
    path: '/api/v1/objects/missing',
    tag: 'datasets',
    summary: 'Which of these objects the store lacks, in the order asked',
    body: HashesBody,
    response: z.object({ missing: z.array(z.string()) }),
  }),
  location: defineRoute({
    methods: ['GET'],
    path: '/api/v1/objects/location',
    tag: 'datasets',
    summary: "The store's folder of loose objects (<root>/ab/cd/<hash>) when it is on the server's disk, so a client on the same host can link instead of download",
    response: z.object({ local_root: z.string().nullable() }),
  }),
  putObject: defineRoute({
    methods: ['PUT'],
    path: '/api/v1/objects/:hash',
    tag: 'datasets',
    summary: "Store an object; 400 if the bytes do not hash to :hash",
    params: HashParams,
    rawBody: rawResponse('application/octet-stream', 'The bytes, streamed, any size'),
    response: StoredObject,
  }),
  batch: defineRoute({
    methods: ['POST'],
    path: '/api/v1/objects/batch',
    tag: 'datasets',
    summary: 'Store many small objects in one request; 400 naming the first whose bytes do not match, and none is stored',
    rawBody: rawResponse(OBJECT_RECORDS_TYPE, `Records "<sha256> <size>\\n<size bytes>" back to back, at most ${MAX_OBJECT_BATCH_BYTES} bytes`),
    response: z.object({ stored: int, bytes: int }),
  }),
  fetch: defineRoute({
    methods: ['POST'],
    path: '/api/v1/objects/fetch',
    tag: 'datasets',
    summary: 'Many objects in one response, in the order asked; 404 if any is absent',
    body: HashesBody,
    response: rawResponse(OBJECT_RECORDS_TYPE, 'Records "<sha256> <size>\\n<size bytes>" back to back'),
  }),
  import: defineRoute({
    methods: ['POST'],
    path: '/api/v1/objects/import',
    tag: 'datasets',
    summary: "Store files from the server's own disk, hashed as they are read (only when FW_LOCAL_IMPORT allows it)",
    body: z.object({
      paths: z
        .array(z.string({ error: importMessage }), { error: importMessage })
        .min(1, { error: importMessage })
        .max(MAX_OBJECT_IMPORT_PATHS, { error: importMessage }),
    }),
    response: z.object({ objects: z.array(z.object({ path: z.string(), hash: z.string(), size: int })) }),
  }),
  getObject: defineRoute({
    methods: ['GET'],
    path: '/api/v1/objects/:hash',
    tag: 'datasets',
    summary: "An object's bytes (immutable: cacheable for ever); readers verify the hash as they read",
    params: HashParams,
    response: rawResponse('application/octet-stream', 'The bytes'),
  }),
} as const;

export function datasetVersionToWire(v: DatasetVersion): DatasetVersionWire {
  return {
    dataset: v.dataset,
    version: v.version,
    manifest_hash: v.manifestHash,
    digest: v.digest,
    message: v.message,
    author: v.author,
    created_time: v.createdTime,
    parent: v.parent,
    tags: v.tags,
    file_count: v.fileCount,
    total_bytes: v.totalBytes,
  };
}

export function datasetVersionFromWire(w: DatasetVersionWire): DatasetVersion {
  return {
    dataset: w.dataset,
    version: w.version,
    manifestHash: w.manifest_hash,
    digest: w.digest,
    message: w.message,
    author: w.author,
    createdTime: w.created_time,
    parent: w.parent,
    tags: w.tags,
    fileCount: w.file_count,
    totalBytes: w.total_bytes,
  };
}

export function datasetToWire(d: Dataset): DatasetWire {
  return { name: d.name, created_time: d.createdTime, latest_version: d.latestVersion, version_count: d.versionCount };
}

export function datasetFromWire(w: DatasetWire): Dataset {
  return { name: w.name, createdTime: w.created_time, latestVersion: w.latest_version, versionCount: w.version_count };
}

/** A file's wire shape is its manifest entry's; the copy keeps other fields of the caller's object off the wire. */
export function datasetFileToWire(e: ManifestEntry): DatasetFileWire {
  return { path: e.path, hash: e.hash, size: e.size, mode: e.mode };
}

export const datasetFileFromWire = (w: DatasetFileWire): ManifestEntry => ({ path: w.path, hash: w.hash, size: w.size, mode: w.mode });

const sideOf = (s: DatasetDiffSideWire): DatasetDiffSideWire => ({ hash: s.hash, size: s.size, mode: s.mode });

function diffEntryToWire(e: DiffEntry): DatasetDiffEntryWire {
  return { path: e.path, ...(e.old ? { old: sideOf(e.old) } : {}), ...(e.new ? { new: sideOf(e.new) } : {}) };
}

function diffEntryFromWire(w: DatasetDiffEntryWire): DiffEntry {
  return { path: w.path, ...(w.old ? { old: sideOf(w.old) } : {}), ...(w.new ? { new: sideOf(w.new) } : {}) };
}

export function datasetDiffToWire(d: DatasetDiff): DatasetDiffWire {
  const s = d.summary;
  return {
    added: d.added.map(diffEntryToWire),
    removed: d.removed.map(diffEntryToWire),
    modified: d.modified.map(diffEntryToWire),
    summary: { added: s.added, removed: s.removed, modified: s.modified, unchanged: s.unchanged, bytes_added: s.bytesAdded, bytes_removed: s.bytesRemoved },
  };
}

export function datasetDiffFromWire(w: DatasetDiffWire): DatasetDiff {
  const s = w.summary;
  return {
    added: w.added.map(diffEntryFromWire),
    removed: w.removed.map(diffEntryFromWire),
    modified: w.modified.map(diffEntryFromWire),
    summary: { added: s.added, removed: s.removed, modified: s.modified, unchanged: s.unchanged, bytesAdded: s.bytes_added, bytesRemoved: s.bytes_removed },
  };
}

export function datasetRunToWire(r: RunInfo): DatasetRunWire {
  return { run_id: r.runId, run_name: r.runName, experiment_id: r.experimentId, status: r.status, start_time: r.startTime, end_time: r.endTime };
}

export function datasetRunFromWire(w: DatasetRunWire): DatasetRun {
  return { runId: w.run_id, runName: w.run_name, experimentId: w.experiment_id, status: w.status, startTime: w.start_time, endTime: w.end_time };
}

function columnToWire(c: ColumnProfile): ColumnProfileWire {
  return {
    name: c.name,
    type: c.type,
    missing: c.missing,
    distinct: c.distinct,
    ...(c.min !== undefined ? { min: c.min } : {}),
    ...(c.max !== undefined ? { max: c.max } : {}),
    ...(c.mean !== undefined ? { mean: c.mean } : {}),
    ...(c.quantiles ? { quantiles: c.quantiles } : {}),
    ...(c.histogram ? { histogram: c.histogram } : {}),
    ...(c.topValues ? { top_values: c.topValues } : {}),
  };
}

function columnFromWire(w: ColumnProfileWire): ColumnProfile {
  return {
    name: w.name,
    type: w.type,
    missing: w.missing,
    distinct: w.distinct,
    ...(w.min !== undefined ? { min: w.min } : {}),
    ...(w.max !== undefined ? { max: w.max } : {}),
    ...(w.mean !== undefined ? { mean: w.mean } : {}),
    ...(w.quantiles ? { quantiles: w.quantiles } : {}),
    ...(w.histogram ? { histogram: w.histogram } : {}),
    ...(w.top_values ? { topValues: w.top_values } : {}),
  };
}

/** Sample rows keep their keys as they are: they are the table's own column names. */
function tableToWire(t: TableProfile): TableProfileWire {
  return { path: t.path, format: t.format, row_count: t.rowCount, ...(t.error ? { error: t.error } : {}), sample: t.sample, columns: t.columns.map(columnToWire) };
}

function tableFromWire(w: TableProfileWire): TableProfile {
  return { path: w.path, format: w.format, rowCount: w.row_count, columns: w.columns.map(columnFromWire), sample: w.sample, ...(w.error !== undefined ? { error: w.error } : {}) };
}

const imagesOf = (i: ImageProfile | ImageProfileWire): ImageProfile => ({ count: i.count, formats: i.formats, widths: i.widths, heights: i.heights, bytes: i.bytes });

export function datasetProfileToWire(p: DatasetProfile): DatasetProfileWire {
  return { computed_time: p.computedTime, file_types: p.fileTypes, images: p.images && imagesOf(p.images), tables: p.tables.map(tableToWire) };
}

export function datasetProfileFromWire(w: DatasetProfileWire): DatasetProfile {
  return { computedTime: w.computed_time, fileTypes: w.file_types, images: w.images && imagesOf(w.images), tables: w.tables.map(tableFromWire) };
}
