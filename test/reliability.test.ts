import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltServer, staleBuildFiles, startServerProcess, type ServerProcess } from './support/server-process.js';

/*
 * Durability against a crash of the server process: every log-batch the server answered with
 * a 2xx must survive a SIGKILL, with exact values (NaN and ±Infinity included). Several
 * client streams write as fast as they can; the server is killed while requests are in
 * flight, started again on the same data dir (SQLite, the default), and every acknowledged
 * point is read back. Unacknowledged writes may or may not be there, but nothing we did not
 * send may appear, and nothing may appear twice.
 *
 * Every batch carries an Idempotency-Key, as the SDK sends it. After each restart the batches
 * that were in flight are sent again with their keys, as the SDK retries them: each must then
 * be stored exactly once, whether or not it had landed before the kill.
 *
 * Randomness comes from one seed, printed with every failure; FW_TEST_SEED=<n> replays it.
 */

const STREAMS = 4;
const CYCLES = 3;
const KEYS_PER_STREAM = 5;

const SEED = process.env.FW_TEST_SEED ? Number(process.env.FW_TEST_SEED) : Math.floor(Math.random() * 2 ** 31);

/** mulberry32: small, seedable, good enough to pick sizes and values. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(SEED);
const randInt = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const context = () => `(seed ${SEED}; replay with FW_TEST_SEED=${SEED})`;

interface Point {
  value: number;
  timestamp: number;
  step: number;
}

/** A double and the way it goes on the wire: protobuf JSON writes NaN and ±Infinity as strings. */
function randomValue(): { value: number; wire: number | string } {
  const r = random();
  if (r < 0.05) return { value: Number.NaN, wire: 'NaN' };
  if (r < 0.08) return { value: Number.POSITIVE_INFINITY, wire: 'Infinity' };
  if (r < 0.11) return { value: Number.NEGATIVE_INFINITY, wire: '-Infinity' };
  if (r < 0.13) {
    const v = [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 1e-300][randInt(0, 4)] as number;
    return { value: v, wire: v };
  }
  if (r < 0.16) {
    // A double as a numeric string, which protobuf JSON parsers accept.
    const v = Number(((random() - 0.5) * 1e6).toPrecision(12));
    return { value: v, wire: String(v) };
  }
  if (r < 0.3) {
    const v = randInt(-1_000_000, 1_000_000);
    return { value: v === 0 ? 1 : v, wire: v === 0 ? 1 : v };
  }
  const v = (random() - 0.5) * 10 ** randInt(-30, 30);
  return { value: v === 0 ? 1 : v, wire: v === 0 ? 1 : v };
}

/** int64 fields as a number or, as protobuf JSON may write them, a decimal string. */
const int64Wire = (n: number): number | string => (random() < 0.3 ? String(n) : n);

/** What the client knows: every point it sent and which of them the server acknowledged. */
class Ledger {
  readonly sent = new Map<string, Map<number, Point>>();
  readonly acked = new Map<string, Map<number, Point>>();
  readonly ackedParams = new Map<string, string>();
  readonly ackedTags = new Map<string, string>();
  private readonly nextStep = new Map<string, number>();

  step(key: string): number {
    // One key counts from near 2^52 so that large int64 steps make the round trip too.
    const first = key.endsWith('-k0') ? 2 ** 52 : 0;
    const step = this.nextStep.get(key) ?? first;
    this.nextStep.set(key, step + 1);
    return step;
  }

  send(key: string, point: Point): void {
    let m = this.sent.get(key);
    if (!m) this.sent.set(key, (m = new Map()));
    m.set(point.step, point);
  }

  ack(key: string, point: Point): void {
    let m = this.acked.get(key);
    if (!m) this.acked.set(key, (m = new Map()));
    m.set(point.step, point);
  }

  ackBatch(batch: Batch): void {
    for (const { key, point } of batch.points) this.ack(key, point);
    for (const p of batch.params) this.ackedParams.set(p.key, p.value);
    for (const t of batch.tags) this.ackedTags.set(t.key, t.value);
  }

  ackedPointCount(): number {
    let n = 0;
    for (const m of this.acked.values()) n += m.size;
    return n;
  }
}

interface Batch {
  idempotencyKey: string;
  body: Record<string, unknown>;
  points: Array<{ key: string; point: Point }>;
  params: Array<{ key: string; value: string }>;
  tags: Array<{ key: string; value: string }>;
}

function makeBatch(ledger: Ledger, runId: string, stream: number, cycle: number, counter: { n: number }): Batch {
  const keys = [
    ...Array.from({ length: KEYS_PER_STREAM }, (_, k) => `s${stream}-k${k}`),
    // A key that only this cycle writes: new series are created while the server is killed too.
    `s${stream}-cycle${cycle}`,
  ];
  const params: Batch['params'] = [];
  const tags: Batch['tags'] = [];
  if (random() < 0.2) {
    for (let i = randInt(1, 5); i > 0; i--) {
      const n = counter.n++;
      params.push({ key: `p-s${stream}-${n}`, value: `param ${n} \u00e9\u6f22 ${'x'.repeat(randInt(0, 200))}` });
      tags.push({ key: `t-s${stream}-${n}`, value: `tag ${n}` });
    }
  }
  const count = randInt(100, 1000 - params.length - tags.length);
  const points: Batch['points'] = [];
  const metrics: unknown[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const key = keys[randInt(0, keys.length - 1)] as string;
    const { value, wire } = randomValue();
    const point: Point = { value, timestamp: now + randInt(0, 1000), step: ledger.step(key) };
    ledger.send(key, point);
    points.push({ key, point });
    metrics.push({ key, value: wire, timestamp: int64Wire(point.timestamp), step: int64Wire(point.step) });
  }
  const body: Record<string, unknown> = { run_id: runId, metrics };
  if (params.length > 0) {
    body.params = params;
    body.tags = tags;
  }
  return { idempotencyKey: randomUUID(), body, points, params, tags };
}

interface StreamResult {
  acknowledged: number;
  /** Batches whose request failed (connection reset by the kill): not acknowledged. */
  failed: Batch[];
  /** Non-2xx answers: the payloads are valid, so each one is a server bug. */
  refusals: string[];
}

/** One client stream: log-batch after log-batch until a request fails (the server was killed). */
async function writeStream(options: {
  url: string;
  runId: string;
  stream: number;
  cycle: number;
  ledger: Ledger;
  counter: { n: number };
  killed: () => boolean;
  onAck: () => void;
}): Promise<StreamResult> {
  const result: StreamResult = { acknowledged: 0, failed: [], refusals: [] };
  while (true) {
    const batch = makeBatch(options.ledger, options.runId, options.stream, options.cycle, options.counter);
    let res: Response;
    try {
      res = await fetch(`${options.url}/api/2.0/mlflow/runs/log-batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': batch.idempotencyKey },
        body: JSON.stringify(batch.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      result.failed.push(batch);
      if (!options.killed()) result.refusals.push(`request failed before the kill: ${(e as Error).message} ${String((e as Error).cause ?? '')}`);
      return result;
    }
    if (res.ok) {
      // The status line is the acknowledgement; the body may not make it if the kill comes now.
      options.ledger.ackBatch(batch);
      result.acknowledged++;
      options.onAck();
      await res.arrayBuffer().catch(() => undefined);
    } else {
      const text = await res.text().catch((e: Error) => `<body lost: ${e.message}>`);
      result.refusals.push(`HTTP ${res.status}: ${text.slice(0, 500)}`);
      return result;
    }
    if (options.killed()) return result;
  }
}

async function api(
  url: string,
  path: string,
  init?: { body: unknown; headers?: Record<string, string> },
): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${url}/api/2.0/mlflow/${path}`, {
    method: init ? 'POST' : 'GET',
    ...(init ? { headers: { 'content-type': 'application/json', ...init.headers }, body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

function decodeWireDouble(v: unknown): number {
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof v === 'number') return v;
  throw new Error(`not a protobuf JSON double: ${JSON.stringify(v)}`);
}

async function history(url: string, runId: string, key: string): Promise<Point[]> {
  const points: Point[] = [];
  let token: string | undefined;
  do {
    const qs = new URLSearchParams({ run_id: runId, metric_key: key });
    if (token) qs.set('page_token', token);
    const res = await api(url, `metrics/get-history?${qs}`);
    if (res.status !== 200) throw new Error(`get-history ${key} answered ${res.status}: ${res.text.slice(0, 500)}`);
    for (const m of res.body.metrics as Array<Record<string, unknown>>) {
      if (m.key !== key) throw new Error(`get-history ${key} returned a point of key ${JSON.stringify(m.key)}`);
      points.push({ value: decodeWireDouble(m.value), timestamp: Number(m.timestamp), step: Number(m.step) });
    }
    token = res.body.next_page_token;
  } while (token);
  return points;
}

const show = (p: Point | undefined) => (p ? `{value: ${String(p.value)}, timestamp: ${p.timestamp}, step: ${p.step}}` : 'nothing');
const samePoint = (a: Point, b: Point) => Object.is(a.value, b.value) && a.timestamp === b.timestamp && a.step === b.step;

/**
 * Reads everything back and lists every broken promise: an acknowledged point missing or
 * changed, a point we never sent, a duplicate, a run's latest value that disagrees with its
 * history, a lost param or tag.
 */
async function verify(url: string, runId: string, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  const stored = new Map<string, Point[]>();
  for (const key of ledger.sent.keys()) stored.set(key, await history(url, runId, key));

  for (const [key, points] of stored) {
    const sent = ledger.sent.get(key) ?? new Map<number, Point>();
    const acked = ledger.acked.get(key) ?? new Map<number, Point>();
    const byStep = new Map<number, Point>();
    for (const p of points) {
      if (byStep.has(p.step)) problems.push(`${key}: step ${p.step} appears more than once`);
      byStep.set(p.step, p);
      const original = sent.get(p.step);
      if (!original) problems.push(`${key}: a point that was never sent: ${show(p)}`);
      else if (!samePoint(original, p)) problems.push(`${key}: stored ${show(p)} but sent ${show(original)}`);
    }
    let missing = 0;
    for (const [step, p] of acked) {
      const found = byStep.get(step);
      if (!found) {
        if (++missing <= 5) problems.push(`${key}: acknowledged point lost: ${show(p)}`);
      } else if (!samePoint(found, p)) {
        problems.push(`${key}: acknowledged ${show(p)} reads back as ${show(found)}`);
      }
    }
    if (missing > 5) problems.push(`${key}: ... ${missing} acknowledged points lost in all (of ${acked.size})`);
  }

  const run = await api(url, `runs/get?run_id=${runId}`);
  if (run.status !== 200) return [...problems, `runs/get answered ${run.status}: ${run.text.slice(0, 500)}`];
  const latest = new Map<string, Point>();
  for (const m of run.body.run.data.metrics as Array<Record<string, unknown>>) {
    latest.set(String(m.key), { value: decodeWireDouble(m.value), timestamp: Number(m.timestamp), step: Number(m.step) });
  }
  for (const [key, points] of stored) {
    if (points.length === 0) {
      if (latest.has(key)) problems.push(`${key}: runs/get shows a latest value ${show(latest.get(key))} but the history is empty`);
      continue;
    }
    // Steps are unique per key, so the latest point (greatest step first) is the one with the greatest step.
    const expected = points.reduce((a, b) => (b.step > a.step ? b : a));
    const got = latest.get(key);
    if (!got || !samePoint(got, expected)) problems.push(`${key}: runs/get latest ${show(got)} disagrees with the history's ${show(expected)}`);
  }
  const params = new Map((run.body.run.data.params as Array<{ key: string; value: string }>).map((p) => [p.key, p.value]));
  const tags = new Map((run.body.run.data.tags as Array<{ key: string; value: string }>).map((t) => [t.key, t.value]));
  for (const [key, value] of ledger.ackedParams) {
    if (params.get(key) !== value) problems.push(`param ${key}: acknowledged ${JSON.stringify(value.slice(0, 40))}, reads back as ${JSON.stringify(params.get(key)?.slice(0, 40))}`);
  }
  for (const [key, value] of ledger.ackedTags) {
    if (tags.get(key) !== value) problems.push(`tag ${key}: acknowledged ${JSON.stringify(value)}, reads back as ${JSON.stringify(tags.get(key))}`);
  }
  return problems;
}

let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  requireBuiltServer();
  const stale = staleBuildFiles();
  if (stale.length > 0) {
    console.warn(`reliability test: dist/ may be older than the source (${stale.join(', ')}); run \`npm run build\` to test the current code`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'fw-reliability-'));
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the tracking server under SIGKILL', () => {
  it(
    'loses no acknowledged metric, param or tag across three kill/restart cycles, and stores retried batches once',
    async () => {
      server = await startServerProcess({ dataDir });
      const exp = await api(server.url, 'experiments/create', { body: { name: `reliability-${process.pid}-${Date.now()}` } });
      expect(exp.status, exp.text).toBe(200);
      const created = await api(server.url, 'runs/create', { body: { experiment_id: exp.body.experiment_id, start_time: Date.now() } });
      expect(created.status, created.text).toBe(200);
      const runId: string = created.body.run.info.run_id;

      const ledger = new Ledger();
      const counter = { n: 0 };
      const cycles: string[] = [];

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const live = server;
        let killed = false;
        const killAfterMs = randInt(300, 1500);
        const before = ledger.ackedPointCount();
        let firstAck!: () => void;
        const acked = new Promise<void>((resolve) => (firstAck = resolve));
        const streams = Array.from({ length: STREAMS }, (_, stream) =>
          writeStream({ url: live.url, runId, stream, cycle, ledger, counter, killed: () => killed, onAck: firstAck }),
        );
        // The clock starts at the first acknowledgement, so a slow machine still kills mid-stream.
        await Promise.race([acked, Promise.all(streams)]);
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        killed = true;
        await live.kill();
        const results = await Promise.all(streams);

        const refusals = results.flatMap((r) => r.refusals);
        expect(refusals, `valid log-batch requests were refused in cycle ${cycle} ${context()}`).toEqual([]);
        const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
        const inFlight = results.flatMap((r) => r.failed);
        cycles.push(
          `cycle ${cycle}: killed ${killAfterMs} ms after the first acknowledgement, ${acknowledged} batches (${ledger.ackedPointCount() - before} points) acknowledged, ${inFlight.length} in flight`,
        );
        expect(acknowledged, `no batch was acknowledged before the kill in cycle ${cycle} ${context()}`).toBeGreaterThan(0);

        // Restart on the same data dir: it must open and migrate cleanly after the crash.
        server = await startServerProcess({ dataDir });
        expect(server.errorLogs(), `errors logged while restarting after the kill ${context()}\n${server.output()}`).toEqual([]);

        const problems = await verify(server.url, runId, ledger);
        expect(problems, `after kill ${cycle + 1} ${context()}\n${cycles.join('\n')}`).toEqual([]);

        // The SDK's retry: the batches cut off by the kill, again, with the same keys.
        for (const batch of inFlight) {
          const retry = await api(server.url, 'runs/log-batch', { body: batch.body, headers: { 'idempotency-key': batch.idempotencyKey } });
          expect(retry.status, `a retried batch after restart ${cycle + 1}: ${retry.text}`).toBe(200);
          ledger.ackBatch(batch);
        }
        const afterRetries = await verify(server.url, runId, ledger);
        expect(afterRetries, `after retrying the ${inFlight.length} batches in flight at kill ${cycle + 1} ${context()}`).toEqual([]);

        // And it takes new writes: one more batch, read back at once.
        const fresh = makeBatch(ledger, runId, 0, cycle, counter);
        const write = await api(server.url, 'runs/log-batch', { body: fresh.body, headers: { 'idempotency-key': fresh.idempotencyKey } });
        expect(write.status, `a write after restart ${cycle + 1}: ${write.text}`).toBe(200);
        ledger.ackBatch(fresh);
        const afterWrite = await verify(server.url, runId, ledger);
        expect(afterWrite, `after the write that followed restart ${cycle + 1} ${context()}`).toEqual([]);
        expect(server.errorLogs(), `errors logged by the restarted server ${context()}\n${server.output()}`).toEqual([]);
      }
    },
    180_000,
  );
});
