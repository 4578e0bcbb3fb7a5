import { randomUUID } from 'node:crypto';
import { FlywheelError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { MLFLOW_LOG_BATCH_LIMITS, takeBatch, type BatchEntry, type LogBatchLimits } from './batch-chunks.js';
import { registerExitFlush, unregisterExitFlush, type ExitFlushable } from './exit-flush.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { LogBatchBody } from './wire.js';

export interface LogBatcherOptions {
  runId: string;
  /**
   * Sends one runs/log-batch request; rejects with a FlywheelError. Every retry of one batch
   * carries the same idempotency key, so a batch whose answer was lost is not stored twice.
   */
  send(body: LogBatchBody, idempotencyKey: string): Promise<void>;
  /** Flush whatever is buffered this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Send as soon as this many entries wait (default 1000, one full request). */
  flushThreshold?: number;
  /** Above this many entries not yet acknowledged, adding waits for room (default 100 000). */
  maxBufferedEntries?: number;
  limits?: Partial<LogBatchLimits>;
  retry?: RetryOptions;
  /** Told about every request the server rejected or that kept failing until retries gave up. */
  onError?(error: FlywheelError, rejected: LogBatchBody): void;
  logger?: Logger;
}

interface Failure {
  /** Global positions [from, to) of the entries the failed request carried. */
  from: number;
  to: number;
  error: FlywheelError;
}

// Only the first failures are kept for flush() to throw; onError hears about every one.
const MAX_KEPT_FAILURES = 100;

/**
 * Buffers metrics, params and tags and sends them in the background as runs/log-batch
 * requests, one at a time in the order they were logged, so each key's points stay in order.
 *
 * - A request goes out when a full request's worth is waiting, on every interval tick, and
 *   on flush(); the interval timer is unref'd so it never keeps a process alive.
 * - Network errors and 5xx are retried with exponential backoff; 4xx are not. A request that
 *   fails for good is reported through `onError` and its error is thrown by the next flush().
 * - Memory is bounded: past `maxBufferedEntries`, add() returns a promise that resolves when
 *   there is room again. Nothing is dropped to make room.
 */
export class LogBatcher implements ExitFlushable {
  private readonly runId: string;
  private readonly sendBatch: (body: LogBatchBody, idempotencyKey: string) => Promise<void>;
  private readonly limits: LogBatchLimits;
  private readonly flushThreshold: number;
  private readonly maxBuffered: number;
  private readonly retry: RetryOptions;
  private readonly onError: LogBatcherOptions['onError'];
  private readonly logger: Logger | undefined;
  private readonly timer: NodeJS.Timeout;

  // queue[head..] are waiting; entries before head were taken (positions are global counts).
  private queue: BatchEntry[] = [];
  private head = 0;
  private enqueued = 0;
  private completed = 0;
  /** Entries before this global position must go out even as a partial request. */
  private drainTo = 0;
  private pumping = false;
  private closed = false;
  private failures: Failure[] = [];
  private readonly doneWaiters: Array<{ upTo: number; targeted: boolean; resolve: () => void }> = [];
  private roomWaiters: Array<() => void> = [];

  constructor(options: LogBatcherOptions) {
    this.runId = options.runId;
    this.sendBatch = options.send;
    this.limits = { ...MLFLOW_LOG_BATCH_LIMITS, ...options.limits };
    this.flushThreshold = options.flushThreshold ?? this.limits.metrics;
    this.maxBuffered = options.maxBufferedEntries ?? 100_000;
    this.retry = options.retry ?? {};
    this.onError = options.onError;
    this.logger = options.logger;
    this.timer = setInterval(() => this.drain(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
    registerExitFlush(this);
  }

  /** Entries logged and not yet acknowledged (or given up on). */
  pendingCount(): number {
    return this.enqueued - this.completed;
  }

  hasPending(): boolean {
    return this.pendingCount() > 0;
  }

  /**
   * Buffers entries. Returns nothing when there is room, or a promise that resolves once the
   * buffer has drained below its cap: await it in a tight loop to get back-pressure.
   */
  add(entries: readonly BatchEntry[]): void | Promise<void> {
    if (this.closed) throw new FlywheelError('FAILED_PRECONDITION', `run ${this.runId} has ended; nothing more can be logged to it`);
    for (const entry of entries) this.queue.push(entry);
    this.enqueued += entries.length;
    if (this.queue.length - this.head >= this.flushThreshold) this.kick();
    if (this.pendingCount() > this.maxBuffered) {
      this.drain();
      return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    return undefined;
  }

  /**
   * Buffers entries and resolves once the server has acknowledged them, rejecting with the
   * server's error if it refused them (that error is then not thrown again by flush()).
   */
  async addAndWait(entries: readonly BatchEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const from = this.enqueued;
    const to = from + entries.length;
    await this.add(entries);
    this.drainTo = Math.max(this.drainTo, to);
    this.kick();
    await this.waitCompleted(to, true);
    const mine = this.failures.filter((f) => f.from < to && f.to > from);
    if (mine.length > 0) {
      this.failures = this.failures.filter((f) => !mine.includes(f));
      throw mine[0]!.error;
    }
  }

  /**
   * Resolves when everything added so far has been acknowledged. Throws the first error of the
   * requests that failed for good since the last flush (each is also given to onError).
   */
  async flush(): Promise<void> {
    const target = this.enqueued;
    this.drainTo = Math.max(this.drainTo, target);
    this.kick();
    await this.waitCompleted(target, false);
    // Only failures of entries this flush covered: later ones belong to a later flush.
    const covered = this.failures.filter((f) => f.from < target);
    if (covered.length > 0) {
      this.failures = this.failures.filter((f) => !covered.includes(f));
      throw covered[0]!.error;
    }
  }

  /** For the exit safety net: failures were already reported through onError. */
  flushQuietly(): Promise<void> {
    return this.flush().catch(() => undefined);
  }

  /** Stops the timer and refuses further entries. Call after a last flush(). */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    unregisterExitFlush(this);
  }

  private drain(): void {
    this.drainTo = this.enqueued;
    this.kick();
  }

  /** `targeted`: the waiter claims the failures of its own entries (addAndWait), so it is told first. */
  private waitCompleted(upTo: number, targeted: boolean): Promise<void> {
    if (this.completed >= upTo) return Promise.resolve();
    return new Promise((resolve) => {
      // Kept sorted by position so notify() can stop at the first one still waiting.
      let i = this.doneWaiters.length;
      while (i > 0 && this.doneWaiters[i - 1]!.upTo > upTo) i--;
      this.doneWaiters.splice(i, 0, { upTo, targeted, resolve });
    });
  }

  private kick(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length > this.head) {
        const batch = takeBatch(this.runId, this.queue, this.head, this.queue.length, this.limits);
        // A partial request waits for more entries unless enough are waiting or someone
        // (the interval, flush, a full buffer) asked for these to go out.
        const waiting = this.queue.length - this.head;
        if (!batch.full && waiting < this.flushThreshold && this.completed >= this.drainTo) break;
        this.head += batch.count;
        this.compact();
        const from = this.completed;
        await this.sendWithRetry(batch.body, from, from + batch.count);
        this.completed = from + batch.count;
        this.notify();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async sendWithRetry(body: LogBatchBody, from: number, to: number): Promise<void> {
    try {
      const key = randomUUID();
      await withRetry(() => this.sendBatch(body, key), this.retry, {
        onRetry: (error, attempt, delayMs) =>
          this.logger?.warn({ runId: this.runId, attempt, delayMs, err: error }, 'log-batch failed; retrying'),
      });
    } catch (e) {
      // Never throws out of the background loop: the failure is kept for flush() and reported.
      const error = e as FlywheelError;
      if (this.failures.length < MAX_KEPT_FAILURES) this.failures.push({ from, to, error });
      this.logger?.error(
        { runId: this.runId, err: error, metrics: body.metrics.length, params: body.params.length, tags: body.tags.length },
        'log-batch rejected',
      );
      try {
        this.onError?.(error, body);
      } catch (callbackError) {
        this.logger?.error({ runId: this.runId, err: callbackError }, 'onError callback threw');
      }
    }
  }

  private notify(): void {
    let ready = 0;
    while (ready < this.doneWaiters.length && this.doneWaiters[ready]!.upTo <= this.completed) ready++;
    const done = this.doneWaiters.splice(0, ready);
    // Callers waiting for their own entries run first and take those entries' failures, so a
    // flush() that finishes at the same moment does not throw an error somebody already got.
    for (const w of done) if (w.targeted) w.resolve();
    for (const w of done) if (!w.targeted) w.resolve();
    if (this.roomWaiters.length > 0 && this.pendingCount() <= this.maxBuffered) {
      const waiting = this.roomWaiters;
      this.roomWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  // Drops taken entries now and then, so the queue does not hold on to everything ever logged.
  private compact(): void {
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
