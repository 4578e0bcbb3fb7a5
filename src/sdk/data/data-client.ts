import { userInfo } from 'node:os';
import {
  dataRoutes,
  datasetDiffFromWire,
  datasetFileFromWire,
  datasetFromWire,
  datasetProfileFromWire,
  datasetRunFromWire,
  datasetVersionFromWire,
  type CreateDatasetVersionWire,
} from '../../contracts/data.js';
import { parseManifest } from '../../contracts/manifest.js';
import {
  parseDatasetRef,
  type Dataset,
  type DatasetDiff,
  type DatasetProfile,
  type DatasetRef,
  type DatasetRun,
  type DatasetVersion,
  type ManifestEntry,
} from '../../core/data-types.js';
import { FlywheelError, invalidArgument } from '../../core/errors.js';
import type { Page } from '../../core/tracking-types.js';
import { decodeResponse } from '../decode.js';
import type { RestClient } from '../rest-client.js';
import { checkoutTree, type CheckoutOptions, type CheckoutResult } from './checkout.js';
import { diffEntries } from './diff-entries.js';
import { HashPool } from './hash-pool.js';
import { buildManifest } from './manifest.js';
import { fetchObject } from './object-download.js';
import { missingHashes, ObjectUploader, type UploadTotals } from './object-upload.js';
import { ProgressCounter, type ProgressCallback } from './progress.js';
import { scanTree } from './scan.js';

export interface AddOptions {
  dataset: string;
  message?: string;
  /** gitignore-like patterns, after those of `<root>/.fwignore`. */
  ignore?: string[];
  /** Only these files, folders or globs (relative to the root). */
  files?: string[];
  tags?: string[];
  /** Default: the OS user. */
  author?: string;
  onProgress?: ProgressCallback;
}

export interface AddResult {
  version: DatasetVersion;
  /** False when the tree equals the latest version (no version was made). */
  created: boolean;
  root: string;
  files: number;
  bytes: number;
  /** Files hashed this time; the others' stat matched the state index. */
  hashedFiles: number;
  uploaded: UploadTotals;
  /** Skipped, never followed. */
  symlinks: string[];
  special: string[];
}

export interface StatusResult extends DatasetDiff {
  dataset: string;
  /** The version compared against; null when the dataset has none yet. */
  version: DatasetVersion | null;
  root: string;
  symlinks: string[];
  hashedFiles: number;
}

export interface FilesOptions {
  prefix?: string;
  maxResults?: number;
  pageToken?: string;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
}

export interface DataClientOptions {
  /** Where FW_STATE_DIR, FW_DATASETS_DIR and HOME are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Hash workers (default os.availableParallelism()). */
  threads?: number;
}

/** A dataset version as users write it (`pets@2`, `pets@train-v3`, `pets` = latest), or parsed. */
export type VersionRef = string | DatasetRef;

/**
 * Versioned datasets (`/api/v1/datasets`, docs/data-api.md): add a folder as a new version,
 * see what changed, check a version out. Reached as `fw.data`. Files are hashed on all cores
 * and a local state index remembers the hashes, so unchanged files are not read again;
 * only objects the server lacks are uploaded.
 *
 * @example
 * const fw = new Flywheel();
 * const { version, created } = await fw.data.add('./pets', { dataset: 'pets', message: 'more cats' });
 * const changes = await fw.data.status('./pets', 'pets');
 * await fw.data.checkout('pets@1', './pets-v1', { clean: true });
 */
export class DataClient {
  private readonly env: NodeJS.ProcessEnv;
  private readonly threads: number | undefined;

  constructor(
    private readonly rest: RestClient,
    options: DataClientOptions = {},
  ) {
    this.env = options.env ?? process.env;
    this.threads = options.threads;
  }

  /** Adds the files under `root` (a folder or one file) as the dataset's next version, unless nothing changed. */
  async add(root: string, options: AddOptions): Promise<AddResult> {
    checkDatasetName(options.dataset);
    const pool = this.pool();
    // Uploads start while hashing goes on, but are reported once hashing is done, so that a
    // progress display shows one phase at a time.
    let hashing = true;
    const onUpload: ProgressCallback = (p) => {
      if (!hashing) options.onProgress?.(p);
    };
    const upload = new ProgressCounter('upload', 0, 0, onUpload);
    const uploader = new ObjectUploader(this.rest, upload);
    const latest = this.latestOrNull(options.dataset);
    latest.catch(() => undefined); // awaited below
    try {
      // Files hashed now are offered for upload at once, while hashing goes on.
      const scanned = await scanTree(root, {
        env: this.env,
        pool: () => pool.get(),
        ...(options.files ? { files: options.files } : {}),
        ...(options.ignore ? { ignore: options.ignore } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        onHashed: (f) => uploader.offer(f),
      });
      hashing = false;
      upload.report();
      const manifest = buildManifest(scanned.files);
      // The files the state index knew are most likely stored already; they are asked about
      // only when the tree is not exactly the latest version (whose objects the server keeps).
      if ((await latest)?.manifestHash !== manifest.hash) {
        for (const f of scanned.files) if (scanned.fromIndex(f)) uploader.offer(f);
      }
      const uploaded = await uploader.finish();
      upload.finish();
      if ((await missingHashes(this.rest, [manifest.hash])).length > 0) {
        await this.rest.request('PUT', `/api/v1/objects/${manifest.hash}`, { body: manifest.bytes, timeoutMs: 300_000 });
      }
      const author = options.author ?? currentUser();
      const body: CreateDatasetVersionWire = {
        dataset: options.dataset,
        manifest_hash: manifest.hash,
        ...(options.message !== undefined ? { message: options.message } : {}),
        ...(author ? { author } : {}),
        ...(options.tags ? { tags: options.tags } : {}),
      };
      const res = decodeResponse(dataRoutes.createVersion, await this.rest.request('POST', '/api/v1/datasets/versions', { body }));
      return {
        version: datasetVersionFromWire(res.version),
        created: res.created,
        root: scanned.root,
        files: scanned.files.length,
        bytes: scanned.files.reduce((n, f) => n + f.size, 0),
        hashedFiles: scanned.hashedFiles,
        uploaded,
        symlinks: scanned.symlinks,
        special: scanned.special,
      };
    } finally {
      await pool.close();
    }
  }

  /** What changed under `root` since the dataset's latest version (everything is added when it has none). */
  async status(root: string, dataset: string, options: { ignore?: string[]; files?: string[]; onProgress?: ProgressCallback } = {}): Promise<StatusResult> {
    checkDatasetName(dataset);
    const pool = this.pool();
    try {
      const [scanned, latest] = await Promise.all([
        scanTree(root, {
          env: this.env,
          pool: () => pool.get(),
          ...(options.files ? { files: options.files } : {}),
          ...(options.ignore ? { ignore: options.ignore } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }),
        this.latestOrNull(dataset),
      ]);
      const local = buildManifest(scanned.files);
      // The same manifest hash means the same tree: no need to fetch and compare the manifest.
      const remote = latest === null ? [] : latest.manifestHash === local.hash ? local.entries : await this.manifest(latest);
      return { dataset, version: latest, root: scanned.root, symlinks: scanned.symlinks, hashedFiles: scanned.hashedFiles, ...diffEntries(remote, local.entries) };
    } finally {
      await pool.close();
    }
  }

  /**
   * Makes `target` hold exactly the files of a version (plus, without `clean`, whatever else
   * was there). Files already right are left alone; the others are linked or copied from the
   * server's store when this machine can read it, else downloaded; every byte written is
   * checked against its hash first, and a mismatch is an error naming the file.
   */
  async checkout(ref: VersionRef | DatasetVersion, target: string, options: CheckoutOptions = {}): Promise<CheckoutResult> {
    const version = isVersion(ref) ? ref : await this.show(ref);
    const entries = await this.manifest(version);
    const pool = this.pool();
    try {
      return await checkoutTree({ rest: this.rest, env: this.env, pool: () => pool.get() }, { version, entries, target, options });
    } finally {
      await pool.close();
    }
  }

  /** The files of a version, read from its manifest (all of them, in path order). */
  async manifest(versionOrRef: DatasetVersion | VersionRef): Promise<ManifestEntry[]> {
    const version = isVersion(versionOrRef) ? versionOrRef : await this.show(versionOrRef);
    const what = `the manifest of ${version.dataset}@${version.version}`;
    return parseManifest(await fetchObject(this.rest, version.manifestHash, what));
  }

  /** What changed from `from` to `to` (both version refs such as `pets@1`). */
  async diff(from: VersionRef, to: VersionRef, options: { maxResults?: number } = {}): Promise<DatasetDiff> {
    const res = await this.rest.request('GET', '/api/v1/datasets/diff', {
      query: { from: refText(from), to: refText(to), max_results: options.maxResults },
    });
    return datasetDiffFromWire(decodeResponse(dataRoutes.diff, res));
  }

  /** The dataset's versions, newest first. */
  async log(dataset: string): Promise<DatasetVersion[]> {
    const res = decodeResponse(dataRoutes.log, await this.rest.request('GET', `/api/v1/datasets/${encodeURIComponent(dataset)}`));
    return res.versions.map(datasetVersionFromWire);
  }

  async list(): Promise<Dataset[]> {
    const res = decodeResponse(dataRoutes.list, await this.rest.request('GET', '/api/v1/datasets'));
    return res.datasets.map(datasetFromWire);
  }

  /** One version: a number, a tag, or latest. */
  async show(ref: VersionRef): Promise<DatasetVersion> {
    const res = decodeResponse(dataRoutes.version, await this.rest.request('GET', versionPath(toRef(ref))));
    return datasetVersionFromWire(res.version);
  }

  /** Names `version` with `tag` (moving the tag if it named another version). */
  async tag(dataset: string, tag: string, version: number): Promise<DatasetVersion> {
    const res = decodeResponse(dataRoutes.tag, await this.rest.request('POST', `/api/v1/datasets/${encodeURIComponent(dataset)}/tags`, { body: { tag, version } }));
    return datasetVersionFromWire(res.version);
  }

  async deleteTag(dataset: string, tag: string): Promise<void> {
    decodeResponse(dataRoutes.untag, await this.rest.request('DELETE', `/api/v1/datasets/${encodeURIComponent(dataset)}/tags/${encodeURIComponent(tag)}`));
  }

  /** One page of a version's files in path order, optionally under `prefix`. */
  async files(ref: VersionRef, options: FilesOptions = {}): Promise<Page<ManifestEntry>> {
    const res = await this.rest.request('GET', `${versionPath(toRef(ref))}/files`, {
      query: { prefix: options.prefix, max_results: options.maxResults, page_token: options.pageToken },
    });
    const page = decodeResponse(dataRoutes.files, res);
    const token = page.next_page_token;
    return { items: page.files.map(datasetFileFromWire), ...(token ? { nextPageToken: token } : {}) };
  }

  /** Runs whose inputs record this version. */
  async runs(ref: VersionRef): Promise<DatasetRun[]> {
    const res = decodeResponse(dataRoutes.runs, await this.rest.request('GET', `${versionPath(toRef(ref))}/runs`));
    return res.runs.map(datasetRunFromWire);
  }

  /** Tables, images and file types of a version (computed by the server on first ask). */
  async profile(ref: VersionRef): Promise<DatasetProfile> {
    const res = decodeResponse(dataRoutes.profile, await this.rest.request('GET', `${versionPath(toRef(ref))}/profile`, { timeoutMs: 600_000 }));
    return datasetProfileFromWire(res.profile);
  }

  /** DuckDB SQL over a version's files, which are visible by their paths: `select * from 'labels.csv'`. */
  async query(ref: VersionRef, sql: string, options: { maxRows?: number } = {}): Promise<QueryResult> {
    const res = await this.rest.request('POST', `${versionPath(toRef(ref))}/query`, {
      body: { sql, ...(options.maxRows !== undefined ? { max_rows: options.maxRows } : {}) },
      timeoutMs: 600_000,
    });
    const { columns, rows, truncated } = decodeResponse(dataRoutes.query, res);
    return { columns, rows, truncated };
  }

  /** Removes objects nothing references (with `dryRun`, only counts them). */
  async gc(options: { dryRun?: boolean } = {}): Promise<{ objects: number; bytes: number; dryRun: boolean }> {
    const res = decodeResponse(dataRoutes.gc, await this.rest.request('POST', '/api/v1/datasets/gc', { body: { dry_run: options.dryRun ?? false }, timeoutMs: 600_000 }));
    return { objects: res.objects, bytes: res.bytes, dryRun: res.dry_run };
  }

  /** Copies the dataset's versions (or only `versions`) and their objects to a remote such as `s3://bucket/prefix`. */
  async push(dataset: string, remote: string, options: { versions?: number[] } = {}): Promise<{ objects: number; bytes: number; skipped: number }> {
    const res = await this.rest.request('POST', `/api/v1/datasets/${encodeURIComponent(dataset)}/push`, {
      body: { remote, ...(options.versions ? { versions: options.versions } : {}) },
      timeoutMs: 0,
    });
    const { objects, bytes, skipped } = decodeResponse(dataRoutes.push, res);
    return { objects, bytes, skipped };
  }

  /** Imports what the remote has of the dataset and this server lacks. */
  async pull(dataset: string, remote: string): Promise<{ versions: number; objects: number; bytes: number }> {
    const res = decodeResponse(dataRoutes.pull, await this.rest.request('POST', '/api/v1/datasets/pull', { body: { remote, dataset }, timeoutMs: 0 }));
    return { versions: res.versions, objects: res.objects, bytes: res.bytes };
  }

  private async latestOrNull(dataset: string): Promise<DatasetVersion | null> {
    try {
      return await this.show({ dataset, ref: 'latest' });
    } catch (e) {
      if (e instanceof FlywheelError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }

  /** A pool made on first use and closed by the caller, so a call that hashes nothing starts no worker. */
  private pool(): { get(): HashPool; close(): Promise<void> } {
    let pool: HashPool | undefined;
    return {
      get: () => (pool ??= new HashPool(this.threads !== undefined ? { threads: this.threads } : {})),
      close: async () => pool?.close(),
    };
  }
}

/** `pets@2` or `{dataset, ref}` -> `{dataset, ref}`; a bad string is INVALID_ARGUMENT. */
export function toRef(ref: VersionRef): DatasetRef {
  if (typeof ref !== 'string') return ref;
  const parsed = parseDatasetRef(ref);
  if (!parsed) throw invalidArgument(`'${ref}' is not a dataset version: expected NAME, NAME@VERSION, NAME@TAG or NAME@latest`);
  return parsed;
}

const isVersion = (v: VersionRef | DatasetVersion): v is DatasetVersion => typeof v === 'object' && 'manifestHash' in v;

const refText = (ref: VersionRef): string => {
  const r = toRef(ref);
  return `${r.dataset}@${r.ref}`;
};

const versionPath = (r: DatasetRef): string => `/api/v1/datasets/${encodeURIComponent(r.dataset)}/versions/${encodeURIComponent(r.ref)}`;

function checkDatasetName(name: string): void {
  if (typeof name !== 'string' || parseDatasetRef(name)?.dataset !== name || name.includes('@')) {
    throw invalidArgument(`'${name}' is not a dataset name: letters, digits, '.', '_' and '-', starting with a letter or digit`);
  }
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
