import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import type { OpenDatabase } from '../../storage/index.js';
import { applyRunSearch } from './index.js';
import { testDatabaseTargets, type TestDatabase } from '../../../test/support/search-test-databases.js';

interface RunFixture {
  id: string;
  name: string;
  user: string;
  status: string;
  start: number;
  end: number | null;
  stage?: string;
  /** null is a NaN value. */
  metrics?: Record<string, number | null>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  inputs?: { dataset: 'mnist' | 'cifar'; context?: string }[];
}

const filler = (i: number, extra: Partial<RunFixture> = {}): RunFixture => {
  const id = `r${String(i).padStart(2, '0')}`;
  return { id, name: `run-${id.slice(1)}`, user: 'dave', status: 'FINISHED', start: 1000 + 10 * i, end: 1005 + 10 * i, ...extra };
};

/** Twenty runs; the comments on the expectations below refer to these values. */
const RUNS: RunFixture[] = [
  { id: 'r01', name: 'alpha', user: 'alice', status: 'FINISHED', start: 1010, end: 1015,
    metrics: { acc: 0.5, loss: -1.5 }, params: { lr: '0.1', optimizer: 'adam' },
    tags: { team: 'vision', pattern: '100%' }, inputs: [{ dataset: 'mnist', context: 'train' }] },
  { id: 'r02', name: 'Alpha', user: 'bob', status: 'FINISHED', start: 1020, end: 1025,
    metrics: { acc: 0.75, loss: 0.002 }, params: { lr: '0.01', optimizer: 'Adam' },
    tags: { team: 'nlp', pattern: '100 percent' }, inputs: [{ dataset: 'mnist', context: 'eval' }] },
  { id: 'r03', name: 'ALPHA-beta', user: 'alice', status: 'FAILED', start: 1030, end: 1035,
    metrics: { acc: 0.9, loss: 1000 }, params: { lr: '0.001', optimizer: 'sgd', 'batch size': '32' },
    tags: { team: 'Vision', pattern: 'x_y' }, inputs: [{ dataset: 'cifar', context: 'train' }] },
  { id: 'r04', name: '50% off', user: 'bob', status: 'FAILED', start: 1040, end: 1045,
    metrics: { acc: null, loss: 0 }, params: { lr: '0.1', optimizer: 'SGD', 'batch size': '64' },
    tags: { team: 'vision', note: "it's", pattern: 'xzy' },
    inputs: [{ dataset: 'mnist', context: 'train' }, { dataset: 'cifar', context: 'eval' }] },
  { id: 'r05', name: 'a_b', user: 'carol', status: 'RUNNING', start: 1050, end: null,
    metrics: { acc: 0.1 }, params: { optimizer: 'adamw' }, tags: { note: 'say "hi"', pattern: 'A[1]*' },
    inputs: [{ dataset: 'cifar' }] },
  { id: 'r06', name: 'a*b?', user: 'carol', status: 'KILLED', start: 1060, end: 1065,
    metrics: { loss: 7 }, params: { lr: '1e-4', 'model.type': 'cnn' }, tags: { 'mlflow.source.type': 'LOCAL' } },
  filler(7, { metrics: { acc: 0.75 }, params: { lr: '0.5' }, tags: { team: 'nlp', 'mlflow.source.type': 'JOB' } }),
  filler(8, { metrics: { acc: 0.3 }, params: { lr: '0.5', optimizer: 'ADAM' } }),
  filler(9, { params: { lr: '0.5' } }),
  filler(10, { metrics: { acc: 0.6 }, params: { lr: '0.5' } }),
  filler(11, { params: { lr: '0.5' } }),
  filler(12, { metrics: { acc: -0.2 }, params: { lr: '0.5' } }),
  filler(13),
  filler(14),
  filler(15),
  filler(16),
  filler(17),
  // r18-r20 start together, so the run_uuid tie-breaker decides their order.
  filler(18, { start: 1180, end: 1185 }),
  filler(19, { start: 1180, end: 1185 }),
  filler(20, { start: 1180, end: 1185, stage: 'deleted' }),
];

const DATASETS = { mnist: 'aaa111', cifar: 'bbb222' } as const;

async function insertFixture(database: OpenDatabase): Promise<number> {
  const db = database.db;
  const { experiment_id } = await db
    .insertInto('experiments')
    .values({ name: 'search-fixture', artifact_location: 'file:///artifacts', lifecycle_stage: 'active', creation_time: 1, last_update_time: 1 })
    .returning('experiment_id')
    .executeTakeFirstOrThrow();
  const datasetIds: Record<string, number> = {};
  for (const [name, digest] of Object.entries(DATASETS)) {
    const row = await db
      .insertInto('datasets')
      .values({ experiment_id, name, digest, source_type: 'local', source: `/data/${name}`, schema: null, profile: null })
      .returning('dataset_id')
      .executeTakeFirstOrThrow();
    datasetIds[name] = row.dataset_id;
  }
  for (const run of RUNS) {
    await db
      .insertInto('runs')
      .values({
        run_uuid: run.id, experiment_id, name: run.name, user_id: run.user, status: run.status, start_time: run.start,
        end_time: run.end, lifecycle_stage: run.stage ?? 'active', artifact_uri: `file:///artifacts/${run.id}`,
        deleted_time: null, job_id: null,
      })
      .execute();
    // The store mirrors the run name into the mlflow.runName tag; so does the fixture.
    const tags = { 'mlflow.runName': run.name, ...run.tags };
    await db.insertInto('tags').values(Object.entries(tags).map(([key, value]) => ({ run_uuid: run.id, key, value }))).execute();
    const params = Object.entries(run.params ?? {});
    if (params.length > 0) await db.insertInto('params').values(params.map(([key, value]) => ({ run_uuid: run.id, key, value }))).execute();
    const metrics = Object.entries(run.metrics ?? {});
    if (metrics.length > 0) {
      await db
        .insertInto('metric_series')
        .values(metrics.map(([key, value]) => ({ run_uuid: run.id, key, last_value: value, last_step: 0, last_timestamp: run.start, point_count: 1 })))
        .execute();
    }
    for (const input of run.inputs ?? []) {
      const inputTags = input.context ? [{ key: 'mlflow.data.context', value: input.context }] : [];
      await db.insertInto('run_inputs').values({ run_uuid: run.id, dataset_id: datasetIds[input.dataset]!, tags: JSON.stringify(inputTags) }).execute();
    }
  }
  return experiment_id;
}

/** The ids in the default order (start_time DESC, run_uuid ASC), for filters that do not sort. */
function inDefaultOrder(ids: string[]): string[] {
  const start = new Map(RUNS.map((r) => [r.id, r.start]));
  return [...ids].sort((a, b) => start.get(b)! - start.get(a)! || (a < b ? -1 : 1));
}

const ALL = RUNS.map((r) => r.id);
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

/** Filters and the runs they match, checked on every engine. */
const FILTER_CASES: [string, string[]][] = [
  // Metrics: acc is r01 .5, r02 .75, r03 .9, r04 NaN, r05 .1, r07 .75, r08 .3, r10 .6, r12 -.2.
  ['metrics.acc > 0.5', ['r02', 'r03', 'r07', 'r10']],
  ['metrics.acc >= 0.5', ['r01', 'r02', 'r03', 'r07', 'r10']],
  ['metrics.acc < 0.3', ['r05', 'r12']],
  ['metrics.acc <= 0.3', ['r05', 'r08', 'r12']],
  ['metrics.acc = 0.75', ['r02', 'r07']],
  ['metrics.acc != 0.75', ['r01', 'r03', 'r04', 'r05', 'r08', 'r10', 'r12']],
  ['metrics.acc > -1e-1', ['r01', 'r02', 'r03', 'r05', 'r07', 'r08', 'r10']],
  ['metric.`acc` > 0.8', ['r03']],
  ['metrics.loss < 0', ['r01']],
  ['metrics.loss = 2e-3', ['r02']],
  ['metrics.loss >= 1E3', ['r03']],
  ['metrics.loss = 0', ['r04']],
  ['metrics.loss > 1e999', []],
  ['metrics.loss < 1e999', ['r01', 'r02', 'r03', 'r04', 'r06']],
  ['metrics.acc IS NOT NULL', ['r01', 'r02', 'r03', 'r04', 'r05', 'r07', 'r08', 'r10', 'r12']],
  ['metrics.acc IS NULL', except('r01', 'r02', 'r03', 'r04', 'r05', 'r07', 'r08', 'r10', 'r12')],
  ['metrics.nothing > 0', []],
  // Params: a run without the key never matches, != included.
  ["params.lr = '0.1'", ['r01', 'r04']],
  ['param.lr = "0.01"', ['r02']],
  ["params.lr != '0.1'", ['r02', 'r03', 'r06', 'r07', 'r08', 'r09', 'r10', 'r11', 'r12']],
  ["params.optimizer = 'adam'", ['r01']],
  ["params.optimizer LIKE 'adam%'", ['r01', 'r05']],
  ["params.optimizer ILIKE 'adam'", ['r01', 'r02', 'r08']],
  ["params.optimizer ILIKE 'ADAM%'", ['r01', 'r02', 'r05', 'r08']],
  ["params.optimizer IN ('sgd', 'SGD')", ['r03', 'r04']],
  ["params.optimizer NOT IN ('adam', 'Adam')", ['r03', 'r04', 'r05', 'r08']],
  ['params.optimizer IS NULL', except('r01', 'r02', 'r03', 'r04', 'r05', 'r08')],
  ["params.\"batch size\" = '32'", ['r03']],
  ['parameters.`batch size` IS NOT NULL', ['r03', 'r04']],
  ["params.model.type = 'cnn'", ['r06']],
  // Tags.
  ["tags.team = 'vision'", ['r01', 'r04']],
  ["tags.team ILIKE 'vision'", ['r01', 'r03', 'r04']],
  ["tags.team LIKE 'V%'", ['r03']],
  ["tags.team != 'vision'", ['r02', 'r03', 'r07']],
  ["tags.note = 'it''s'", ['r04']],
  ["tags.note = 'it\\'s'", ['r04']],
  ['tags.note = "it\'s"', ['r04']],
  ["tags.note = 'say \"hi\"'", ['r05']],
  ["tags.mlflow.source.type = 'LOCAL'", ['r06']],
  ["tags.`mlflow.runName` = 'alpha'", ['r01']],
  ["tags.\"mlflow.runName\" ILIKE 'alpha%'", ['r01', 'r02', 'r03']],
  ["tags.pattern LIKE '100\\%'", ['r01']],
  ["tags.pattern LIKE '100%'", ['r01', 'r02']],
  ["tags.pattern LIKE 'x\\_y'", ['r03']],
  ["tags.pattern LIKE 'x_y'", ['r03', 'r04']],
  ["tags.pattern LIKE 'A[1]*'", ['r05']],
  ["tags.pattern LIKE 'a[1]*'", []],
  ["tags.pattern ILIKE 'a[1]*'", ['r05']],
  ["tags.pattern LIKE '%'", ['r01', 'r02', 'r03', 'r04', 'r05']],
  // Attributes.
  ["attributes.status = 'FAILED'", ['r03', 'r04']],
  ["status = 'FAILED'", ['r03', 'r04']],
  ["attribute.status != 'FINISHED'", ['r03', 'r04', 'r05', 'r06']],
  ["run.status IN ('RUNNING', 'KILLED')", ['r05', 'r06']],
  ["attr.status NOT IN ('FINISHED')", ['r03', 'r04', 'r05', 'r06']],
  ["status LIKE 'f%'", []],
  ["status ILIKE 'f%'", except('r05', 'r06')],
  ["attributes.run_name = 'alpha'", ['r01']],
  ["run_name LIKE 'alpha%'", ['r01']],
  ["run_name ILIKE 'alpha%'", ['r01', 'r02', 'r03']],
  ["run_name LIKE '50\\% off'", ['r04']],
  ["run_name LIKE 'a_b'", ['r05']],
  ["run_name LIKE 'a*b?'", ['r06']],
  ["run_name LIKE 'a%b_'", ['r06']],
  ["attributes.user_id = 'carol'", ['r05', 'r06']],
  ['attributes.start_time > 1150', ['r16', 'r17', 'r18', 'r19', 'r20']],
  ['attributes.start_time > 1175.5', ['r18', 'r19', 'r20']],
  ['attributes.start_time < 1e300', ALL],
  ['attributes.created <= 1020', ['r01', 'r02']],
  ['attributes.Created = 1030', ['r03']],
  ['created != 1180', except('r18', 'r19', 'r20')],
  ['attributes.end_time < 1040', ['r01', 'r02', 'r03']],
  ['attributes.end_time IS NULL', ['r05']],
  ['end_time IS NOT NULL', except('r05')],
  ["attributes.run_id = 'r03'", ['r03']],
  ["run_id IN ('r01', 'r05', 'nope')", ['r01', 'r05']],
  ["attributes.run_id NOT IN ('r01', 'r02')", except('r01', 'r02')],
  ["attributes.lifecycle_stage = 'deleted'", ['r20']],
  ["attributes.artifact_uri LIKE '%/r1_'", ['r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17', 'r18', 'r19']],
  // Datasets: mnist is r01 train, r02 eval, r04 train; cifar is r03 train, r04 eval, r05 (no context).
  ["datasets.name = 'mnist'", ['r01', 'r02', 'r04']],
  ["datasets.digest = 'bbb222'", ['r03', 'r04', 'r05']],
  ["datasets.context = 'train'", ['r01', 'r03', 'r04']],
  ["datasets.name = 'cifar' and datasets.context = 'train'", ['r03']],
  ["datasets.name = 'cifar' and datasets.context = 'eval'", ['r04']],
  ["datasets.name != 'mnist' and datasets.context LIKE 'e%'", ['r04']],
  ["dataset.name LIKE 'MN%'", []],
  ["datasets.name ILIKE 'MN%'", ['r01', 'r02', 'r04']],
  ["datasets.context IN ('eval')", ['r02', 'r04']],
  ["datasets.context != 'train'", ['r02', 'r04']],
  ["datasets.name NOT IN ('mnist')", ['r03', 'r04', 'r05']],
  ["datasets.context ILIKE 'TR%'", ['r01', 'r03', 'r04']],
  // AND, OR and parentheses: FAILED is r03 r04; team vision is r01 r04; acc > .4 is r01 r02 r03 r07 r10.
  ["status = 'FAILED' AND params.lr = '0.1'", ['r04']],
  ["status = 'FAILED' or tags.team = 'vision' and metrics.acc > 0.4", ['r01', 'r03', 'r04']],
  ["(status = 'FAILED' or tags.team = 'vision') and metrics.acc > 0.4", ['r01', 'r03']],
  ["(status = 'FAILED' OR tags.team = 'vision') AND (metrics.acc > 0.4 OR params.optimizer = 'SGD')", ['r01', 'r03', 'r04']],
  ['metrics.acc > 0.4 and metrics.acc < 0.8', ['r01', 'r02', 'r07', 'r10']],
  ["params.lr = '0.1' or datasets.name = 'cifar'", ['r01', 'r03', 'r04', 'r05']],
  ["datasets.context = 'eval' or datasets.digest = 'aaa111' and datasets.context = 'train'", ['r01', 'r02', 'r04']],
  ['', ALL],
  ['   ', ALL],
];

/** Order clauses and the full order they give, checked on every engine. */
const MISSING_ACC_IN_DEFAULT_ORDER = ['r18', 'r19', 'r20', 'r17', 'r16', 'r15', 'r14', 'r13', 'r11', 'r09', 'r06'];
const ORDER_CASES: [string[], string[]][] = [
  [[], inDefaultOrder(ALL)],
  // Equal acc (r02, r07) falls back to start_time DESC; NaN (r04) after values, missing last.
  [['metrics.acc DESC'], ['r03', 'r07', 'r02', 'r10', 'r01', 'r08', 'r05', 'r12', 'r04', ...MISSING_ACC_IN_DEFAULT_ORDER]],
  [['metrics.acc ASC'], ['r12', 'r05', 'r08', 'r01', 'r10', 'r07', 'r02', 'r03', 'r04', ...MISSING_ACC_IN_DEFAULT_ORDER]],
  [['metrics.acc'], ['r12', 'r05', 'r08', 'r01', 'r10', 'r07', 'r02', 'r03', 'r04', ...MISSING_ACC_IN_DEFAULT_ORDER]],
  [['metrics.loss'], ['r01', 'r04', 'r02', 'r06', 'r03', ...inDefaultOrder(except('r01', 'r02', 'r03', 'r04', 'r06'))]],
  // Params are text: '0.001' < '0.01' < '0.1' < '0.5' < '1e-4'.
  [['params.lr ASC'], ['r03', 'r02', 'r04', 'r01', 'r12', 'r11', 'r10', 'r09', 'r08', 'r07', 'r06', 'r18', 'r19', 'r20', 'r17', 'r16', 'r15', 'r14', 'r13', 'r05']],
  [['params.lr DESC'], ['r06', 'r12', 'r11', 'r10', 'r09', 'r08', 'r07', 'r04', 'r01', 'r02', 'r03', 'r18', 'r19', 'r20', 'r17', 'r16', 'r15', 'r14', 'r13', 'r05']],
  // Bytewise on both engines: 'vision' > 'nlp' > 'Vision'; then acc DESC inside each team.
  [['tags.team DESC', 'metrics.acc DESC'], ['r01', 'r04', 'r07', 'r02', 'r03', 'r10', 'r08', 'r05', 'r12', ...MISSING_ACC_IN_DEFAULT_ORDER]],
  [['attributes.run_name'], ['r04', 'r03', 'r02', 'r06', 'r05', 'r01', ...Array.from({ length: 14 }, (_, i) => `r${String(i + 7).padStart(2, '0')}`)]],
  [['tags.`mlflow.runName` DESC'], [...Array.from({ length: 14 }, (_, i) => `r${String(20 - i).padStart(2, '0')}`), 'r01', 'r05', 'r06', 'r02', 'r03', 'r04']],
  [['attributes.start_time ASC'], ALL],
  [['created DESC'], inDefaultOrder(ALL)],
  [['attributes.end_time DESC'], ['r18', 'r19', 'r20', 'r17', 'r16', 'r15', 'r14', 'r13', 'r12', 'r11', 'r10', 'r09', 'r08', 'r07', 'r06', 'r04', 'r03', 'r02', 'r01', 'r05']],
  [['attributes.end_time ASC'], ['r01', 'r02', 'r03', 'r04', 'r06', 'r07', 'r08', 'r09', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17', 'r18', 'r19', 'r20', 'r05']],
  [['attributes.status ASC', 'attributes.start_time DESC'], ['r04', 'r03', 'r18', 'r19', 'r20', 'r17', 'r16', 'r15', 'r14', 'r13', 'r12', 'r11', 'r10', 'r09', 'r08', 'r07', 'r02', 'r01', 'r06', 'r05']],
  [['run_id DESC'], [...ALL].reverse()],
  [['user_id DESC', 'run_id'], ['r07', 'r08', 'r09', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17', 'r18', 'r19', 'r20', 'r05', 'r06', 'r02', 'r04', 'r01', 'r03']],
];

/** The runs search contract, run against one engine. */
function runSearchSuite(makeDb: () => Promise<TestDatabase>): void {
  let handle: TestDatabase;
  let experimentId: number;

  beforeAll(async () => {
    handle = await makeDb();
    experimentId = await insertFixture(handle.database);
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  const search = async (filter: string | undefined, orderBy?: string[]) => {
    const { db, dialect } = handle.database;
    const base = db.selectFrom('runs').select('runs.run_uuid').where('runs.experiment_id', '=', experimentId);
    const rows = await applyRunSearch(base, { filter, orderBy, dialect }).execute();
    return rows.map((r) => r.run_uuid);
  };

  describe('filters', () => {
    it.each(FILTER_CASES)('%s', async (filter, expected) => {
      expect(await search(filter)).toEqual(inDefaultOrder(expected));
    });
  });

  describe('order_by', () => {
    it.each(ORDER_CASES)('%j', async (orderBy, expected) => {
      expect(await search(undefined, orderBy)).toEqual(expected);
    });

    it('orders the filtered runs', async () => {
      // lr 0.5 is r07-r12; acc r07 .75, r10 .6, r08 .3, r12 -.2; r09 and r11 have none.
      expect(await search("params.lr = '0.5'", ['metrics.acc DESC'])).toEqual(['r07', 'r10', 'r08', 'r12', 'r11', 'r09']);
    });

    it('pages stably with limit and offset', async () => {
      const { db, dialect } = handle.database;
      const page = (offset: number) =>
        applyRunSearch(db.selectFrom('runs').select('runs.run_uuid').where('runs.experiment_id', '=', experimentId), {
          orderBy: ['metrics.acc DESC'],
          dialect,
        })
          .limit(7)
          .offset(offset)
          .execute();
      const pages = [...(await page(0)), ...(await page(7)), ...(await page(14))].map((r) => r.run_uuid);
      expect(pages).toEqual(ORDER_CASES[1]![1]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['metrics.acc >', undefined],
      ["metrics.acc LIKE '1'", undefined],
      [undefined, ['metrics.acc SIDEWAYS']],
    ])('rejects filter %j order_by %j before touching the database', (filter, orderBy) => {
      const { db, dialect } = handle.database;
      expect(() => applyRunSearch(db.selectFrom('runs').select('runs.run_uuid'), { filter, orderBy, dialect })).toThrow(FlywheelError);
    });

    it('runs any filter the parser accepts without a database error', async () => {
      const key = fc.constantFrom('acc', 'lr', 'team', 'x y', "it's", 'é', 'a`b', '%_*?[');
      const text = fc.string({ maxLength: 12 });
      const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
      const number = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -(2 ** 53), max: 2 ** 53 })).map((n) => (Number.isFinite(n) ? String(n) : n > 0 ? '1e999' : '-1e999'));
      const keyed = (prefix: string) => key.map((k) => `${prefix}.\`${k.replaceAll('`', '``')}\``);
      const textOp = fc.constantFrom('=', '!=', 'LIKE', 'ILIKE');
      const comparison = fc.oneof(
        fc.tuple(keyed('metrics'), fc.constantFrom('=', '!=', '<', '<=', '>', '>='), number).map((p) => p.join(' ')),
        fc.tuple(fc.oneof(keyed('params'), keyed('tags'), fc.constantFrom('run_name', 'status', 'datasets.name', 'datasets.context')), textOp, text.map(quote)).map((p) => p.join(' ')),
        fc.tuple(fc.oneof(keyed('params'), keyed('tags'), fc.constantFrom('run_id', 'datasets.digest')), fc.constantFrom('IN', 'NOT IN'), fc.array(text.map(quote), { minLength: 1, maxLength: 4 })).map(([k, op, values]) => `${k} ${op} (${values.join(', ')})`),
        fc.tuple(fc.constantFrom('start_time', 'end_time', 'created'), fc.constantFrom('=', '!=', '<', '>='), number).map((p) => p.join(' ')),
        fc.tuple(fc.oneof(keyed('metrics'), keyed('params'), keyed('tags'), fc.constant('end_time')), fc.constantFrom('IS NULL', 'IS NOT NULL')).map((p) => p.join(' ')),
      );
      const filter = fc.letrec<{ expr: string }>((tie) => ({
        expr: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          comparison,
          fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR'), tie('expr')).map(([a, op, b]) => `(${a}) ${op} ${b}`),
        ),
      })).expr;
      const orderBy = fc.array(fc.tuple(fc.oneof(keyed('metrics'), keyed('params'), keyed('tags'), fc.constantFrom('run_name', 'end_time', 'status')), fc.constantFrom('', ' ASC', ' DESC')).map(([k, d]) => `${k}${d}`), { maxLength: 3 });
      await fc.assert(
        fc.asyncProperty(filter, orderBy, async (f, o) => {
          await search(f, o);
        }),
        { numRuns: 300 },
      );
    });
  });
}

describe('applyRunSearch', () => {
  for (const target of testDatabaseTargets()) {
    const describeOn = target.skipReason ? describe.skip : describe;
    describeOn(`on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`, () => {
      runSearchSuite(() => target.open());
    });
  }
});
