import { createHash } from 'node:crypto';
import { FlywheelError } from '../core/errors.js';
import type { AliasEvent, ModelFileEntry, ModelVersion, RegisteredModel, RegistryTag, SearchRegistryRequest } from '../core/registry-types.js';
import type { Page } from '../core/tracking-types.js';
import { mlflowRegistryRoutes } from '../contracts/mlflow-registry.js';
import { aliasEventFromWire, modelsRoutes, modelVersionFromWire, registeredModelFromWire, type GateReportWire, type GateSpecWire } from '../contracts/models.js';
import type { RouteContract, RouteResult } from '../contracts/route-contract.js';
import { decodeResponse } from './decode.js';
import type { RestClient } from './rest-client.js';

export interface RegisterOptions {
  /** The folder of the run's artifacts that holds the model (default `model`). */
  path?: string;
  description?: string;
  tags?: Record<string, string>;
}

const MLFLOW = '/api/2.0/mlflow/';

/** The outcome of an alias's gates for a version: each gate in its file form, with what was measured. */
export type GateCheck = GateReportWire;

const aliasPath = (name: string, alias: string) => `/api/v1/models/${encodeURIComponent(name)}/aliases/${encodeURIComponent(alias)}`;

/**
 * The model registry (MLflow's registry API plus /api/v1/models, docs/models-api.md):
 * register a run's model, find versions, move aliases. Reached as `fw.models`.
 *
 * @example
 * const fw = new Flywheel();
 * const v = await fw.models.register('iris', run.runId);           // runs:/<id>/model
 * await fw.models.setAlias('iris', 'production', v.version);
 * const prod = await fw.models.resolve('iris', 'production');
 * const files = await fw.models.files('iris', prod.version);      // Map path → bytes
 */
export class ModelsClient {
  constructor(
    private readonly rest: RestClient,
    private readonly user: string | undefined = undefined,
  ) {}

  /**
   * Registers the model a run logged under `path` as the next version of `name`, creating
   * the registered model on first use (as mlflow.register_model does).
   */
  async register(name: string, runId: string, options: RegisterOptions = {}): Promise<ModelVersion> {
    try {
      await this.createModel(name);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ALREADY_EXISTS') throw e;
    }
    const path = (options.path ?? 'model').replace(/^\/+|\/+$/g, '');
    const res = await this.mlflow(mlflowRegistryRoutes.createVersion, 'POST', {
      name,
      source: `runs:/${runId}/${path}`,
      run_id: runId,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.tags ? { tags: Object.entries(options.tags).map(([key, value]) => ({ key, value })) } : {}),
      ...(this.user ? { user_id: this.user } : {}),
    });
    return modelVersionFromWire(res.model_version);
  }

  /** An MLflow registry call, its answer decoded with the route's contract. */
  private async mlflow<C extends RouteContract>(contract: C, method: 'GET' | 'POST', payload: Record<string, unknown>): Promise<RouteResult<C>> {
    return decodeResponse(contract, await this.rest.mlflow(method, contract.path.slice(MLFLOW.length), payload));
  }

  async createModel(name: string, options: { description?: string; tags?: RegistryTag[] } = {}): Promise<RegisteredModel> {
    const res = await this.mlflow(mlflowRegistryRoutes.createModel, 'POST', { name, ...options });
    return registeredModelFromWire(res.registered_model);
  }

  async get(name: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.mlflow(mlflowRegistryRoutes.getModel, 'GET', { name })).registered_model);
  }

  /** One page of registered models; `filter` is MLflow's (`name LIKE 'iris%'`, `tags.team = 'x'`). */
  async search(req: SearchRegistryRequest = {}): Promise<Page<RegisteredModel>> {
    const res = await this.mlflow(mlflowRegistryRoutes.searchModels, 'GET', searchQuery(req));
    return page(res.registered_models.map(registeredModelFromWire), res.next_page_token);
  }

  /** Every registered model matching `filter`, all pages. */
  async list(filter?: string): Promise<RegisteredModel[]> {
    const out: RegisteredModel[] = [];
    let pageToken: string | undefined;
    do {
      const p = await this.search({ maxResults: 1000, ...(filter ? { filter } : {}), ...(pageToken ? { pageToken } : {}) });
      out.push(...p.items);
      pageToken = p.nextPageToken;
    } while (pageToken);
    return out;
  }

  /** A model's versions, newest first. */
  async versions(name: string): Promise<ModelVersion[]> {
    const out: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const filter = `name = '${name.replaceAll("'", "\\'")}'`;
      const res = await this.mlflow(mlflowRegistryRoutes.searchVersions, 'GET', { filter, max_results: 10_000, ...(pageToken ? { page_token: pageToken } : {}) });
      out.push(...res.model_versions.map(modelVersionFromWire));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  async getVersion(name: string, version: number | string): Promise<ModelVersion> {
    return modelVersionFromWire((await this.mlflow(mlflowRegistryRoutes.getVersion, 'GET', { name, version: String(version) })).model_version);
  }

  /** The version a ref names: a number, an alias (`production`) or `latest`. */
  async resolve(name: string, ref: string | number): Promise<ModelVersion> {
    const res = decodeResponse(modelsRoutes.resolve, await this.rest.request('GET', `/api/v1/models/${encodeURIComponent(name)}/resolve`, { query: { ref: String(ref) } }));
    return modelVersionFromWire(res.model_version);
  }

  async setAlias(name: string, alias: string, version: number | string): Promise<void> {
    await this.mlflow(mlflowRegistryRoutes.setAlias, 'POST', { name, alias, version: String(version), ...(this.user ? { user_id: this.user } : {}) });
  }

  /**
   * Points an alias at a version through its gates; `force` skips them. A refusal throws
   * FlywheelError FAILED_PRECONDITION naming each failed gate. Returns the gates' report
   * (undefined when the alias has none, or with force).
   */
  async promote(name: string, alias: string, version: number | string, options: { force?: boolean } = {}): Promise<GateCheck | undefined> {
    const body = { version: String(version), ...(options.force ? { force: true } : {}), ...(this.user ? { user_id: this.user } : {}) };
    const res = decodeResponse(modelsRoutes.promote, await this.rest.request('POST', aliasPath(name, alias), { body }));
    return res.report ?? undefined;
  }

  /** Runs an alias's gates for a version without moving anything (what CI calls). */
  async check(name: string, version: number | string, alias: string): Promise<GateCheck> {
    const res = decodeResponse(modelsRoutes.check, await this.rest.request('POST', `${aliasPath(name, alias)}/check`, { body: { version: String(version) } }));
    return res.report;
  }

  /** Each alias's gates, in their file form (`[{metric: {...}}, {latency: {...}}]`). */
  async gates(name: string): Promise<Record<string, GateSpecWire[]>> {
    const res = decodeResponse(modelsRoutes.gates, await this.rest.request('GET', `/api/v1/models/${encodeURIComponent(name)}/gates`));
    return res.gates;
  }

  /** Replaces an alias's gates (an empty list removes them); the server validates them. */
  async setGates(name: string, alias: string, gates: unknown[]): Promise<GateSpecWire[]> {
    const res = decodeResponse(modelsRoutes.setGates, await this.rest.request('PUT', `/api/v1/models/${encodeURIComponent(name)}/gates/${encodeURIComponent(alias)}`, { body: { gates } }));
    return res.gates;
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.rest.request('DELETE', `${MLFLOW}registered-models/alias`, { body: { name, alias, ...(this.user ? { user_id: this.user } : {}) } });
  }

  /** Alias changes, newest first. */
  async aliasHistory(name: string): Promise<AliasEvent[]> {
    const res = decodeResponse(modelsRoutes.aliasHistory, await this.rest.request('GET', `/api/v1/models/${encodeURIComponent(name)}/alias-history`));
    return res.events.map((e) => aliasEventFromWire(e, name));
  }

  /** Deletes a registered model with all its versions. */
  async delete(name: string): Promise<void> {
    await this.rest.request('DELETE', `${MLFLOW}registered-models/delete`, { body: { name } });
  }

  async deleteVersion(name: string, version: number | string): Promise<void> {
    await this.rest.request('DELETE', `${MLFLOW}model-versions/delete`, { body: { name, version: String(version), ...(this.user ? { user_id: this.user } : {}) } });
  }

  /** The version's files: path, size, sha256. */
  async fileList(name: string, version: number | string): Promise<ModelFileEntry[]> {
    const res = decodeResponse(modelsRoutes.files, await this.rest.request('GET', `${versionPath(name, version)}/files`));
    return res.files;
  }

  /** The version's files, read into memory by path (what `loadModel` takes), each checked against its sha256. */
  async files(name: string, version: number | string): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const f of await this.fileList(name, version)) {
      const path = f.path.split('/').map(encodeURIComponent).join('/');
      const { bytes } = await this.rest.requestBytes('GET', `${versionPath(name, version)}/files/${path}`, { timeoutMs: 600_000 });
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== f.sha256) throw new FlywheelError('UNAVAILABLE', `model file '${f.path}' of ${name}/${version} arrived damaged (sha256 ${actual}, expected ${f.sha256})`);
      out.set(f.path, bytes);
    }
    return out;
  }
}

function versionPath(name: string, version: number | string): string {
  return `/api/v1/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(String(version))}`;
}

function searchQuery(req: SearchRegistryRequest): Record<string, string | number | string[]> {
  return {
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.maxResults !== undefined ? { max_results: req.maxResults } : {}),
    ...(req.orderBy?.length ? { order_by: req.orderBy } : {}),
    ...(req.pageToken ? { page_token: req.pageToken } : {}),
  };
}

function page<T>(items: T[], token: string | undefined): Page<T> {
  return { items, ...(token ? { nextPageToken: token } : {}) };
}
