import { FlywheelError, notFound, type Logger } from '../../core/index.js';
import type { ModelSource, ServableVersion } from '../model-source.js';
import type { LoadedModel, ModelFiles, Tensor } from '../runtime/runtime-types.js';
import { DynamicBatcher, type BatchResult } from './batcher.js';
import { pickRoute, type ServeSpec } from './serve-specs.js';
import type { ServingMetrics } from './serving-metrics.js';

export interface BatchingOptions {
  /** false: every request runs alone. */
  enabled: boolean;
  maxBatchSize?: number;
  maxQueueDelayMs?: number;
  maxQueuedRows?: number;
  maxQueuedRequests?: number;
  maxConcurrentRuns?: number;
}

export interface ServedModelsOptions {
  source: ModelSource;
  /** The runtime's `loadModel`; injected so that tests and the registry can pass their own. */
  load(files: ModelFiles, version: ServableVersion): Promise<LoadedModel>;
  specs: readonly ServeSpec[];
  /** How often references are resolved again to follow aliases and `latest` (ms; 0: never). Default 5000. */
  pollMs?: number;
  batching?: BatchingOptions;
  logger: Logger;
  metrics?: ServingMetrics;
  /** For tests of the traffic split; default Math.random. */
  random?: () => number;
}

/** A model version in memory, shared by every route that resolves to it. */
interface Loaded {
  version: ServableVersion;
  model: LoadedModel;
  batcher: DynamicBatcher;
  leases: number;
  retired: boolean;
  closed?: Promise<void>;
  /** Settles once the version is closed (after its last lease, when retired). */
  gone: Promise<void>;
  markGone(): void;
}

interface Route {
  ref: string;
  weight: number;
  current: Loaded;
}

/** The right to run one request on a model version; `release` once answered. */
export interface ModelLease {
  name: string;
  version: string;
  model: LoadedModel;
  submit(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<BatchResult>;
  release(): void;
}

export interface ServedModelInfo {
  name: string;
  /** The versions serving now, newest first. */
  versions: ServableVersion[];
  model: LoadedModel;
}

/**
 * The models an inference server answers for. Each served name has one or more routes
 * (`name@production`, or a split `name@3=90,name@4=10`); each route's reference is
 * resolved through the ModelSource now and every `pollMs`, and when it moves the new
 * version is loaded first and then swapped in at once. Requests hold a lease on the
 * version that answers them, so one that started on the old version finishes there; the
 * old version is closed when its last lease is released.
 */
export class ServedModels {
  private readonly options: ServedModelsOptions;
  private readonly routes = new Map<string, Route[]>();
  /** By `name\0version`: every version loaded and not retired. */
  private readonly loaded = new Map<string, Loaded>();
  private readonly retiring = new Set<Loaded>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;

  private constructor(options: ServedModelsOptions) {
    this.options = options;
  }

  /** Resolves and loads every served reference; throws when one cannot be loaded. */
  static async start(options: ServedModelsOptions): Promise<ServedModels> {
    const served = new ServedModels(options);
    try {
      for (const spec of options.specs) {
        const routes: Route[] = [];
        for (const { ref, weight } of spec.routes) {
          const version = await options.source.resolve(spec.name, ref);
          routes.push({ ref, weight, current: await served.obtain(version) });
        }
        served.routes.set(spec.name, routes);
      }
    } catch (e) {
      await served.close();
      throw e;
    }
    const pollMs = options.pollMs ?? 5000;
    if (pollMs > 0) served.schedule(pollMs);
    return served;
  }

  names(): string[] {
    return [...this.routes.keys()];
  }

  /** Whether a name (and version, if given) is served and loaded. */
  isReady(name: string, version?: string): boolean {
    if (this.closed) return false;
    const routes = this.routes.get(name);
    if (!routes) return false;
    return version === undefined || routes.some((r) => r.current.version.version === version);
  }

  /** What is served under a name; throws NOT_FOUND. */
  info(name: string, version?: string): ServedModelInfo {
    const routes = this.routesOf(name);
    const versions = uniqueVersions(routes);
    const loaded = version === undefined ? routes[0]!.current : this.versionOf(name, routes, version);
    return { name, versions: versions.map((l) => l.version), model: loaded.model };
  }

  /**
   * Picks the version to answer a request (by the split's weights, or the one asked for)
   * and holds it until `release`. Throws NOT_FOUND for a name or version not served, and
   * UNAVAILABLE once the server is closing.
   */
  acquire(name: string, version?: string): ModelLease {
    if (this.closed) throw new FlywheelError('UNAVAILABLE', 'The server is shutting down');
    const routes = this.routesOf(name);
    const loaded = version === undefined ? pickRoute(routes, (this.options.random ?? Math.random)()).current : this.versionOf(name, routes, version);
    loaded.leases++;
    let released = false;
    return {
      name,
      version: loaded.version.version,
      model: loaded.model,
      submit: (inputs, outputs) => loaded.batcher.submit(inputs, outputs),
      release: () => {
        if (released) return;
        released = true;
        loaded.leases--;
        if (loaded.retired && loaded.leases === 0) void this.closeLoaded(loaded);
      },
    };
  }

  /** Resolves every reference again and switches those that moved; failures are logged, and the old version keeps serving. */
  poll(): Promise<void> {
    this.polling ??= this.pollRoutes().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Stops polling, waits for every lease to be released and every queue to drain, and closes the models. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
    for (const loaded of this.loaded.values()) this.retire(loaded);
    this.loaded.clear();
    // Versions still leased close when their last request is answered.
    await Promise.all([...this.retiring].map((l) => l.gone));
  }

  private schedule(pollMs: number): void {
    this.timer = setTimeout(() => {
      void this.poll().finally(() => {
        if (!this.closed) this.schedule(pollMs);
      });
    }, pollMs);
    this.timer.unref();
  }

  private async pollRoutes(): Promise<void> {
    for (const [name, routes] of this.routes) {
      for (const route of routes) {
        if (this.closed) return;
        try {
          const version = await this.options.source.resolve(name, route.ref);
          if (version.version === route.current.version.version) continue;
          const next = await this.obtain(version);
          if (this.closed) return;
          const previous = route.current;
          route.current = next;
          this.options.metrics?.switches.inc({ model: name });
          this.options.logger.info({ model: name, ref: route.ref, from: previous.version.version, to: next.version.version }, `${name}@${route.ref} moved to version ${next.version.version}`);
          if (!this.referenced(previous)) this.retire(previous);
        } catch (e) {
          this.options.logger.warn({ err: e, model: name, ref: route.ref }, `could not follow ${name}@${route.ref}; still serving version ${route.current.version.version}`);
        }
      }
    }
  }

  /** The loaded version, loading it if no route has it yet. */
  private async obtain(version: ServableVersion): Promise<Loaded> {
    const key = `${version.name}\u0000${version.version}`;
    const existing = this.loaded.get(key);
    if (existing) return existing;
    const files = await this.options.source.files(version.name, version.version);
    const model = await this.options.load(files, version);
    const batching = this.options.batching ?? { enabled: true };
    const labels = { model: version.name, version: version.version };
    const metrics = this.options.metrics;
    const batcher = new DynamicBatcher({
      run: (inputs, outputs) => model.run(inputs, outputs),
      batchable: batching.enabled && model.batchable,
      ...(batching.maxBatchSize !== undefined ? { maxBatchSize: batching.maxBatchSize } : {}),
      ...(batching.maxQueueDelayMs !== undefined ? { maxQueueDelayMs: batching.maxQueueDelayMs } : {}),
      ...(batching.maxQueuedRows !== undefined ? { maxQueuedRows: batching.maxQueuedRows } : {}),
      ...(batching.maxQueuedRequests !== undefined ? { maxQueuedRequests: batching.maxQueuedRequests } : {}),
      ...(batching.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: batching.maxConcurrentRuns } : {}),
      ...(metrics ? { onBatch: ({ rows }: { rows: number }) => metrics.batchSize.observe(labels, rows) } : {}),
    });
    // Another poll or route may have loaded it meanwhile: keep one.
    const raced = this.loaded.get(key);
    if (raced) {
      await model.close();
      return raced;
    }
    let markGone = (): void => undefined;
    const gone = new Promise<void>((resolve) => {
      markGone = resolve;
    });
    const loaded: Loaded = { version, model, batcher, leases: 0, retired: false, gone, markGone };
    this.loaded.set(key, loaded);
    metrics?.loaded.set(labels, 1);
    this.options.logger.info({ model: version.name, version: version.version, format: version.format, batchable: model.batchable }, `loaded ${version.name} version ${version.version}`);
    return loaded;
  }

  private referenced(loaded: Loaded): boolean {
    for (const routes of this.routes.values()) if (routes.some((r) => r.current === loaded)) return true;
    return false;
  }

  private retire(loaded: Loaded): void {
    loaded.retired = true;
    this.loaded.delete(`${loaded.version.name}\u0000${loaded.version.version}`);
    this.retiring.add(loaded);
    if (loaded.leases === 0) void this.closeLoaded(loaded);
  }

  private closeLoaded(loaded: Loaded): Promise<void> {
    loaded.closed ??= (async () => {
      const { name, version } = loaded.version;
      try {
        await loaded.batcher.drain();
        await loaded.model.close();
        this.options.logger.info({ model: name, version }, `closed ${name} version ${version}`);
      } catch (e) {
        this.options.logger.error({ err: e, model: name, version }, `closing ${name} version ${version} failed`);
      } finally {
        this.options.metrics?.loaded.remove({ model: name, version });
        this.retiring.delete(loaded);
        loaded.markGone();
      }
    })();
    return loaded.closed;
  }

  private routesOf(name: string): Route[] {
    const routes = this.routes.get(name);
    if (!routes) throw notFound(`Model ${name} is not served here (served: ${this.names().join(', ') || 'none'})`);
    return routes;
  }

  private versionOf(name: string, routes: Route[], version: string): Loaded {
    const found = routes.find((r) => r.current.version.version === version);
    if (!found) {
      const served = uniqueVersions(routes).map((l) => l.version.version);
      throw notFound(`Model ${name} version ${version} is not served here (serving version ${served.join(', ')})`);
    }
    return found.current;
  }
}

function uniqueVersions(routes: readonly Route[]): Loaded[] {
  const seen = new Set<Loaded>();
  for (const r of routes) seen.add(r.current);
  return [...seen].sort((a, b) => Number(b.version.version) - Number(a.version.version));
}
