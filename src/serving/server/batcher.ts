import { FlywheelError } from '../../core/index.js';
import type { Tensor, TensorData } from '../runtime/runtime-types.js';
import { allocate, elementCount } from './tensor-codec.js';

/**
 * Defaults measured on the 2-core CPU machines (bench/serving.ts, docs/benchmarks.md):
 * - 32 rows: onnxruntime's per-row cost for the MLPs flattens out by batch 16-32 (the
 *   per-call overhead is amortised), while larger batches only lengthen the wait of the
 *   first request in them.
 * - 0 ms: the delay only counts while a run slot is free (Triton's rule). With one slot,
 *   requests that arrive during a run wait for it anyway and form the next batch, so
 *   batches grow with load on their own; a delay then only adds latency at low load.
 *   Measured: 2 ms cut the small model at 1 client from ~4,700 to ~350 requests/s (the
 *   timer, not the model, set the pace) and at 64 clients from ~25,000 to ~16,000.
 * - One run at a time: a run already uses every core (onnxruntime's intra-op threads).
 * - Outstanding work (queued + running) is bounded so a flood answers 503 at once instead
 *   of growing memory and latency without limit: 64 full batches' worth of rows.
 */
export const BATCHER_DEFAULTS = {
  maxBatchSize: 32,
  maxQueueDelayMs: 0,
  maxQueuedRows: 2048,
  maxQueuedRequests: 2048,
  maxConcurrentRuns: 1,
} as const;

export interface BatcherOptions {
  /** Runs the model once; called with every request's inputs concatenated along dim 0. */
  run(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<Tensor[]>;
  /** Whether inputs of several requests may be concatenated (LoadedModel.batchable); false runs each request alone. */
  batchable: boolean;
  maxBatchSize?: number;
  maxQueueDelayMs?: number;
  maxQueuedRows?: number;
  maxQueuedRequests?: number;
  /**
   * Batched runs of the model at once (Triton's instance count). Requests that arrive while
   * every slot is busy queue and go in the next run together, so batches grow with load.
   */
  maxConcurrentRuns?: number;
  /** Told of every run: how many rows and requests went in together. */
  onBatch?(batch: { rows: number; requests: number }): void;
}

export interface BatchResult {
  outputs: Tensor[];
  /** The rows of the run that answered (this request's and the others'). */
  batchRows: number;
  /** Time from submit to the start of the run, in ms. */
  queueMs: number;
}

interface Entry {
  inputs: readonly Tensor[];
  rows: number;
  submittedAt: number;
  resolve(result: BatchResult): void;
  reject(error: unknown): void;
}

interface Group {
  key: string;
  /** The inputs' names in the order the batch tensors are built. */
  names: string[];
  outputs: readonly string[] | undefined;
  entries: Entry[];
  rows: number;
  firstAt: number;
  /** Full, or its first request has waited maxQueueDelayMs: runs at the next free slot. */
  ready: boolean;
  /** Given a run slot; starts on the next turn of the event loop. */
  starting: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Dynamic batching for one model version, as Triton's dynamic batcher does it. Requests
 * whose inputs agree on names, datatypes and every dimension but the first (and ask for
 * the same outputs) queue together; the queue is due when it holds `maxBatchSize` rows or
 * its first request has waited `maxQueueDelayMs`, and a due queue runs as soon as one of
 * `maxConcurrentRuns` slots is free. Under load the slots are busy and batches fill on
 * their own; with a delay of 0 an idle model runs a lone request at once. The outputs are
 * split back by each request's rows. Other requests (a model that is not batchable,
 * inputs that disagree on rows, more rows than a batch) run alone at once.
 *
 * @example
 * const batcher = new DynamicBatcher({ run: (i, o) => model.run(i, o), batchable: model.batchable });
 * const { outputs } = await batcher.submit(inputs);
 */
export class DynamicBatcher {
  readonly maxBatchSize: number;
  readonly maxQueueDelayMs: number;
  readonly maxQueuedRows: number;
  readonly maxQueuedRequests: number;
  readonly maxConcurrentRuns: number;
  private readonly options: BatcherOptions;
  /** Groups still taking requests, by key, in creation order. */
  private readonly open = new Map<string, Group>();
  /** Full groups waiting for a free run slot, oldest first. */
  private readonly sealed: Group[] = [];
  private batchRuns = 0;
  private outstandingRows = 0;
  private outstandingRequests = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(options: BatcherOptions) {
    this.options = options;
    this.maxBatchSize = options.maxBatchSize ?? BATCHER_DEFAULTS.maxBatchSize;
    this.maxQueueDelayMs = options.maxQueueDelayMs ?? BATCHER_DEFAULTS.maxQueueDelayMs;
    this.maxQueuedRows = options.maxQueuedRows ?? BATCHER_DEFAULTS.maxQueuedRows;
    this.maxQueuedRequests = options.maxQueuedRequests ?? BATCHER_DEFAULTS.maxQueuedRequests;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? BATCHER_DEFAULTS.maxConcurrentRuns;
  }

  /** Requests accepted and not yet answered (queued or running). */
  get pendingRequests(): number {
    return this.outstandingRequests;
  }

  /**
   * Queues a request. Rejects with UNAVAILABLE at once when the queue is full, and with
   * the model's error when its run fails.
   */
  submit(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<BatchResult> {
    const rows = batchRows(inputs);
    const counted = Math.max(rows ?? 1, 1);
    if (this.outstandingRequests + 1 > this.maxQueuedRequests || this.outstandingRows + counted > this.maxQueuedRows) {
      return Promise.reject(
        new FlywheelError(
          'UNAVAILABLE',
          `The model's queue is full (${this.outstandingRequests} requests, ${this.outstandingRows} rows waiting; limits ${this.maxQueuedRequests} and ${this.maxQueuedRows}); retry later`,
        ),
      );
    }
    this.outstandingRequests++;
    this.outstandingRows += counted;
    return new Promise<BatchResult>((resolve, reject) => {
      const done = (): void => {
        this.outstandingRequests--;
        this.outstandingRows -= counted;
      };
      const entry: Entry = {
        inputs,
        rows: rows ?? 0,
        submittedAt: performance.now(),
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      if (!this.options.batchable || rows === undefined || rows === 0 || rows >= this.maxBatchSize) {
        this.start([entry], inputs.map((t) => t.name), outputs);
        return;
      }
      this.enqueue(entry, outputs);
    });
  }

  /** Runs everything queued as soon as it can and waits until every accepted request is answered. */
  async drain(): Promise<void> {
    for (;;) {
      for (const group of this.open.values()) group.ready = true;
      this.pump();
      if (this.running.size === 0 && this.batchRuns === 0 && this.open.size === 0 && this.sealed.length === 0) return;
      // A group given a slot starts on the next turn; a running one settles (never rejects) later.
      if (this.running.size === 0) await new Promise((r) => setImmediate(r));
      else await Promise.race(this.running);
    }
  }

  private enqueue(entry: Entry, outputs: readonly string[] | undefined): void {
    const key = groupKey(entry.inputs, outputs);
    let group = this.open.get(key);
    if (group && group.rows + entry.rows > this.maxBatchSize) {
      this.seal(group);
      group = undefined;
    }
    if (!group) {
      group = { key, names: entry.inputs.map((t) => t.name).sort(), outputs, entries: [], rows: 0, firstAt: entry.submittedAt, ready: this.maxQueueDelayMs <= 0, starting: false, timer: undefined };
      this.open.set(key, group);
      if (!group.ready) {
        const g = group;
        g.timer = setTimeout(() => {
          g.ready = true;
          this.pump();
        }, this.maxQueueDelayMs);
      }
    }
    group.entries.push(entry);
    group.rows += entry.rows;
    if (group.rows >= this.maxBatchSize) this.seal(group);
    this.pump();
  }

  /** A full group takes no more requests and runs at the next free slot. */
  private seal(group: Group): void {
    this.open.delete(group.key);
    group.ready = true;
    this.sealed.push(group);
  }

  /**
   * Gives free run slots to due groups, oldest first. A group given a slot starts on the
   * next turn of the event loop, not now, and takes requests until then: the runtime may
   * hold the event loop while it runs (onnxruntime-node runs on the main thread), so the
   * requests that piled up meanwhile are read first and join the batch.
   */
  private pump(): void {
    while (this.batchRuns < this.maxConcurrentRuns) {
      let next: Group | undefined = this.sealed.find((g) => !g.starting);
      for (const g of this.open.values()) {
        if (g.ready && !g.starting) {
          // The open map is in creation order: the first due one is the oldest there.
          if (!next || g.firstAt < next.firstAt) next = g;
          break;
        }
      }
      if (!next) return;
      const group = next;
      group.starting = true;
      this.batchRuns++;
      setImmediate(() => {
        if (this.open.get(group.key) === group) this.open.delete(group.key);
        const at = this.sealed.indexOf(group);
        if (at >= 0) this.sealed.splice(at, 1);
        if (group.timer) clearTimeout(group.timer);
        this.start(group.entries, group.names, group.outputs, () => {
          this.batchRuns--;
          this.pump();
        });
      });
    }
  }

  private start(entries: Entry[], names: readonly string[], outputs: readonly string[] | undefined, finished?: () => void): void {
    const job = this.execute(entries, names, outputs).finally(() => {
      this.running.delete(job);
      finished?.();
    });
    this.running.add(job);
  }

  /** Never rejects: a failure is every entry's answer. */
  private async execute(entries: Entry[], names: readonly string[], outputs: readonly string[] | undefined): Promise<void> {
    const startedAt = performance.now();
    const totalRows = entries.reduce((n, e) => n + e.rows, 0);
    try {
      this.options.onBatch?.({ rows: totalRows, requests: entries.length });
      if (entries.length === 1) {
        const only = entries[0]!;
        const result = await this.options.run(only.inputs, outputs);
        only.resolve({ outputs: result, batchRows: only.rows, queueMs: startedAt - only.submittedAt });
        return;
      }
      const inputs = names.map((name) => concatRows(entries.map((e) => e.inputs.find((t) => t.name === name)!)));
      const result = await this.options.run(inputs, outputs);
      const parts = result.map((tensor) => splitRows(tensor, entries.map((e) => e.rows)));
      entries.forEach((entry, i) =>
        entry.resolve({ outputs: parts.map((p) => p[i]!), batchRows: totalRows, queueMs: startedAt - entry.submittedAt }),
      );
    } catch (e) {
      for (const entry of entries) entry.reject(e);
    }
  }
}

/** The rows of a request: the common first dimension of its inputs; undefined when they disagree or one is a scalar. */
export function batchRows(inputs: readonly Tensor[]): number | undefined {
  let rows: number | undefined;
  for (const t of inputs) {
    if (t.shape.length === 0) return undefined;
    if (rows === undefined) rows = t.shape[0];
    else if (rows !== t.shape[0]) return undefined;
  }
  return rows;
}

function groupKey(inputs: readonly Tensor[], outputs: readonly string[] | undefined): string {
  const parts = inputs.map((t) => `${t.name}\u0000${t.datatype}\u0000${t.shape.slice(1).join(',')}`).sort();
  return `${outputs ? outputs.join('\u0000') : '*'}\u0001${parts.join('\u0001')}`;
}

/** Concatenates tensors of the same datatype and trailing dims along dim 0. */
export function concatRows(tensors: readonly Tensor[]): Tensor {
  const first = tensors[0]!;
  const rows = tensors.reduce((n, t) => n + t.shape[0]!, 0);
  const shape = [rows, ...first.shape.slice(1)];
  if (Array.isArray(first.data)) {
    const data = (tensors as Tensor[]).flatMap((t) => t.data as unknown[]) as TensorData;
    return { name: first.name, datatype: first.datatype, shape, data };
  }
  const data = allocate(first.datatype, elementCount(shape)) as Float32Array;
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data as Float32Array, offset);
    offset += t.data.length;
  }
  return { name: first.name, datatype: first.datatype, shape, data };
}

/** Splits a tensor along dim 0 into parts of the given row counts (views, not copies, for typed arrays). */
export function splitRows(tensor: Tensor, rows: readonly number[]): Tensor[] {
  const total = rows.reduce((a, b) => a + b, 0);
  if (tensor.shape.length === 0 || tensor.shape[0] !== total) {
    throw new FlywheelError(
      'INTERNAL',
      `The model answered a batch of ${total} rows with output ${tensor.name} of shape [${tensor.shape.join(', ')}]; it cannot be split back`,
    );
  }
  const stride = elementCount(tensor.shape.slice(1));
  const out: Tensor[] = [];
  let row = 0;
  for (const n of rows) {
    const begin = row * stride;
    const end = (row + n) * stride;
    const data = Array.isArray(tensor.data) ? tensor.data.slice(begin, end) : (tensor.data as Float32Array).subarray(begin, end);
    out.push({ name: tensor.name, datatype: tensor.datatype, shape: [n, ...tensor.shape.slice(1)], data: data as TensorData });
    row += n;
  }
  return out;
}
