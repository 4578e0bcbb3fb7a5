import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { parseManifest } from '../contracts/index.js';
import {
  DATASET_NAME,
  DATASET_TAG,
  type Dataset,
  type DatasetDiff,
  type DatasetProfile,
  type DatasetVersion,
  type ManifestEntry,
} from '../core/data-types.js';
import { FlywheelError, invalidArgument, notFound, type Logger } from '../core/index.js';
import type { RunInfo } from '../core/tracking-types.js';
import { s3StoreFromUrl, type BlobReferrer, type BlobStore, type S3BlobStore } from '../storage/index.js';
import type { DataTables as Database } from './storage/index.js';
import type { TrackingApi } from '../tracking/index.js';
import { DatasetStore } from './internal/dataset-store.js';
import { diffManifests } from './internal/diff.js';
import { collectGarbage, type GcResult } from './internal/gc.js';
import { ManifestCache } from './internal/manifest-cache.js';
import { materialize, readVerified } from './internal/object-reader.js';
import { treeLevel, type TreeEntry } from './internal/tree.js';
import { forEachLimited } from './remotes/for-each-limited.js';
import { pullDataset, pushDataset } from './remotes/index.js';

export interface DataServiceOptions {
  db: Kysely<Database>;
  /** The server's store: the file store (with packs), or any other BlobStore (S3). */
  blobs: BlobStore;
  tracking: TrackingApi;
  logger: Logger;
  /** Scratch space for profiles and queries. */
  dataDir: string;
  /**
   * Whether clients on this host may ask the server to read files from its disk
   * (`POST /objects/import`): one read that hashes and stores, instead of hashing on the
   * client and sending the bytes over HTTP. Only for a server that local users trust with
   * their files: it reads them with its own permissions.
   */
  localImport?: boolean;
  /** Other modules' blobs that gc must keep (the model registry's versions). */
  referrers?: BlobReferrer[];
}

/** How many missing objects a refused version names. */
const NAMED_MISSING = 5;

/**
 * Versioned datasets: a version is a manifest object (path, hash, size, mode of every file)
 * plus a row; the files are objects in the shared blob store. Methods validate and throw
 * FlywheelError.
 */
export class DataService {
  private readonly store: DatasetStore;
  private readonly manifests: ManifestCache;

  constructor(private readonly options: DataServiceOptions) {
    this.store = new DatasetStore(options.db);
    this.manifests = new ManifestCache(async (hash) => {
      const bytes = await readVerified(options.blobs, hash, 'manifest');
      if (!bytes) throw new FlywheelError('FAILED_PRECONDITION', `manifest ${hash} is missing from the store`);
      return parseManifest(bytes);
    });
  }

  get blobs(): BlobStore {
    return this.options.blobs;
  }

  /** The folder of loose objects when the store is on this host's disk (clients here may link from it). */
  get localRoot(): string | null {
    return this.options.blobs.localRoot?.() ?? null;
  }

  get localImport(): boolean {
    return this.options.localImport ?? false;
  }

  /** Stores files from this host's disk, each hashed as it is read (4 at a time). */
  async importFiles(paths: string[]): Promise<{ path: string; hash: string; size: number }[]> {
    const imported = new Array<{ path: string; hash: string; size: number }>(paths.length);
    await forEachLimited(paths.keys(), 4, async (index) => {
      const path = paths[index]!;
      let info;
      try {
        info = await stat(path);
      } catch {
        throw invalidArgument(`cannot read '${path}' on the server's host`);
      }
      if (!info.isFile()) throw invalidArgument(`'${path}' is not a regular file`);
      try {
        const stored = await this.options.blobs.put(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }));
        imported[index] = { path, hash: stored.hash, size: stored.size };
      } catch (e) {
        // A file that cannot be read (permissions, /proc, a device error) is the request's problem.
        if (typeof (e as NodeJS.ErrnoException).code === 'string' && !(e instanceof FlywheelError)) {
          throw invalidArgument(`cannot read '${path}' on the server's host: ${(e as Error).message}`);
        }
        throw e;
      }
    });
    return imported;
  }

  /** Which of these objects the store lacks. */
  async missing(hashes: string[]): Promise<string[]> {
    return this.options.blobs.missing(hashes);
  }

  /**
   * Records a version from a manifest already in the store, after checking it and that the
   * store has every object it lists. A manifest equal to the latest version's records
   * nothing (`created: false`).
   */
  async createVersion(req: { dataset: string; manifestHash: string; message?: string; author?: string; tags?: string[] }): Promise<{ version: DatasetVersion; created: boolean }> {
    const { dataset } = req;
    requireName(dataset);
    for (const tag of req.tags ?? []) requireTag(tag);
    if (!/^[0-9a-f]{64}$/.test(req.manifestHash)) throw invalidArgument('manifest_hash must be 64 lowercase hex characters');
    const bytes = await readVerified(this.options.blobs, req.manifestHash, 'manifest');
    if (!bytes) throw invalidArgument(`manifest ${req.manifestHash} is not in the store: upload it first (PUT /api/v1/objects/${req.manifestHash})`);
    const entries = parseManifest(bytes);
    const absent = new Set(await this.missing([...new Set(entries.map((e) => e.hash))]));
    const missing = entries.filter((e) => absent.has(e.hash)).map((e) => `${e.path} (${e.hash})`);
    if (missing.length > 0) {
      throw invalidArgument(`${missing.length} object(s) of the manifest are not in the store, e.g. ${missing.slice(0, NAMED_MISSING).join(', ')}`);
    }
    const latest = await this.store.latest(dataset);
    if (latest !== undefined) {
      const current = (await this.store.version(dataset, latest))!;
      if (current.manifestHash === req.manifestHash) {
        for (const tag of req.tags ?? []) await this.tag(dataset, tag, latest);
        return { version: await this.getVersion(dataset, String(latest)), created: false };
      }
    }
    const version = await this.store.insertVersion(
      dataset,
      {
        manifestHash: req.manifestHash,
        digest: req.manifestHash.slice(0, 32),
        message: (req.message ?? '').slice(0, 10_000),
        author: (req.author ?? 'unknown').slice(0, 256),
        createdTime: Date.now(),
        parent: latest ?? null,
        fileCount: entries.length,
        totalBytes: entries.reduce((n, e) => n + e.size, 0),
      },
      req.tags ?? [],
    );
    return { version: await this.getVersion(dataset, String(version)), created: true };
  }

  list(): Promise<Dataset[]> {
    return this.store.list();
  }

  async log(dataset: string): Promise<{ dataset: Dataset; versions: DatasetVersion[] }> {
    const found = (await this.store.list()).find((d) => d.name === dataset);
    if (!found) throw notFound(`Dataset '${dataset}' does not exist.`);
    return { dataset: found, versions: await this.store.versions(dataset) };
  }

  async getVersion(dataset: string, ref: string): Promise<DatasetVersion> {
    const { profileHash: _p, ...v } = await this.resolve(dataset, ref);
    return v;
  }

  async files(dataset: string, ref: string, req: { prefix?: string; maxResults?: number; pageToken?: string }): Promise<{ files: ManifestEntry[]; nextPageToken?: string }> {
    const entries = await this.entries(dataset, ref);
    const max = req.maxResults ?? 1000;
    if (!Number.isInteger(max) || max < 1 || max > 100_000) throw invalidArgument('max_results must be an integer from 1 to 100000');
    const prefix = req.prefix ?? '';
    const after = req.pageToken ? Buffer.from(req.pageToken, 'base64').toString('utf8') : undefined;
    const out: ManifestEntry[] = [];
    for (const e of entries) {
      if (!e.path.startsWith(prefix)) continue;
      if (after !== undefined && Buffer.compare(Buffer.from(e.path), Buffer.from(after)) <= 0) continue;
      if (out.length === max) return { files: out, nextPageToken: Buffer.from(out.at(-1)!.path).toString('base64') };
      out.push(e);
    }
    return { files: out };
  }

  async tree(dataset: string, ref: string, path: string): Promise<TreeEntry[]> {
    return treeLevel(await this.entries(dataset, ref), path);
  }

  async diff(from: { dataset: string; ref: string }, to: { dataset: string; ref: string }, maxResults = 1000): Promise<DatasetDiff> {
    return diffManifests(await this.entries(from.dataset, from.ref), await this.entries(to.dataset, to.ref), maxResults);
  }

  async tag(dataset: string, tag: string, version: number): Promise<DatasetVersion> {
    requireTag(tag);
    const id = await this.store.datasetId(dataset);
    if (id === undefined) throw notFound(`Dataset '${dataset}' does not exist.`);
    if (!(await this.store.version(dataset, version))) throw notFound(`Dataset '${dataset}' has no version ${version}.`);
    await this.store.setTag(id, tag, version);
    return this.getVersion(dataset, String(version));
  }

  async untag(dataset: string, tag: string): Promise<void> {
    const id = await this.store.datasetId(dataset);
    if (id === undefined || !(await this.store.deleteTag(id, tag))) throw notFound(`Dataset '${dataset}' has no tag '${tag}'.`);
  }

  async runs(dataset: string, ref: string): Promise<RunInfo[]> {
    const v = await this.resolve(dataset, ref);
    return this.options.tracking.runsWithInput(dataset, v.digest);
  }

  /** The version's profile, computed on first ask and stored as an object. */
  async profile(dataset: string, ref: string): Promise<DatasetProfile> {
    const v = await this.resolve(dataset, ref);
    if (v.profileHash) {
      const bytes = await readVerified(this.options.blobs, v.profileHash, 'profile');
      if (bytes) return JSON.parse(bytes.toString('utf8')) as DatasetProfile;
    }
    const { profileFiles, PROFILED_EXTENSIONS } = await import('./profile/index.js');
    const entries = (await this.entries(dataset, ref)).filter((e) => PROFILED_EXTENSIONS.test(e.path));
    const profile = await this.withFiles(entries, (files) => profileFiles(files));
    profile.fileTypes = fileTypes(await this.entries(dataset, ref));
    const stored = await this.options.blobs.put(Buffer.from(JSON.stringify(profile)));
    await this.store.setProfile(dataset, v.version, stored.hash);
    return profile;
  }

  /** DuckDB SQL over the version's tabular files, visible by their paths. */
  async query(dataset: string, ref: string, sql: string, maxRows?: number): ReturnType<typeof import('./profile/index.js').queryFiles> {
    if (typeof sql !== 'string' || sql.trim() === '') throw invalidArgument('sql is required');
    const { queryFiles, TABULAR_EXTENSIONS } = await import('./profile/index.js');
    const entries = (await this.entries(dataset, ref)).filter((e) => TABULAR_EXTENSIONS.test(e.path));
    return this.withFiles(entries, (files) => queryFiles(files, sql, maxRows !== undefined ? { maxRows } : {}));
  }

  /** Removes objects nothing refers to (younger than an hour excepted). */
  async gc(dryRun: boolean): Promise<GcResult> {
    // An object store elsewhere (S3) cannot tell an upload in flight from garbage without
    // listing modification times, which this version does not do yet: refuse rather than guess.
    const collector = this.options.blobs.collector?.();
    if (!collector) throw new FlywheelError('FAILED_PRECONDITION', 'gc runs only on the file store; this server keeps objects in S3');
    return collectGarbage(collector, await this.referencedObjects(), { dryRun });
  }

  /** Every object some version, manifest, profile or artifact refers to. */
  async referencedObjects(): Promise<Set<string>> {
    const keep = await this.options.tracking.artifactBlobHashes();
    const { manifests, profiles } = await this.store.referencedObjects();
    for (const h of [...manifests, ...profiles]) keep.add(h);
    for (const m of manifests) for (const e of await this.manifests.get(m)) keep.add(e.hash);
    for (const referrer of this.options.referrers ?? []) for (const h of await referrer.referencedBlobs()) keep.add(h);
    return keep;
  }

  /**
   * Copies a dataset's versions (all, or those listed) to an S3 remote: the objects the
   * remote lacks, then the dataset's record there.
   */
  async push(dataset: string, remoteUrl: string, versions?: number[], env: NodeJS.ProcessEnv = process.env) {
    const all = await this.versionsOf(dataset);
    if (all.length === 0) throw notFound(`Dataset '${dataset}' does not exist.`);
    const chosen = versions ? all.filter((v) => versions.includes(v.version)) : all;
    const unknown = (versions ?? []).filter((n) => !all.some((v) => v.version === n));
    if (unknown.length > 0) throw notFound(`Dataset '${dataset}' has no version ${unknown.join(', ')}.`);
    const remote = remoteStore(remoteUrl, env);
    try {
      const manifests = new Map<string, ManifestEntry[]>();
      for (const v of chosen) manifests.set(v.manifestHash, await this.manifests.get(v.manifestHash));
      const { objects, bytes, skipped } = await pushDataset({ dataset, local: this.options.blobs, remote, versions: chosen, manifests });
      return { objects, bytes, skipped, versions: chosen.length };
    } finally {
      remote.close();
    }
  }

  /** Imports a dataset's versions from an S3 remote: objects first, verified, then the version rows. */
  async pull(dataset: string, remoteUrl: string, env: NodeJS.ProcessEnv = process.env) {
    requireName(dataset);
    const remote = remoteStore(remoteUrl, env);
    try {
      const pulled = await pullDataset({ dataset, remote, local: this.options.blobs });
      const added = await this.importVersions(dataset, pulled.versions);
      return { versions: added, objects: pulled.objects, bytes: pulled.bytes, skipped: pulled.skipped };
    } finally {
      remote.close();
    }
  }

  /** Inserts versions pulled from a remote (their objects already stored), skipping manifests already recorded. */
  async importVersions(dataset: string, versions: DatasetVersion[]): Promise<number> {
    requireName(dataset);
    const have = new Set((await this.store.versions(dataset)).map((v) => v.manifestHash));
    let added = 0;
    for (const v of [...versions].sort((a, b) => a.version - b.version)) {
      if (have.has(v.manifestHash)) continue;
      await this.createVersion({ dataset, manifestHash: v.manifestHash, message: v.message, author: v.author, tags: v.tags.filter((t) => DATASET_TAG.test(t)) });
      have.add(v.manifestHash);
      added++;
    }
    return added;
  }

  async entries(dataset: string, ref: string): Promise<ManifestEntry[]> {
    return this.manifests.get((await this.resolve(dataset, ref)).manifestHash);
  }

  async versionsOf(dataset: string): Promise<DatasetVersion[]> {
    return this.store.versions(dataset);
  }

  private async resolve(dataset: string, ref: string): Promise<DatasetVersion & { profileHash: string | null }> {
    requireName(dataset);
    let number: number | undefined;
    if (ref === 'latest') number = await this.store.latest(dataset);
    else if (/^\d+$/.test(ref)) number = Number(ref);
    else number = await this.store.tagged(dataset, ref);
    const v = number === undefined ? undefined : await this.store.version(dataset, number);
    if (!v) {
      if ((await this.store.datasetId(dataset)) === undefined) throw notFound(`Dataset '${dataset}' does not exist.`);
      throw notFound(`Dataset '${dataset}' has no version '${ref}'.`);
    }
    return v;
  }

  private async withFiles<T>(entries: ManifestEntry[], work: (files: { path: string; localPath: string; size: number }[]) => Promise<T>): Promise<T> {
    const scratch = join(this.options.dataDir, 'tmp', `data-${randomBytes(6).toString('hex')}`);
    const { files, release } = await materialize(this.options.blobs, entries, scratch);
    try {
      return await work(files);
    } finally {
      await release();
    }
  }
}

function remoteStore(url: string, env: NodeJS.ProcessEnv): S3BlobStore {
  if (typeof url !== 'string' || !url.startsWith('s3://')) throw invalidArgument(`remote '${String(url).slice(0, 200)}' must be an s3://bucket/prefix URL`);
  return s3StoreFromUrl(url, env);
}

function requireName(name: string): void {
  if (typeof name !== 'string' || !DATASET_NAME.test(name)) {
    throw invalidArgument(`dataset name '${String(name).slice(0, 200)}' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
}

function requireTag(tag: string): void {
  if (typeof tag !== 'string' || !DATASET_TAG.test(tag)) {
    throw invalidArgument(`tag '${String(tag).slice(0, 200)}' must be 1-128 letters, digits, '.', '_' or '-', and not a number or 'latest'`);
  }
}

function fileTypes(entries: ManifestEntry[]): DatasetProfile['fileTypes'] {
  const byExt = new Map<string, { count: number; bytes: number }>();
  for (const e of entries) {
    const base = e.path.slice(e.path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
    const t = byExt.get(ext) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += e.size;
    byExt.set(ext, t);
  }
  return [...byExt].map(([extension, t]) => ({ extension, ...t })).sort((a, b) => b.bytes - a.bytes);
}
