import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import type { BatchEntry } from './batch-chunks.js';
import { LogBatcher, type LogBatcherOptions } from './log-batcher.js';
import { RestClient } from './rest-client.js';
import { LOG_BATCH_PATH, startRecordingServer, type RecordingServer } from './test-support/recording-server.js';
import type { LogBatchBody, WireMetric } from './wire.js';

const RUN_ID = 'a'.repeat(32);
const FAST_RETRY = { initialDelayMs: 5, maxDelayMs: 20, giveUpAfterMs: 10_000 };

let server: RecordingServer;
let batchers: LogBatcher[] = [];

beforeEach(async () => {
  server = await startRecordingServer();
  server.route('POST', LOG_BATCH_PATH, () => ({ body: {} }));
});

afterEach(async () => {
  for (const b of batchers) b.close();
  batchers = [];
  await server.close();
});

function makeBatcher(options: Partial<LogBatcherOptions> = {}): LogBatcher {
  const rest = new RestClient({ baseUrl: server.url, timeoutMs: 5_000 });
  const batcher = new LogBatcher({
    runId: RUN_ID,
    send: async (body, idempotencyKey) =>
      void (await rest.mlflow('POST', 'runs/log-batch', { ...body }, { headers: { 'idempotency-key': idempotencyKey } })),
    retry: FAST_RETRY,
    flushIntervalMs: 60_000,
    ...options,
  });
  batchers.push(batcher);
  return batcher;
}

const metric = (key: string, step: number, value = step): BatchEntry => ({
  kind: 'metric',
  metric: { key, value, step, timestamp: 1_700_000_000_000 + step },
});

/** Every metric the server stored, in arrival order. */
const storedMetrics = (): WireMetric[] => server.accepted.flatMap((r) => (r.json as LogBatchBody).metrics);

function expectEveryPointOnceInOrder(keys: string[], pointsPerKey: number): void {
  const stored = storedMetrics();
  expect(stored).toHaveLength(keys.length * pointsPerKey);
  for (const key of keys) {
    expect(stored.filter((m) => m.key === key).map((m) => m.step)).toEqual(Array.from({ length: pointsPerKey }, (_, i) => i));
  }
}

describe('log batcher', () => {
  it('sends every retry of one batch with the same idempotency key, and each batch with its own', async () => {
    server.failNext(LOG_BATCH_PATH, 503, 503);
    const batcher = makeBatcher();
    await batcher.add(Array.from({ length: 1500 }, (_, i) => metric('m', i)));
    await batcher.flush();
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  describe('when the server accepts everything', () => {
    it('sends 5000 interleaved points in requests of at most 1000, each point once and in order per key', async () => {
      const batcher = makeBatcher();
      for (let step = 0; step < 1000; step++) {
        await batcher.add(['loss', 'acc', 'lr', 'val_loss', 'val_acc'].map((k) => metric(k, step)));
      }
      await batcher.flush();
      expectEveryPointOnceInOrder(['loss', 'acc', 'lr', 'val_loss', 'val_acc'], 1000);
      expect(server.accepted.every((r) => (r.json as LogBatchBody).metrics.length <= 1000)).toBe(true);
      expect(server.accepted.every((r) => (r.json as LogBatchBody).run_id === RUN_ID)).toBe(true);
    });

    it('keeps params and tags under 100 per request and entities under 1000', async () => {
      const batcher = makeBatcher();
      const entries: BatchEntry[] = [];
      for (let i = 0; i < 250; i++) entries.push({ kind: 'param', param: { key: `p${i}`, value: String(i) } });
      for (let i = 0; i < 250; i++) entries.push({ kind: 'tag', tag: { key: `t${i}`, value: String(i) } });
      for (let i = 0; i < 2500; i++) entries.push(metric('m', i));
      await batcher.add(entries);
      await batcher.flush();
      const bodies = server.accepted.map((r) => r.json as LogBatchBody);
      for (const b of bodies) {
        expect(b.params.length).toBeLessThanOrEqual(100);
        expect(b.tags.length).toBeLessThanOrEqual(100);
        expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(1000);
      }
      expect(bodies.flatMap((b) => b.params.map((p) => p.key))).toEqual(Array.from({ length: 250 }, (_, i) => `p${i}`));
      expect(bodies.flatMap((b) => b.tags.map((t) => t.key))).toEqual(Array.from({ length: 250 }, (_, i) => `t${i}`));
      expectEveryPointOnceInOrder(['m'], 2500);
    });

    it('sends a partial buffer on the interval without a flush', async () => {
      const batcher = makeBatcher({ flushIntervalMs: 20 });
      void batcher.add([metric('loss', 0), metric('loss', 1)]);
      await expect.poll(() => storedMetrics().length, { timeout: 30_000 }).toBe(2);
    });

    it('sends as soon as flushThreshold entries wait', async () => {
      const batcher = makeBatcher({ flushThreshold: 10 });
      void batcher.add(Array.from({ length: 10 }, (_, i) => metric('loss', i)));
      await expect.poll(() => storedMetrics().length, { timeout: 30_000 }).toBe(10);
    });

    it('does not send a partial buffer before the interval or a flush asks for it', async () => {
      const batcher = makeBatcher();
      // add decides at once whether to send: a partial buffer sent by the first add would
      // have gone alone, so both points in one request prove it waited.
      void batcher.add([metric('loss', 0)]);
      void batcher.add([metric('loss', 1)]);
      await batcher.flush();
      expect(server.received).toHaveLength(1);
      expect(storedMetrics()).toHaveLength(2);
    });

    it('sends NaN and infinities as the strings MLflow expects', async () => {
      const batcher = makeBatcher();
      void batcher.add([metric('x', 0, NaN), metric('x', 1, Infinity), metric('x', 2, -Infinity), metric('x', 3, 0.5)]);
      await batcher.flush();
      expect(storedMetrics().map((m) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity', 0.5]);
    });
  });

  describe('when the server fails some requests with 503 or a connection reset', () => {
    it('retries them and stores every point once, in order per key', async () => {
      server.failNext(LOG_BATCH_PATH, 503, 'reset', 503, 'reset', 502);
      const batcher = makeBatcher();
      for (let step = 0; step < 2000; step++) {
        await batcher.add([metric('loss', step), metric('acc', step)]);
      }
      await batcher.flush();
      expect(server.received.length).toBe(server.accepted.length + 5);
      expectEveryPointOnceInOrder(['loss', 'acc'], 2000);
    });

    it('gives up after the retry window and throws the error from flush', async () => {
      server.failNext(LOG_BATCH_PATH, ...Array<503>(1000).fill(503));
      const errors: FlywheelError[] = [];
      const batcher = makeBatcher({
        retry: { initialDelayMs: 5, maxDelayMs: 10, giveUpAfterMs: 100 },
        onError: (e) => errors.push(e),
      });
      void batcher.add([metric('loss', 0)]);
      await expect(batcher.flush()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(errors).toHaveLength(1);
      expect(batcher.pendingCount()).toBe(0);
    });
  });

  describe('when the server rejects a batch with a 4xx', () => {
    beforeEach(() => {
      server.route('POST', LOG_BATCH_PATH, (req) => {
        const body = req.json as LogBatchBody;
        if (body.metrics.some((m) => m.key === 'bad')) {
          return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: "metric 'bad' is not allowed" } };
        }
        return { body: {} };
      });
    });

    it('does not retry it, reports it to onError and throws it from the next flush only', async () => {
      const reported: Array<{ error: FlywheelError; rejected: LogBatchBody }> = [];
      const batcher = makeBatcher({ onError: (error, rejected) => reported.push({ error, rejected }) });
      void batcher.add([metric('bad', 0)]);
      const flushed = batcher.flush();
      await expect(flushed).rejects.toBeInstanceOf(FlywheelError);
      await expect(flushed).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: "metric 'bad' is not allowed" });
      expect(server.received).toHaveLength(1);
      expect(reported).toHaveLength(1);
      expect(reported[0]!.rejected.metrics[0]!.key).toBe('bad');

      void batcher.add([metric('good', 0)]);
      await expect(batcher.flush()).resolves.toBeUndefined();
      expect(storedMetrics().map((m) => m.key)).toEqual(['good']);
    });

    it('gives the error of entries awaited with addAndWait to that caller, not to a flush finishing at the same time', async () => {
      // A held first request keeps the pump busy, so the flush's entry and the awaited one share the next request.
      server.route('POST', LOG_BATCH_PATH, (req) => {
        const body = req.json as LogBatchBody;
        return body.metrics.some((m) => m.key === 'bad') || body.params.length > 0
          ? { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'refused' } }
          : { body: {} };
      });
      const release = server.hold(LOG_BATCH_PATH);
      const batcher = makeBatcher();
      void batcher.add([metric('good', 0)]);
      void batcher.flush().catch(() => undefined);
      void batcher.add([metric('bad', 0)]);
      const flushed = batcher.flush();
      const own = batcher.addAndWait([{ kind: 'param', param: { key: 'lr', value: '0.1' } }]);
      release();
      await expect(own).rejects.toMatchObject({ message: 'refused' });
      await expect(flushed).resolves.toBeUndefined();
      expect(server.accepted).toHaveLength(1);
      expect(server.received).toHaveLength(2);
    });

    it('leaves failures of entries logged after a flush began to the next flush', async () => {
      const release = server.hold(LOG_BATCH_PATH);
      const batcher = makeBatcher();
      void batcher.add([metric('good', 0)]);
      const first = batcher.flush();
      void batcher.add([metric('bad', 0)]);
      release();
      await expect(first).resolves.toBeUndefined();
      await expect(batcher.flush()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('rejects addAndWait with the error of its own entries, and flush does not throw it again', async () => {
      const batcher = makeBatcher();
      await expect(batcher.addAndWait([metric('bad', 0)])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(batcher.flush()).resolves.toBeUndefined();
    });
  });

  describe('when more points wait than the buffer may hold', () => {
    it('makes add wait for room until the server answers, without dropping anything', async () => {
      const release = server.hold(LOG_BATCH_PATH);
      const batcher = makeBatcher({ maxBufferedEntries: 50, flushThreshold: 10 });
      const results: Array<void | Promise<void>> = [];
      for (let step = 0; step < 50; step++) results.push(batcher.add([metric('loss', step)]));
      expect(results.every((r) => r === undefined)).toBe(true);

      const waiting = batcher.add([metric('loss', 50)]);
      expect(waiting).toBeInstanceOf(Promise);
      let resolved = false;
      void (waiting as Promise<void>).then(() => (resolved = true));
      // The batch is at the server, held there unanswered: room has not come, so add still waits.
      await expect.poll(() => server.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await new Promise((r) => setImmediate(r));
      expect(resolved).toBe(false);

      release();
      await waiting;
      await batcher.flush();
      expectEveryPointOnceInOrder(['loss'], 51);
    });
  });

  describe('after close', () => {
    it('refuses new entries with FAILED_PRECONDITION', () => {
      const batcher = makeBatcher();
      batcher.close();
      expect(() => batcher.add([metric('loss', 0)])).toThrow(expect.objectContaining({ code: 'FAILED_PRECONDITION' }));
    });
  });
});
