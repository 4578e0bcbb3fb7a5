import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../src/core/index.js';
import { FsBlobStore } from '../../src/storage/index.js';
import { createTrackingService, type Metric, type TrackingApi } from '../../src/tracking/index.js';
import type { TestEngine } from './databases.js';

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof FlywheelError) return e.code;
    throw e;
  }
  return 'OK';
};

const text = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The doubles every write path must keep: JSON has no literal for the first three, the
 * drivers and SQL text have their own ideas about the rest.
 */
export const EDGE_DOUBLES: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  5e-324,
  -5e-324,
  0.1,
  2 ** 53 + 2,
];

/**
 * Equality of stored doubles: NaN equals NaN, and the sign of a zero is not compared, because
 * no layer keeps it everywhere (SQLite stores a REAL -0.0 as the integer 0, node-postgres
 * sends -0 as "0", JSON.stringify writes 0; MLflow itself compares -0.0 == 0.0).
 */
export const sameDouble = (a: number, b: number): boolean => Object.is(a, b) || (a === 0 && b === 0);
export const sameDoubles = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => sameDouble(x, b[i]!));

/** What the suite runs on: the service over a database, or a client over HTTP. */
export interface TrackingTarget {
  name: string;
  /** Why the whole target is skipped, when it is. */
  skip?: string | undefined;
  open(): Promise<{ api: TrackingApi; close(): Promise<void> }>;
  /** Methods this target cannot offer, each with the reason: the tests that need one are skipped with it. */
  unsupported?: Partial<Record<keyof TrackingApi, string>>;
}

/** The tracking contract run on the service over one database engine. */
export function runTrackingSuite(engine: TestEngine): void {
  runTrackingStoreSuite({
    name: engine.name,
    skip: engine.skip,
    open: async () => {
      const database = await engine.open();
      const dir = await mkdtemp(join(tmpdir(), 'fw-contract-'));
      const service = await createTrackingService({ database, blobs: new FsBlobStore(join(dir, 'blobs')) });
      return {
        api: service,
        close: async () => {
          await service.close();
          await database.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  });
}

/** The tracking contract: every implementation of TrackingApi must pass all of it. */
export function runTrackingStoreSuite(target: TrackingTarget): void {
  const suite = target.skip ? describe.skip : describe;
  /** `it`, or `it.skip` with the reason when the target lacks one of these methods. */
  const needs = (...methods: Array<keyof TrackingApi>) => {
    const reason = methods.map((m) => target.unsupported?.[m] && `${m}: ${target.unsupported[m]}`).find(Boolean);
    return reason ? (title: string, fn: () => Promise<void>) => it.skip(`${title} (skipped: ${reason})`, fn) : it;
  };
  suite(`tracking on ${target.name}${target.skip ? ` (skipped: ${target.skip})` : ''}`, () => {
    let t: TrackingApi;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ api: t, close } = await target.open());
    });
    afterAll(async () => {
      await close?.();
    });

    describe('experiments', () => {
      it('has the default experiment 0', async () => {
        const exp = await t.getExperiment('0');
        expect(exp.name).toBe('Default');
        expect(exp.lifecycleStage).toBe('active');
      });

      it('creates, finds by name, renames and tags an experiment', async () => {
        const id = await t.createExperiment({ name: 'exp-a', tags: [{ key: 'team', value: 'vision' }] });
        const exp = await t.getExperimentByName('exp-a');
        expect(exp.experimentId).toBe(id);
        expect(exp.artifactLocation).toBe(`mlflow-artifacts:/${id}`);
        expect(exp.tags).toEqual([{ key: 'team', value: 'vision' }]);
        await t.renameExperiment(id, 'exp-a2');
        await t.setExperimentTag(id, { key: 'team', value: 'nlp' });
        const renamed = await t.getExperiment(id);
        expect(renamed.name).toBe('exp-a2');
        expect(renamed.tags).toEqual([{ key: 'team', value: 'nlp' }]);
      });

      it('refuses a duplicate name with ALREADY_EXISTS and an unknown id with NOT_FOUND', async () => {
        await t.createExperiment({ name: 'dup' });
        expect(await codeOf(t.createExperiment({ name: 'dup' }))).toBe('ALREADY_EXISTS');
        expect(await codeOf(t.getExperiment('987654'))).toBe('NOT_FOUND');
        expect(await codeOf(t.getExperiment('not-a-number'))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.getExperimentByName('nope'))).toBe('NOT_FOUND');
      });

      it('deletes an experiment with its runs and restores both', async () => {
        const id = await t.createExperiment({ name: 'to-delete' });
        const run = await t.createRun({ experimentId: id });
        await t.deleteExperiment(id);
        expect((await t.getExperiment(id)).lifecycleStage).toBe('deleted');
        expect((await t.getRun(run.info.runId)).info.lifecycleStage).toBe('deleted');
        const active = await t.searchExperiments({ maxResults: 1000 });
        expect(active.items.map((e) => e.experimentId)).not.toContain(id);
        const deleted = await t.searchExperiments({ viewType: 'DELETED_ONLY' });
        expect(deleted.items.map((e) => e.experimentId)).toContain(id);
        expect(await codeOf(t.createRun({ experimentId: id }))).toBe('FAILED_PRECONDITION');
        await t.restoreExperiment(id);
        expect((await t.getRun(run.info.runId)).info.lifecycleStage).toBe('active');
      });

      it('pages through experiments without repeats', async () => {
        for (let i = 0; i < 5; i++) await t.createExperiment({ name: `page-${i}` });
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await t.searchExperiments({ maxResults: 2, ...(token ? { pageToken: token } : {}) });
          seen.push(...page.items.map((e) => e.experimentId));
          token = page.nextPageToken;
        } while (token);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBeGreaterThanOrEqual(6);
        expect(await codeOf(t.searchExperiments({ pageToken: '@@garbage' }))).toBe('INVALID_ARGUMENT');
      });
    });

    describe('runs', () => {
      let exp: string;
      beforeAll(async () => {
        exp = await t.createExperiment({ name: 'runs-exp' });
      });

      it('creates a run with a name, tags and an artifact URI under its experiment', async () => {
        const run = await t.createRun({ experimentId: exp, runName: 'first', tags: [{ key: 'mlflow.user', value: 'ada' }], startTime: 1000 });
        expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
        expect(run.info.runName).toBe('first');
        expect(run.info.userId).toBe('ada');
        expect(run.info.status).toBe('RUNNING');
        expect(run.info.startTime).toBe(1000);
        expect(run.info.artifactUri).toBe(`mlflow-artifacts:/${exp}/${run.info.runId}/artifacts`);
        expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'first' });
        const generated = await t.createRun({ experimentId: exp });
        expect(generated.info.runName).toMatch(/^[a-z]+-[a-z]+-\d+$/);
      });

      it('updates status, end time and name', async () => {
        const run = await t.createRun({ experimentId: exp });
        const info = await t.updateRun({ runId: run.info.runId, status: 'FINISHED', endTime: 5000, runName: 'renamed' });
        expect(info.status).toBe('FINISHED');
        const got = await t.getRun(run.info.runId);
        expect(got.info.endTime).toBe(5000);
        expect(got.info.runName).toBe('renamed');
        expect(got.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'renamed' });
        expect(await codeOf(t.updateRun({ runId: run.info.runId, status: 'BOGUS' as never }))).toBe('INVALID_ARGUMENT');
      });

      it('answers NOT_FOUND for an unknown run, whatever the shape of its id, and INVALID_ARGUMENT for a missing one', async () => {
        expect(await codeOf(t.getRun('0'.repeat(32)))).toBe('NOT_FOUND');
        expect(await codeOf(t.getRun('../etc/passwd'))).toBe('NOT_FOUND');
        expect(await codeOf(t.getRun(''))).toBe('INVALID_ARGUMENT');
      });

      it('keeps params write-once: same value is accepted, a new value is refused and the batch writes nothing', async () => {
        const { info } = await t.createRun({ experimentId: exp, runName: 'params-once' });
        await t.logParam(info.runId, 'lr', '0.1');
        await t.logParam(info.runId, 'lr', '0.1');
        expect(
          await codeOf(
            t.logBatch({
              runId: info.runId,
              // The changed param comes last, after a new param and with tags and a run name.
              params: [{ key: 'fresh', value: 'x' }, { key: 'lr', value: '0.2' }],
              tags: [{ key: 'batch-tag', value: 'x' }, { key: 'mlflow.runName', value: 'renamed-by-batch' }],
              metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
            }),
          ),
        ).toBe('INVALID_ARGUMENT');
        await expectUntouched(info.runId, { params: [{ key: 'lr', value: '0.1' }], runName: 'params-once' });
      });

      /** The run holds only what it had before a refused batch: its params, no batch tag, no metric, its name. */
      const expectUntouched = async (runId: string, before: { params: Array<{ key: string; value: string }>; runName: string }) => {
        const run = await t.getRun(runId);
        expect(run.data.params).toEqual(before.params);
        expect(run.data.tags.filter((x) => !x.key.startsWith('mlflow.'))).toEqual([]);
        expect(run.data.metrics).toEqual([]);
        expect(run.info.runName).toBe(before.runName);
        expect((await t.getMetricHistory({ runId, key: 'm' })).items).toEqual([]);
      };

      it('commits a log-batch all or nothing: a bad metric late in the batch leaves its params and tags unwritten', async () => {
        const { info } = await t.createRun({ experimentId: exp, runName: 'late-bad' });
        const metrics = [
          { key: 'm', value: 1, timestamp: 1, step: 0 },
          { key: 'm', value: 2, timestamp: 2, step: 1 },
          { key: 'm', value: 3, timestamp: 2.5, step: 2 },
        ];
        expect(
          await codeOf(t.logBatch({ runId: info.runId, params: [{ key: 'p', value: 'v' }], tags: [{ key: 'batch-tag', value: 'x' }], metrics })),
        ).toBe('INVALID_ARGUMENT');
        await expectUntouched(info.runId, { params: [], runName: 'late-bad' });
      });

      it('commits a log-batch all or nothing: an idempotency key reused for other points rolls back its params and tags too', async () => {
        const { info } = await t.createRun({ experimentId: exp, runName: 'key-reused' });
        const other = (await t.createRun({ experimentId: exp })).info.runId;
        const requestId = `reused-${info.runId}`;
        await t.logBatch({ runId: other, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], requestId });
        const batch = {
          runId: info.runId,
          params: [{ key: 'p', value: 'v' }],
          tags: [{ key: 'batch-tag', value: 'x' }, { key: 'mlflow.runName', value: 'renamed-by-batch' }],
          metrics: [{ key: 'm', value: 2, timestamp: 1, step: 0 }],
          requestId,
        };
        expect(await codeOf(t.logBatch(batch))).toBe('CONFLICT');
        await expectUntouched(info.runId, { params: [], runName: 'key-reused' });
      });

      it('commits batches sent at the same moment independently: a refused one does not take the others with it', async () => {
        const { info } = await t.createRun({ experimentId: exp, runName: 'concurrent' });
        await t.logParam(info.runId, 'lr', '0.1');
        const good = (i: number) =>
          t.logBatch({ runId: info.runId, tags: [{ key: `good-${i}`, value: 'x' }], metrics: [{ key: 'm', value: i, timestamp: i, step: i }] });
        const bad = t.logBatch({
          runId: info.runId,
          params: [{ key: 'lr', value: '0.2' }],
          tags: [{ key: 'bad', value: 'x' }],
          metrics: [{ key: 'm', value: 99, timestamp: 99, step: 99 }],
        });
        const codes = await Promise.all([good(1), bad, good(2), good(3)].map(codeOf));
        expect(codes).toEqual(['OK', 'INVALID_ARGUMENT', 'OK', 'OK']);
        const run = await t.getRun(info.runId);
        expect(run.data.tags.map((x) => x.key).filter((k) => !k.startsWith('mlflow.')).sort()).toEqual(['good-1', 'good-2', 'good-3']);
        expect((await t.getMetricHistory({ runId: info.runId, key: 'm' })).items.map((m) => m.value).sort()).toEqual([1, 2, 3]);
        expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
      });

      it('renames a run through an mlflow.runName tag in a batch, and writes its params and tags together', async () => {
        const { info } = await t.createRun({ experimentId: exp, runName: 'before' });
        await t.logBatch({
          runId: info.runId,
          params: [{ key: 'a', value: '1' }, { key: 'a', value: '1' }, { key: 'b', value: '' }],
          tags: [{ key: 'mlflow.runName', value: 'after' }, { key: 't', value: 'first' }, { key: 't', value: 'last wins' }],
        });
        const run = await t.getRun(info.runId);
        expect(run.info.runName).toBe('after');
        expect([...run.data.params].sort((x, y) => x.key.localeCompare(y.key))).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '' }]);
        expect(run.data.tags).toContainEqual({ key: 't', value: 'last wins' });
        expect(await codeOf(t.logBatch({ runId: info.runId, params: [{ key: 'c', value: '1' }, { key: 'c', value: '2' }] }))).toBe('INVALID_ARGUMENT');
      });

      it('sets and deletes tags', async () => {
        const { info } = await t.createRun({ experimentId: exp });
        await t.setTag(info.runId, { key: 'k', value: 'v1' });
        await t.setTag(info.runId, { key: 'k', value: 'v2' });
        expect((await t.getRun(info.runId)).data.tags).toContainEqual({ key: 'k', value: 'v2' });
        await t.deleteTag(info.runId, 'k');
        expect((await t.getRun(info.runId)).data.tags.find((x) => x.key === 'k')).toBeUndefined();
        expect(await codeOf(t.deleteTag(info.runId, 'k'))).toBe('NOT_FOUND');
      });

      it('enforces MLflow batch limits and key rules', async () => {
        const { info } = await t.createRun({ experimentId: exp });
        const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i }));
        expect(await codeOf(t.logBatch({ runId: info.runId, metrics }))).toBe('INVALID_ARGUMENT');
        const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'x' }));
        expect(await codeOf(t.logBatch({ runId: info.runId, params }))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.logParam(info.runId, 'p', 'x'.repeat(6001)))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.logParam(info.runId, 'p', 'x'.repeat(6000)))).toBe('OK');
        expect(await codeOf(t.setTag(info.runId, { key: 't', value: 'x'.repeat(5001) }))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.logParam(info.runId, 'k'.repeat(251), 'x'))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.logParam(info.runId, '../escape', 'x'))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.logMetric(info.runId, { key: 'm', value: 1, timestamp: 1.5, step: 0 }))).toBe('INVALID_ARGUMENT');
      });

      it('refuses logging to a deleted run and restores it', async () => {
        const { info } = await t.createRun({ experimentId: exp });
        await t.deleteRun(info.runId);
        expect(await codeOf(t.logMetric(info.runId, { key: 'm', value: 1, timestamp: 1, step: 0 }))).toBe('FAILED_PRECONDITION');
        await t.restoreRun(info.runId);
        expect(await codeOf(t.logMetric(info.runId, { key: 'm', value: 1, timestamp: 1, step: 0 }))).toBe('OK');
      });

      it('records dataset inputs', async () => {
        const { info } = await t.createRun({ experimentId: exp });
        const input = { dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{"uri":"iris.csv"}', schema: '{}' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] };
        await t.logInputs(info.runId, [input]);
        await t.logInputs(info.runId, [input]);
        expect((await t.getRun(info.runId)).inputs.datasetInputs).toEqual([input]);
      });

      it('searches runs with a filter, order and pages', async () => {
        const e = await t.createExperiment({ name: 'search-exp' });
        for (let i = 0; i < 7; i++) {
          const { info } = await t.createRun({ experimentId: e, runName: `r${i}`, startTime: 1000 + i });
          await t.logBatch({ runId: info.runId, metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }], params: [{ key: 'i', value: String(i) }] });
        }
        const all: string[] = [];
        let token: string | undefined;
        do {
          const page = await t.searchRuns({ experimentIds: [e], maxResults: 3, ...(token ? { pageToken: token } : {}) });
          all.push(...page.items.map((r) => r.info.runName));
          token = page.nextPageToken;
        } while (token);
        expect(all).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
        const filtered = await t.searchRuns({ experimentIds: [e], filter: 'metrics.acc >= 0.3 and params.i != "5"', orderBy: ['metrics.acc ASC'] });
        expect(filtered.items.map((r) => r.info.runName)).toEqual(['r3', 'r4', 'r6']);
        expect(filtered.items[0]!.data.metrics).toEqual([{ key: 'acc', value: 0.3, timestamp: 1, step: 0 }]);
        expect(await codeOf(t.searchRuns({ experimentIds: [e], filter: 'metrics.acc >' }))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(t.searchRuns({ experimentIds: [e], maxResults: 50_001 }))).toBe('INVALID_ARGUMENT');
      });

      it('counts an experiment’s active and running runs and its last activity in one call', async () => {
        const e = await t.createExperiment({ name: 'stats-exp' });
        const empty = await t.createExperiment({ name: 'stats-empty' });
        const a = await t.createRun({ experimentId: e, startTime: 1000 });
        await t.createRun({ experimentId: e, startTime: 2000 });
        const c = await t.createRun({ experimentId: e, startTime: 3000 });
        await t.updateRun({ runId: a.info.runId, status: 'FINISHED', endTime: 9000 });
        await t.deleteRun(c.info.runId);
        expect(await t.experimentStats([e, empty])).toEqual([
          { experimentId: e, runCount: 2, runningCount: 1, lastActivityTime: 9000 },
          { experimentId: empty, runCount: 0, runningCount: 0, lastActivityTime: null },
        ]);
        expect(await codeOf(t.experimentStats(['x']))).toBe('INVALID_ARGUMENT');
      });

      it('moves a run to another experiment', async () => {
        const a = await t.createExperiment({ name: 'move-a' });
        const b = await t.createExperiment({ name: 'move-b' });
        const { info } = await t.createRun({ experimentId: a });
        await t.moveRun(info.runId, b);
        expect((await t.getRun(info.runId)).info.experimentId).toBe(b);
        expect((await t.searchRuns({ experimentIds: [b] })).items.map((r) => r.info.runId)).toEqual([info.runId]);
        expect(await codeOf(t.moveRun(info.runId, '99999'))).toBe('NOT_FOUND');
      });
    });

    describe('metrics', () => {
      let runId: string;
      beforeAll(async () => {
        const exp = await t.createExperiment({ name: 'metrics-exp' });
        runId = (await t.createRun({ experimentId: exp })).info.runId;
      });

      it('keeps NaN and ±Infinity and every point of the history', async () => {
        await t.logBatch({
          runId,
          metrics: [
            { key: 'odd', value: Number.NaN, timestamp: 1, step: 0 },
            { key: 'odd', value: Number.POSITIVE_INFINITY, timestamp: 2, step: 1 },
            { key: 'odd', value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 2 },
            { key: 'odd', value: 1.5, timestamp: 3, step: 2 },
          ],
        });
        const hist = await t.getMetricHistory({ runId, key: 'odd' });
        // The HTTP layer serializes these objects as they are: exactly MLflow's four fields, in order.
        expect(Object.keys(hist.items[0]!)).toEqual(['key', 'value', 'timestamp', 'step']);
        expect(hist.items.map((m) => m.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5]);
        const latest = (await t.getRun(runId)).data.metrics.find((m) => m.key === 'odd');
        expect(latest).toEqual({ key: 'odd', value: 1.5, timestamp: 3, step: 2 });
      });

      it('stores a single log-metric of +Infinity or -Infinity as the latest point (regression: PostgreSQL answered 500 `column "infinity" does not exist` and lost the point)', async () => {
        await t.logMetric(runId, { key: 'inf', value: 1, timestamp: 1, step: 0 });
        await t.logMetric(runId, { key: 'inf', value: Number.POSITIVE_INFINITY, timestamp: 2, step: 1 });
        expect((await t.getRun(runId)).data.metrics.find((m) => m.key === 'inf')).toEqual({ key: 'inf', value: Number.POSITIVE_INFINITY, timestamp: 2, step: 1 });
        await t.logMetric(runId, { key: 'inf', value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 2 });
        expect((await t.getRun(runId)).data.metrics.find((m) => m.key === 'inf')).toEqual({ key: 'inf', value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 2 });
        expect((await t.getMetricHistory({ runId, key: 'inf' })).items.map((m) => m.value)).toEqual([1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      });

      it('keeps every edge double, logged alone or in a batch, in the history, the latest point, bulk reads and the tail', async () => {
        const exp = await t.createExperiment({ name: 'edge-doubles' });
        const id = (await t.createRun({ experimentId: exp })).info.runId;
        const { cursor } = await t.tailMetrics({ runIds: [id], cursor: 0 });
        const logged: Metric[] = [];
        for (const [i, value] of EDGE_DOUBLES.entries()) {
          const single = { key: `single-${i}`, value, timestamp: 1000 + i, step: i };
          await t.logMetric(id, single);
          // In a batch, the edge value is the latest point of its series and the middle one of three.
          const batch = [1, value, -1].map((v, j) => ({ key: `batch-${i}`, value: v, timestamp: 1000 + i, step: j === 1 ? 10 : j }));
          await t.logBatch({ runId: id, metrics: batch });
          logged.push(single, ...batch);
        }
        const latest = (await t.getRun(id)).data.metrics;
        for (const [i, value] of EDGE_DOUBLES.entries()) {
          for (const key of [`single-${i}`, `batch-${i}`]) {
            const own = logged.filter((m) => m.key === key);
            const history = (await t.getMetricHistory({ runId: id, key })).items;
            expect(sameDoubles(history.map((m) => m.value), own.map((m) => m.value)), `history of ${key} (${value})`).toBe(true);
            const last = latest.find((m) => m.key === key);
            expect(last && sameDouble(last.value, value), `latest of ${key} (${value}): ${last?.value}`).toBe(true);
            const [series] = await t.getBulkHistory({ runIds: [id], keys: [key] });
            const byStep = [...own].sort((a, b) => a.step - b.step);
            expect(sameDoubles(series!.values, byStep.map((m) => m.value)), `bulk read of ${key} (${value})`).toBe(true);
          }
        }
        const tail = await t.tailMetrics({ runIds: [id], cursor });
        expect(sameDoubles(tail.points.map((p) => p.value), logged.map((m) => m.value))).toBe(true);
      });

      it('stores the points of a retried request once when it carries the same request id', async () => {
        const metrics = [{ key: 'retried', value: 1, timestamp: 1, step: 0 }, { key: 'retried', value: 2, timestamp: 2, step: 1 }];
        await t.logBatch({ runId, metrics, requestId: 'req-1' });
        await t.logBatch({ runId, metrics, requestId: 'req-1' });
        await Promise.all([t.logBatch({ runId, metrics, requestId: 'req-2' }), t.logBatch({ runId, metrics, requestId: 'req-2' })]);
        expect((await t.getMetricHistory({ runId, key: 'retried' })).items.map((m) => m.value)).toEqual([1, 2, 1, 2]);
        expect(await codeOf(t.logBatch({ runId, metrics, requestId: '' }))).toBe('INVALID_ARGUMENT');
        // A key reused for other points (or another run) is refused rather than silently dropping them.
        expect(await codeOf(t.logBatch({ runId, metrics: [{ key: 'retried', value: 9, timestamp: 9, step: 9 }], requestId: 'req-1' }))).toBe('CONFLICT');
        expect((await t.getMetricHistory({ runId, key: 'retried' })).items).toHaveLength(4);
      });

      it('takes the point with the greatest step as latest, even when logged earlier', async () => {
        await t.logMetric(runId, { key: 'late', value: 9, timestamp: 10, step: 9 });
        await t.logMetric(runId, { key: 'late', value: 1, timestamp: 20, step: 1 });
        expect((await t.getRun(runId)).data.metrics.find((m) => m.key === 'late')).toEqual({ key: 'late', value: 9, timestamp: 10, step: 9 });
        expect((await t.getMetricHistory({ runId, key: 'late' })).items).toHaveLength(2);
      });

      it('pages the history with max_results and page tokens', async () => {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), timestamp: 1000 + i, step: i }));
        await t.logBatch({ runId, metrics: metrics.slice(0, 600) });
        await t.logBatch({ runId, metrics: metrics.slice(600) });
        const steps: number[] = [];
        let token: string | undefined;
        do {
          const page = await t.getMetricHistory({ runId, key: 'loss', maxResults: 300, ...(token ? { pageToken: token } : {}) });
          steps.push(...page.items.map((m) => m.step));
          token = page.nextPageToken;
        } while (token);
        expect(steps).toEqual(metrics.map((m) => m.step));
        expect((await t.getMetricHistory({ runId, key: 'missing' })).items).toEqual([]);
      });

      it('downsamples many series at once and keeps the extremes', async () => {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'spiky', value: i === 537 ? 100 : Math.sin(i / 50), timestamp: 5000 + i, step: i }));
        await t.logBatch({ runId, metrics });
        const [series] = await t.getBulkHistory({ runIds: [runId], keys: ['spiky'], maxPoints: 50 });
        expect(series!.totalPoints).toBe(1000);
        expect(series!.values.length).toBeLessThanOrEqual(50);
        expect(series!.values).toContain(100);
        expect(series!.steps[0]).toBe(0);
        expect(series!.steps.at(-1)).toBe(999);
        expect([...series!.steps].sort((a, b) => a - b)).toEqual(series!.steps);
        const [zoom] = await t.getBulkHistory({ runIds: [runId], keys: ['spiky'], xMin: 100, xMax: 199 });
        expect(zoom!.steps).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
        expect(zoom!.rangePoints).toBe(100);
        expect(series!.rangePoints).toBe(1000);
        const both = await t.getBulkHistory({ runIds: [runId], keys: ['spiky', 'loss'] });
        expect(both.map((s) => s.key)).toEqual(['loss', 'spiky']);
      });

      it('sees points logged after a series was first read', async () => {
        await t.logBatch({ runId, metrics: [{ key: 'grow', value: 1, timestamp: 1, step: 0 }] });
        expect((await t.getBulkHistory({ runIds: [runId], keys: ['grow'] }))[0]!.values).toEqual([1]);
        await t.logBatch({ runId, metrics: [{ key: 'grow', value: 2, timestamp: 2, step: 1 }] });
        expect((await t.getBulkHistory({ runIds: [runId], keys: ['grow'] }))[0]!.values).toEqual([1, 2]);
      });

      it('hands out a tail cursor with each bulk read that misses nothing logged after it', async () => {
        const exp = await t.createExperiment({ name: 'cursor-exp' });
        const id = (await t.createRun({ experimentId: exp })).info.runId;
        await t.logBatch({ runId: id, metrics: [{ key: 'a', value: 1, timestamp: 1, step: 0 }] });
        const [read] = await t.getBulkHistory({ runIds: [id], keys: ['a'] });
        await t.logBatch({ runId: id, metrics: [{ key: 'a', value: 2, timestamp: 2, step: 1 }] });
        const tail = await t.tailMetrics({ runIds: [id], cursor: read!.cursor });
        expect(tail.points.map((p) => p.value)).toEqual([2]);
      });

      it('tails new points past a cursor', async () => {
        const exp = await t.createExperiment({ name: 'tail-exp' });
        const id = (await t.createRun({ experimentId: exp })).info.runId;
        const first = await t.tailMetrics({ runIds: [id], cursor: 0 });
        expect(first.points).toEqual([]);
        await t.logBatch({ runId: id, metrics: [{ key: 'a', value: 1, timestamp: 1, step: 0 }, { key: 'b', value: 2, timestamp: 1, step: 0 }] });
        const second = await t.tailMetrics({ runIds: [id], cursor: first.cursor });
        expect(second.points.map((p) => [p.key, p.value])).toEqual([['a', 1], ['b', 2]]);
        await t.logMetric(id, { key: 'a', value: 3, timestamp: 2, step: 1 });
        const third = await t.tailMetrics({ runIds: [id], keys: ['a'], cursor: second.cursor });
        expect(third.points).toEqual([{ runId: id, key: 'a', value: 3, timestamp: 2, step: 1 }]);
        expect((await t.tailMetrics({ runIds: [id], cursor: third.cursor })).points).toEqual([]);
      });
    });

    describe('artifacts', () => {
      it('stores, lists, reads and deletes nested artifacts', async () => {
        const exp = await t.createExperiment({ name: 'art-exp' });
        const { info } = await t.createRun({ experimentId: exp });
        const root = await t.runArtifactRoot(info.runId);
        expect(root).toBe(`${exp}/${info.runId}/artifacts`);
        await t.putArtifact(`${root}/model/model.json`, Buffer.from('{"a":1}'));
        await t.putArtifact(`${root}/model/weights/w.bin`, Readable.from([Buffer.from([1, 2, 3])]));
        await t.putArtifact(`${root}/notes.txt`, Buffer.from('hello'));
        expect(await t.listArtifacts(root)).toEqual([
          { path: `${root}/model`, isDir: true },
          { path: `${root}/notes.txt`, isDir: false, fileSize: 5 },
        ]);
        expect(await t.listArtifacts(`${root}/model`)).toEqual([
          { path: `${root}/model/model.json`, isDir: false, fileSize: 7 },
          { path: `${root}/model/weights`, isDir: true },
        ]);
        const got = await t.getArtifact(`${root}/model/model.json`);
        expect(await text(got!.stream)).toBe('{"a":1}');
        expect(await t.getArtifact(`${root}/missing`)).toBeUndefined();
        await t.deleteArtifact(`${root}/model`);
        expect(await t.listArtifacts(root)).toEqual([{ path: `${root}/notes.txt`, isDir: false, fileSize: 5 }]);
      });

      it('rejects paths that escape the namespace', async () => {
        for (const bad of ['../x', 'a/../../b', '/etc/passwd', 'a\\b', 'a//b', 'a/./b', 'nul\u0000byte']) {
          expect(await codeOf(t.putArtifact(bad, Buffer.from('x')))).toBe('INVALID_ARGUMENT');
        }
      });
    });

    describe('lineage', () => {
      needs('runsWithInput')('finds the active runs that logged a dataset input, newest first', async () => {
        const exp = await t.createExperiment({ name: 'lineage-exp' });
        const digest = `d-${exp}`;
        const input = { dataset: { name: 'lineage-set', digest, sourceType: 'local', source: '{}' }, tags: [] };
        const older = (await t.createRun({ experimentId: exp, startTime: 1000 })).info.runId;
        const newer = (await t.createRun({ experimentId: exp, startTime: 2000 })).info.runId;
        const gone = (await t.createRun({ experimentId: exp, startTime: 3000 })).info.runId;
        for (const id of [older, newer, gone]) await t.logInputs(id, [input]);
        await t.deleteRun(gone);
        expect((await t.runsWithInput('lineage-set', digest)).map((r) => r.runId)).toEqual([newer, older]);
        expect(await t.runsWithInput('lineage-set', 'other')).toEqual([]);
      });

      needs('artifactBlobHashes')('lists the hash of every blob an artifact refers to', async () => {
        const exp = await t.createExperiment({ name: 'blob-hashes-exp' });
        const { info } = await t.createRun({ experimentId: exp });
        const before = await t.artifactBlobHashes();
        await t.putArtifact(`${await t.runArtifactRoot(info.runId)}/unique.txt`, Buffer.from(`bytes of ${info.runId}`));
        const after = await t.artifactBlobHashes();
        expect(after.size).toBe(before.size + 1);
      });
    });

    describe('purging deleted runs', () => {
      it('removes deleted runs with their metrics and artifacts and keeps the rest', async () => {
        const exp = await t.createExperiment({ name: 'gc-exp' });
        const keep = (await t.createRun({ experimentId: exp })).info.runId;
        const doomed = (await t.createRun({ experimentId: exp })).info.runId;
        for (const id of [keep, doomed]) {
          await t.logBatch({ runId: id, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [{ key: 'p', value: 'v' }] });
          await t.putArtifact(`${await t.runArtifactRoot(id)}/f.txt`, Buffer.from(id));
        }
        await t.deleteRun(doomed);
        const purged = await t.purgeDeletedRuns();
        expect(purged).toContain(doomed);
        expect(purged).not.toContain(keep);
        expect(await codeOf(t.getRun(doomed))).toBe('NOT_FOUND');
        expect(await t.getArtifact(`${exp}/${doomed}/artifacts/f.txt`)).toBeUndefined();
        expect((await t.getRun(keep)).data.metrics).toHaveLength(1);
        // Read to the end: an unread download holds its connection open.
        expect(await text((await t.getArtifact(`${exp}/${keep}/artifacts/f.txt`))!.stream)).toBe(keep);
      });
    });
  });
}
