import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FlywheelError } from '../../core/errors.js';
import { HASH_WORKER_SOURCE } from './hash-worker-source.js';

/** Work for a pool worker (see hash-worker-source.ts). `size` is the expected size, for batching. */
export type PoolJob =
  | { op: 'hash'; src: string; size: number }
  | { op: 'copy' | 'reflink' | 'link'; src: string; dst: string; expect: string; mode: number; size: number };

export interface PoolResult {
  hash?: string;
  /** Bytes read. */
  size?: number;
  /** How a file was put in place: 'reflink', 'hardlink' or 'copy'. */
  how?: 'reflink' | 'hardlink' | 'copy';
  /** The placed file's lstat: size, mtimeNs, ino (decimal strings) and st_mode. */
  stat?: [string, string, string, number];
  /** 'mismatch' when the bytes did not hash to `expect`; else the system error's message. */
  error?: string;
  code?: string;
}

export interface HashPoolOptions {
  /** Default os.availableParallelism(), at least 4. */
  threads?: number;
}

// Many small files go in one message, so that 100k files are ~400 messages, not 100k; a
// message's bytes are capped too, so the work still spreads evenly over the workers.
const BATCH_FILES = 256;
const BATCH_BYTES = 4 << 20;
// Two batches per worker: one being worked on, one waiting, so a worker never idles on a round trip.
const IN_FLIGHT_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  inFlight: number;
}

interface Batch {
  start: number;
  jobs: PoolJob[];
}

/**
 * SHA-256 (and verified copies) of files over all cores, with worker_threads. Workers start on
 * the first job and stay until close(); they do not keep the process alive while idle.
 *
 * @example
 * const pool = new HashPool();
 * try {
 *   const results = await pool.run(files.map((f) => ({ op: 'hash', src: f.abs, size: f.size })));
 * } finally {
 *   await pool.close();
 * }
 */
export class HashPool {
  private readonly threads: number;
  private readonly slots: Slot[] = [];
  private nextId = 0;
  /** Batches not yet sent, of every run() in progress, oldest first. */
  private readonly waiting: Queued[] = [];
  private readonly sent = new Map<number, Queued & { slot: Slot }>();
  private readonly runs = new Set<(e: Error) => void>();
  private failure: Error | undefined;

  constructor(options: HashPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? defaultThreads());
  }

  /**
   * Runs `jobs` and resolves their results in the same order. `onResult` hears of each as it
   * completes (for progress and pipelines). Put large files first for the best spread.
   */
  run(jobs: readonly PoolJob[], onResult?: (index: number, result: PoolResult) => void): Promise<PoolResult[]> {
    const results: PoolResult[] = new Array<PoolResult>(jobs.length);
    if (jobs.length === 0) return Promise.resolve(results);
    if (this.failure) return Promise.reject(this.failure);
    const batches = makeBatches(jobs);
    return new Promise<PoolResult[]>((resolve, reject) => {
      let open = batches.length;
      this.runs.add(reject);
      for (const batch of batches) {
        this.waiting.push({
          batch,
          done: (batchResults) => {
            try {
              for (let i = 0; i < batchResults.length; i++) {
                results[batch.start + i] = batchResults[i]!;
                onResult?.(batch.start + i, batchResults[i]!);
              }
            } catch (e) {
              // The caller's callback failed: the run fails with it (later batches are ignored).
              this.runs.delete(reject);
              reject(e);
            }
            if (--open === 0) {
              this.runs.delete(reject);
              resolve(results);
            }
          },
        });
      }
      this.grow(this.waiting.length);
      this.pump();
    });
  }

  /** Stops the workers. A pool is cheap to make again. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (slot.inFlight < IN_FLIGHT_PER_WORKER && this.waiting.length > 0) {
        const queued = this.waiting.shift()!;
        const id = this.nextId++;
        if (slot.inFlight++ === 0) slot.worker.ref();
        this.sent.set(id, { ...queued, slot });
        slot.worker.postMessage({ id, jobs: queued.batch.jobs });
      }
    }
  }

  private grow(batches: number): void {
    const want = Math.min(this.threads, batches);
    while (this.slots.length < want) {
      const worker = new Worker(HASH_WORKER_SOURCE, { eval: true });
      // Referenced only while it has work, so an idle pool never keeps the process alive.
      worker.unref();
      const slot: Slot = { worker, inFlight: 0 };
      worker.on('message', (m: { id: number; results: PoolResult[] }) => {
        const entry = this.sent.get(m.id);
        if (!entry) return;
        this.sent.delete(m.id);
        if (--slot.inFlight === 0) slot.worker.unref();
        try {
          entry.done(m.results);
        } finally {
          this.pump();
        }
      });
      worker.on('error', (e) => this.fail(new FlywheelError('INTERNAL', `a hash worker failed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => {
        if (code !== 0 && this.slots.includes(slot)) this.fail(new FlywheelError('INTERNAL', `a hash worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  private fail(e: Error): void {
    this.failure = e;
    this.sent.clear();
    this.waiting.length = 0;
    for (const reject of this.runs) reject(e);
    this.runs.clear();
  }
}

/**
 * One worker per core, and at least 4: reading files that are not in the page cache waits on
 * the disk, and a few more reads in flight hide that wait (10k cold small files on 2 cores:
 * 0.87 s with 2 workers, 0.54 s with 8); hashing from memory is not slowed by the extra ones.
 */
const defaultThreads = (): number => Math.max(4, availableParallelism());

interface Queued {
  batch: Batch;
  done: (results: PoolResult[]) => void;
}

function makeBatches(jobs: readonly PoolJob[]): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | undefined;
  let bytes = 0;
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    if (!current || current.jobs.length >= BATCH_FILES || bytes + job.size > BATCH_BYTES) {
      current = { start: i, jobs: [] };
      batches.push(current);
      bytes = 0;
    }
    current.jobs.push(job);
    bytes += job.size;
  }
  return batches;
}
