import type { Kysely } from 'kysely';
import { FlywheelError, alreadyExists, invalidArgument, notFound, type Logger } from '../core/index.js';
import {
  MODEL_VERSION_STAGES,
  type AliasEvent,
  type ModelFileEntry,
  type ModelVersion,
  type ModelVersionStage,
  type RegisteredModel,
  type RegistryTag,
  type SearchRegistryRequest,
} from '../core/registry-types.js';
import type { Page } from '../core/tracking-types.js';
import { detectFormat, loadModel, type ModelFiles, type ModelFormat, type ModelSource, type ServableVersion } from '../serving/index.js';
import type { BlobReferrer, BlobStore, Dialect } from '../storage/index.js';
import type { RegistryTables as Database } from './storage/index.js';
import type { TrackingApi } from '../tracking/index.js';
import { checkGates, refusal } from './gates/check-gates.js';
import type { EvaluationData } from './gates/evaluate-on-table.js';
import { GATES_TAG_PREFIX, type Gate, type GateReport } from './gates/gate-types.js';
import { gatesToJson, parseGates } from './gates/parse-gates.js';
import { fileEntries, readArtifactFolder, readSnapshotEntries, readSnapshotFile, storeSnapshot } from './internal/model-snapshot.js';
import { parseModelSource } from './internal/model-source-uri.js';
import { RegistryStore, type ModelRecord } from './internal/registry-store.js';
import { parseModelSearch, parseVersionSearch } from './internal/registry-search.js';
import {
  MODELS_MAX_RESULTS_DEFAULT,
  MODELS_MAX_RESULTS_THRESHOLD,
  VERSIONS_MAX_RESULTS_DEFAULT,
  VERSIONS_MAX_RESULTS_THRESHOLD,
  checkAlias,
  checkDescription,
  checkMaxResults,
  checkModelName,
  checkTag,
  decodeOffsetToken,
  encodeOffsetToken,
  parseStage,
  parseVersion,
} from './internal/registry-validation.js';

export interface RegistryServiceOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  blobs: BlobStore;
  tracking: TrackingApi;
  logger: Logger;
  now?: () => number;
  /** Where dataset gates read evaluation files; absent: such gates fail with a reason. */
  evaluation?: EvaluationData;
}

export interface CreateVersionRequest {
  name: string;
  source: string;
  runId?: string;
  tags?: RegistryTag[];
  description?: string;
  userId?: string;
}

/**
 * The model registry (MLflow's semantics, docs/models-api.md). A version is registered only
 * if its files load with their runtime; it keeps them as a manifest in the blob store, so it
 * outlives its run. Methods validate and throw FlywheelError. It is also the in-process
 * ModelSource of the inference server, and a BlobReferrer for the data module's gc.
 */
export class RegistryService implements ModelSource, BlobReferrer {
  private readonly store: RegistryStore;
  private readonly now: () => number;
  /** File hashes of each manifest read for gc (a manifest never changes). */
  private readonly manifestFiles = new Map<string, string[]>();

  constructor(private readonly options: RegistryServiceOptions) {
    this.store = new RegistryStore(options.db, options.dialect);
    this.now = options.now ?? Date.now;
  }

  // Registered models

  async createModel(req: { name: string; description?: string; tags?: RegistryTag[] }): Promise<RegisteredModel> {
    const name = checkModelName(req.name);
    const tags = (req.tags ?? []).map((t) => checkTag(t.key, t.value));
    const created = await this.store.createModel({ name, description: checkDescription(req.description ?? ''), time: this.now(), tags });
    if (!created) throw alreadyExists(`Registered Model (name=${name}) already exists.`);
    return this.getModel(name);
  }

  async getModel(name: string): Promise<RegisteredModel> {
    return this.withLatest(await this.modelRecord(name));
  }

  async renameModel(name: string, newName: string): Promise<RegisteredModel> {
    await this.modelRecord(name);
    checkModelName(newName, 'new_name');
    if (newName !== name && (await this.store.getModel(newName))) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
    if (!(await this.store.renameModel(name, newName, this.now()))) throw modelNotFound(name);
    return this.getModel(newName);
  }

  async updateModel(name: string, description: string | undefined): Promise<RegisteredModel> {
    const patch = { time: this.now(), ...(description !== undefined ? { description: checkDescription(description) } : {}) };
    if (!(await this.store.updateModel(name, patch))) throw modelNotFound(name);
    return this.getModel(name);
  }

  /** Deletes the model with its versions, tags, aliases and alias history. */
  async deleteModel(name: string): Promise<void> {
    if (!(await this.store.deleteModel(name))) throw modelNotFound(name);
  }

  async setModelTag(name: string, key: string, value: string): Promise<void> {
    const tag = checkTag(key, value);
    if (!(await this.store.setModelTag(name, tag, this.now()))) throw modelNotFound(name);
  }

  async deleteModelTag(name: string, key: string): Promise<void> {
    await this.modelRecord(name);
    if (!(await this.store.deleteModelTag(name, key))) throw notFound(`No tag with name: ${key} found for Registered Model ${name}.`);
  }

  async searchModels(req: SearchRegistryRequest = {}): Promise<Page<RegisteredModel>> {
    const limit = checkMaxResults(req.maxResults, MODELS_MAX_RESULTS_DEFAULT, MODELS_MAX_RESULTS_THRESHOLD);
    const offset = decodeOffsetToken(req.pageToken);
    const parsed = parseModelSearch(req.filter, req.orderBy);
    const records = await this.store.searchModels({ ...parsed, offset, limit: limit + 1 });
    const page = records.slice(0, limit);
    const latest = await this.store.latestPerStage(page.map((m) => m.name));
    return {
      items: page.map((m) => ({ ...m, latestVersions: latest.get(m.name) ?? [] })),
      ...(records.length > limit ? { nextPageToken: encodeOffsetToken(offset + limit) } : {}),
    };
  }

  /** MLflow's get-latest-versions: the newest version in each stage asked for (all stages when none). */
  async latestVersions(name: string, stages: string[] = []): Promise<ModelVersion[]> {
    await this.modelRecord(name);
    const wanted = new Set<ModelVersionStage>(stages.length === 0 ? MODEL_VERSION_STAGES : stages.map((s, i) => parseStage(s, `stages[${i}]`)));
    const latest = (await this.store.latestPerStage([name])).get(name) ?? [];
    return latest.filter((v) => wanted.has(v.currentStage));
  }

  // Model versions

  /**
   * Registers the files under `source` (a folder of a run's artifacts) as the model's next
   * version: they must load with their runtime (format and signature are recorded); they
   * are kept by hash, with the run's latest metrics and dataset inputs.
   */
  async createVersion(req: CreateVersionRequest): Promise<ModelVersion> {
    const name = checkModelName(req.name);
    const tags = (req.tags ?? []).map((t) => checkTag(t.key, t.value));
    const description = checkDescription(req.description ?? '');
    await this.modelRecord(name);
    const location = parseModelSource(req.source);
    if (req.runId && req.runId !== location.runId) {
      throw invalidArgument(`The source '${req.source.slice(0, 200)}' belongs to run ${location.runId}, not to run_id ${req.runId}.`, [
        { path: 'run_id', message: 'does not match the run of the source' },
      ]);
    }
    const run = await this.options.tracking.getRun(location.runId);
    const root = await this.options.tracking.runArtifactRoot(location.runId);
    const folder = location.path === '' ? root : `${root}/${location.path}`;
    const files = await readArtifactFolder(this.options.tracking, folder);
    if (files.size === 0) {
      throw invalidArgument(`Run ${location.runId} has no artifacts under '${location.path || '/'}': log the model's files there first.`, [
        { path: 'source', message: 'no files at this path' },
      ]);
    }
    const inspected = await this.inspect(files);
    const snapshot = await storeSnapshot(this.options.blobs, files);
    const time = this.now();
    const version = await this.store.insertVersion(
      name,
      {
        creationTime: time,
        lastUpdatedTime: time,
        description,
        userId: req.userId ?? run.info.userId,
        source: req.source,
        runId: location.runId,
        status: 'READY',
        statusMessage: '',
        currentStage: 'None',
        format: inspected.format,
        signature: inspected.signature,
        metrics: Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value])),
        datasets: run.inputs.datasetInputs.map((d) => ({ name: d.dataset.name, digest: d.dataset.digest })),
        manifestHash: snapshot.manifestHash,
        files: snapshot.entries.length,
        sizeBytes: snapshot.entries.reduce((sum, e) => sum + e.size, 0),
      },
      tags,
    );
    if (version === undefined) throw modelNotFound(name);
    this.options.logger.info({ model: name, version, format: inspected.format, files: files.size }, 'registered model version');
    return this.getVersion(name, version);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    const found = await this.store.getVersion(name, version);
    if (!found) throw versionNotFound(name, version);
    return found;
  }

  async versions(name: string): Promise<ModelVersion[]> {
    await this.modelRecord(name);
    return this.store.versionsOf(name);
  }

  async updateVersion(name: string, version: number, description: string | undefined): Promise<ModelVersion> {
    const patch = { time: this.now(), ...(description !== undefined ? { description: checkDescription(description) } : {}) };
    if (!(await this.store.updateVersion(name, version, patch))) throw versionNotFound(name, version);
    return this.getVersion(name, version);
  }

  /** Stages are deprecated in MLflow; kept for old clients. */
  async transitionStage(name: string, version: number, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    const target = parseStage(stage);
    const time = this.now();
    if (!(await this.store.updateVersion(name, version, { stage: target, time }))) throw versionNotFound(name, version);
    if (archiveExisting && (target === 'Staging' || target === 'Production')) await this.store.archiveOthers(name, target, version, time);
    return this.getVersion(name, version);
  }

  /** Deletes a version; the aliases pointing at it go with it (recorded in the history). */
  async deleteVersion(name: string, version: number, userId = ''): Promise<void> {
    if (!(await this.store.deleteVersion(name, version, userId, this.now()))) throw versionNotFound(name, version);
  }

  async setVersionTag(name: string, version: number, key: string, value: string): Promise<void> {
    const tag = checkTag(key, value);
    if (!(await this.store.setVersionTag(name, version, tag, this.now()))) throw versionNotFound(name, version);
  }

  async deleteVersionTag(name: string, version: number, key: string): Promise<void> {
    await this.getVersion(name, version);
    if (!(await this.store.deleteVersionTag(name, version, key))) throw notFound(`No tag with name: ${key} found for Model Version ${name}/${version}.`);
  }

  async searchVersions(req: SearchRegistryRequest = {}): Promise<Page<ModelVersion>> {
    const limit = checkMaxResults(req.maxResults, VERSIONS_MAX_RESULTS_DEFAULT, VERSIONS_MAX_RESULTS_THRESHOLD);
    const offset = decodeOffsetToken(req.pageToken);
    const parsed = parseVersionSearch(req.filter, req.orderBy);
    const rows = await this.store.searchVersions({ ...parsed, offset, limit: limit + 1 });
    return {
      items: rows.slice(0, limit),
      ...(rows.length > limit ? { nextPageToken: encodeOffsetToken(offset + limit) } : {}),
    };
  }

  /** Where MLflow clients download the version from: its source, as an artifact URI of the run. */
  async downloadUri(name: string, version: number): Promise<string> {
    const v = await this.getVersion(name, version);
    if (v.source.startsWith('runs:/')) {
      const run = await this.options.tracking.getRun(v.runId);
      const path = parseModelSource(v.source).path;
      return path === '' ? run.info.artifactUri : `${run.info.artifactUri}/${path}`;
    }
    return v.source;
  }

  // Aliases

  /**
   * Points `alias` at `version`, once the alias's gates pass (`force` skips them, for an
   * operator rolling back in a hurry); a refusal (FAILED_PRECONDITION) names each failed gate.
   */
  async setAlias(name: string, alias: string, version: number, userId = '', options: { force?: boolean } = {}): Promise<GateReport | undefined> {
    checkAlias(alias);
    await this.getVersion(name, version);
    const gates = (await this.gates(name))[alias];
    let report: GateReport | undefined;
    if (gates && gates.length > 0 && !options.force) {
      report = await this.checkPromotion(name, version, alias);
      if (!report.passed) throw refusal(report);
    }
    await this.store.setAlias({ name, alias, version, userId, time: this.now() });
    return report;
  }

  /** Each alias's gates, from the model's `fw.gates.<alias>` tags. */
  async gates(name: string): Promise<Record<string, Gate[]>> {
    const model = await this.getModel(name);
    const out: Record<string, Gate[]> = {};
    for (const tag of model.tags) {
      if (!tag.key.startsWith(GATES_TAG_PREFIX)) continue;
      try {
        out[tag.key.slice(GATES_TAG_PREFIX.length)] = parseGates(JSON.parse(tag.value));
      } catch (e) {
        // A tag edited by hand into something unreadable must not open the gate.
        throw new FlywheelError('FAILED_PRECONDITION', `the ${tag.key} tag of ${name} does not hold valid gates: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return out;
  }

  /** Sets (or, with an empty list, removes) the gates of one alias; returns them as stored. */
  async setGates(name: string, alias: string, raw: unknown): Promise<Gate[]> {
    checkAlias(alias);
    const gates = parseGates(raw);
    if (gates.length === 0) {
      await this.deleteModelTag(name, GATES_TAG_PREFIX + alias).catch((e: unknown) => {
        if (!(e instanceof FlywheelError && e.code === 'NOT_FOUND')) throw e;
      });
    } else {
      await this.setModelTag(name, GATES_TAG_PREFIX + alias, JSON.stringify(gatesToJson(gates)));
    }
    return gates;
  }

  /** Runs the gates of `alias` for `version` without moving anything (for CI: `fw models check`). */
  async checkPromotion(name: string, version: number, alias: string): Promise<GateReport> {
    checkAlias(alias);
    const gates = (await this.gates(name))[alias] ?? [];
    return checkGates(
      {
        version: (n, v) => this.getVersion(n, v),
        aliasHolder: async (n, a) => {
          const held = await this.store.aliasVersion(n, a);
          return held === undefined ? undefined : this.getVersion(n, held);
        },
        files: (n, v) => this.files(n, v),
        ...(this.options.evaluation ? { data: this.options.evaluation } : {}),
      },
      name,
      version,
      alias,
      gates,
    );
  }

  async deleteAlias(name: string, alias: string, userId = ''): Promise<void> {
    await this.modelRecord(name);
    if (!(await this.store.deleteAlias({ name, alias, userId, time: this.now() }))) {
      throw notFound(`Registered model alias ${alias} not found for model ${name}.`);
    }
  }

  async versionByAlias(name: string, alias: string): Promise<ModelVersion> {
    await this.modelRecord(name);
    const version = await this.store.aliasVersion(name, alias);
    if (version === undefined) throw notFound(`Registered model alias ${alias} not found for model ${name}.`);
    return this.getVersion(name, version);
  }

  /** Alias changes, newest first. */
  async aliasHistory(name: string): Promise<AliasEvent[]> {
    await this.modelRecord(name);
    return this.store.aliasEvents(name);
  }

  /**
   * The version a ref names: a version number (`3`), `latest`, an alias (`production`),
   * or, for old clients, a stage (`Production`: its newest version).
   */
  async resolveVersion(name: string, ref: string): Promise<ModelVersion> {
    await this.modelRecord(name);
    if (/^\d+$/.test(ref)) return this.getVersion(name, Number(ref));
    if (ref.toLowerCase() === 'latest') {
      const latest = await this.store.latestVersion(name);
      if (latest === undefined) throw notFound(`Registered model ${name} has no versions.`);
      return this.getVersion(name, latest);
    }
    const aliased = await this.store.aliasVersion(name, ref);
    if (aliased !== undefined) return this.getVersion(name, aliased);
    const stage = MODEL_VERSION_STAGES.find((s) => s.toLowerCase() === ref.toLowerCase());
    if (stage) {
      const inStage = (await this.latestVersions(name, [stage]))[0];
      if (inStage) return inStage;
    }
    throw notFound(`Registered model ${name} has no version or alias '${ref.slice(0, 100)}'.`);
  }

  // Files

  /** ModelSource: the version's files, verified. */
  async files(name: string, version: string | number): Promise<ModelFiles> {
    const v = await this.getVersion(name, parseVersion(version));
    const entries = await readSnapshotEntries(this.options.blobs, v.manifestHash);
    const out = new Map<string, Uint8Array>();
    for (const e of entries) out.set(e.path, await readSnapshotFile(this.options.blobs, e));
    return out;
  }

  async fileList(name: string, version: number): Promise<ModelFileEntry[]> {
    const v = await this.getVersion(name, version);
    return fileEntries(await readSnapshotEntries(this.options.blobs, v.manifestHash));
  }

  /** One file's bytes; NOT_FOUND when the version has no such file. */
  async file(name: string, version: number, path: string): Promise<Buffer> {
    const v = await this.getVersion(name, version);
    const entry = (await readSnapshotEntries(this.options.blobs, v.manifestHash)).find((e) => e.path === path);
    if (!entry) throw notFound(`Model version ${name}/${version} has no file '${path.slice(0, 200)}'.`);
    return readSnapshotFile(this.options.blobs, entry);
  }

  /** ModelSource: for the inference server. */
  async resolve(name: string, ref: string): Promise<ServableVersion> {
    const v = await this.resolveVersion(name, ref);
    return { name: v.name, version: String(v.version), format: v.format as ModelFormat };
  }

  /** BlobReferrer: every manifest and file a version keeps. */
  async referencedBlobs(): Promise<Set<string>> {
    const keep = new Set<string>();
    for (const hash of await this.store.manifestHashes()) {
      keep.add(hash);
      let files = this.manifestFiles.get(hash);
      if (!files) {
        files = (await readSnapshotEntries(this.options.blobs, hash)).map((e) => e.hash);
        this.manifestFiles.set(hash, files);
      }
      for (const h of files) keep.add(h);
    }
    return keep;
  }

  private async inspect(files: Map<string, Buffer>): Promise<{ format: ModelFormat; signature: ModelVersion['signature'] }> {
    const modelFiles: ModelFiles = files;
    const format = detectFormat(modelFiles);
    if (!format) {
      throw invalidArgument(
        `The files (${[...files.keys()].slice(0, 10).join(', ')}) are not a model Flywheel can serve: expected one .onnx file, or a TF.js model.json with its weights.`,
        [{ path: 'source', message: 'unknown model format' }],
      );
    }
    let model;
    try {
      model = await loadModel(modelFiles, { format, logger: this.options.logger });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new FlywheelError('INVALID_ARGUMENT', `The model does not load as ${format}: ${reason}`, {
        cause: e,
        issues: [{ path: 'source', message: reason }],
      });
    }
    try {
      return { format, signature: model.signature };
    } finally {
      await model.close().catch((e: unknown) => this.options.logger.warn({ err: e }, 'closing an inspected model failed'));
    }
  }

  private async modelRecord(name: string): Promise<ModelRecord> {
    const m = await this.store.getModel(name);
    if (!m) throw modelNotFound(name);
    return m;
  }

  private async withLatest(m: ModelRecord): Promise<RegisteredModel> {
    const latest = await this.store.latestPerStage([m.name]);
    return { ...m, latestVersions: latest.get(m.name) ?? [] };
  }
}

const modelNotFound = (name: string): FlywheelError => notFound(`Registered Model with name=${name} not found`);
const versionNotFound = (name: string, version: number): FlywheelError => notFound(`Model Version (name=${name}, version=${version}) not found`);
