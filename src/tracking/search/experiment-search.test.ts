import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { applyExperimentSearch } from './index.js';
import { testDatabaseTargets, type TestDatabase } from '../../../test/support/search-test-databases.js';

/** Inserted in this order, so experiment ids ascend e1 < e2 < e3 < e4. */
const EXPERIMENTS = [
  { key: 'e1', name: 'alpha-exp', creation: 100, update: 500, tags: { team: 'vision' } },
  { key: 'e2', name: 'Beta', creation: 200, update: 300, tags: { team: 'nlp', note: "it's" } },
  { key: 'e3', name: 'gamma_exp', creation: 300, update: 300, tags: {} },
  { key: 'e4', name: 'Default', creation: 300, update: 100, tags: {} },
];

const FILTER_CASES: [string | undefined, string[]][] = [
  [undefined, ['e3', 'e4', 'e2', 'e1']],
  ["name = 'Beta'", ['e2']],
  ["attributes.name LIKE '%exp'", ['e3', 'e1']],
  ["name LIKE '%\\_exp'", ['e3']],
  ["name ILIKE 'beta'", ['e2']],
  ["name LIKE 'b%'", []],
  ["name != 'Beta'", ['e3', 'e4', 'e1']],
  ['creation_time > 150', ['e3', 'e4', 'e2']],
  ['attribute.last_update_time = 300', ['e3', 'e2']],
  ['last_update_time >= 300 and creation_time < 250', ['e2', 'e1']],
  ["tags.team = 'vision'", ['e1']],
  ["tags.team != 'vision'", ['e2']],
  ["tags.team ILIKE '%I%'", ['e1']],
  ["tags.note = 'it''s'", ['e2']],
  ['tags.team IS NULL', ['e3', 'e4']],
  ["name LIKE '%exp' or tags.team = 'nlp'", ['e3', 'e2', 'e1']],
  ["(name LIKE '%exp' or tags.team = 'nlp') and creation_time >= 200", ['e3', 'e2']],
];

const ORDER_CASES: [string[], string[]][] = [
  [['name'], ['e2', 'e4', 'e1', 'e3']],
  [['attributes.name DESC'], ['e3', 'e1', 'e4', 'e2']],
  [['last_update_time DESC'], ['e1', 'e2', 'e3', 'e4']],
  [['experiment_id DESC'], ['e4', 'e3', 'e2', 'e1']],
  [['creation_time'], ['e1', 'e2', 'e3', 'e4']],
];

/** The experiments search contract, run against one engine. */
function experimentSearchSuite(makeDb: () => Promise<TestDatabase>): void {
  let handle: TestDatabase;
  const keyOf = new Map<number, string>();

  beforeAll(async () => {
    handle = await makeDb();
    const db = handle.database.db;
    for (const e of EXPERIMENTS) {
      const { experiment_id } = await db
        .insertInto('experiments')
        .values({ name: e.name, artifact_location: `file:///${e.key}`, lifecycle_stage: 'active', creation_time: e.creation, last_update_time: e.update })
        .returning('experiment_id')
        .executeTakeFirstOrThrow();
      keyOf.set(experiment_id, e.key);
      for (const [key, value] of Object.entries(e.tags)) await db.insertInto('experiment_tags').values({ experiment_id, key, value }).execute();
    }
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  const search = async (filter: string | undefined, orderBy?: string[]) => {
    const { db, dialect } = handle.database;
    // Only the fixture's experiments, whatever else a migration may have created.
    const base = db.selectFrom('experiments').select('experiments.experiment_id').where('experiments.name', 'in', EXPERIMENTS.map((e) => e.name));
    const rows = await applyExperimentSearch(base, { filter, orderBy, dialect }).execute();
    return rows.map((r) => keyOf.get(r.experiment_id));
  };

  it.each(FILTER_CASES)('filters %j', async (filter, expected) => {
    expect(await search(filter)).toEqual(expected);
  });

  it.each(ORDER_CASES)('orders by %j', async (orderBy, expected) => {
    expect(await search(undefined, orderBy)).toEqual(expected);
  });

  it.each([
    ['metrics.acc > 1', undefined],
    ["name IN ('x')", undefined],
    [undefined, ['tags.team']],
  ])('rejects filter %j order_by %j', (filter, orderBy) => {
    const { db, dialect } = handle.database;
    expect(() => applyExperimentSearch(db.selectFrom('experiments').selectAll(), { filter, orderBy, dialect })).toThrow(FlywheelError);
  });
}

describe('applyExperimentSearch', () => {
  for (const target of testDatabaseTargets()) {
    const describeOn = target.skipReason ? describe.skip : describe;
    describeOn(`on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`, () => {
      experimentSearchSuite(() => target.open());
    });
  }
});
