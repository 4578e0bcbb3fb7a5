import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../storage/index.js';
import { testEngines } from '../../../test/support/databases.js';
import type { NewModelVersion } from './registry-rows.js';
import { parseModelSearch, parseVersionSearch } from './registry-search.js';
import { RegistryStore } from './registry-store.js';

function version(over: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    creationTime: 1000,
    lastUpdatedTime: 1000,
    description: '',
    userId: 'ann',
    source: 'runs:/r1/model',
    runId: 'r1',
    status: 'READY',
    statusMessage: '',
    currentStage: 'None',
    format: 'onnx',
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }] },
    metrics: { acc: 0.9, loss: Number.NaN, big: Number.POSITIVE_INFINITY },
    datasets: [{ name: 'iris', digest: 'abc' }],
    manifestHash: 'a'.repeat(64),
    files: 2,
    sizeBytes: 5_000_000_000,
    ...over,
  };
}

const search = (filter?: string, orderBy?: string[]) => ({ ...parseModelSearch(filter, orderBy), offset: 0, limit: 100 });
const vsearch = (filter?: string, orderBy?: string[]) => ({ ...parseVersionSearch(filter, orderBy), offset: 0, limit: 100 });

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(`registry store on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    let database: OpenDatabase;
    let store: RegistryStore;
    beforeAll(async () => {
      database = await engine.open();
      store = new RegistryStore(database.db, database.dialect);
    });
    afterAll(() => database?.close());

    it('creates a model once and reads it back with its tags', async () => {
      expect(await store.createModel({ name: 'm1', description: 'first', time: 10, tags: [{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }] })).toBe(true);
      expect(await store.createModel({ name: 'm1', description: 'again', time: 11, tags: [] })).toBe(false);
      expect(await store.getModel('m1')).toEqual({ name: 'm1', description: 'first', creationTime: 10, lastUpdatedTime: 10, tags: [{ key: 'team', value: 'b' }], aliases: [] });
      expect(await store.getModel('missing')).toBeUndefined();
    });

    it('numbers versions 1, 2, ... per model and keeps every field exact, large sizes and NaN metrics included', async () => {
      await store.createModel({ name: 'm2', description: '', time: 10, tags: [] });
      expect(await store.insertVersion('m2', version(), [{ key: 'k', value: 'v' }])).toBe(1);
      expect(await store.insertVersion('m2', version({ creationTime: 2000 }), [])).toBe(2);
      expect(await store.insertVersion('m1', version(), [])).toBe(1);
      expect(await store.insertVersion('nope', version(), [])).toBeUndefined();
      const v1 = await store.getVersion('m2', 1);
      expect(v1).toMatchObject({ name: 'm2', version: 1, tags: [{ key: 'k', value: 'v' }], aliases: [], sizeBytes: 5_000_000_000, datasets: [{ name: 'iris', digest: 'abc' }] });
      expect(v1?.metrics.acc).toBe(0.9);
      expect(v1?.metrics.loss).toBeNaN();
      expect(v1?.metrics.big).toBe(Number.POSITIVE_INFINITY);
      expect(v1?.signature.inputs[0]?.shape).toEqual([-1, 4]);
      expect((await store.versionsOf('m2')).map((v) => v.version)).toEqual([2, 1]);
      expect(await store.latestVersion('m2')).toBe(2);
      expect((await store.getModel('m2'))?.lastUpdatedTime).toBe(2000);
    });

    it('never gives a deleted version number again', async () => {
      await store.createModel({ name: 'm2b', description: '', time: 10, tags: [] });
      await store.insertVersion('m2b', version(), []);
      await store.insertVersion('m2b', version(), []);
      expect(await store.deleteVersion('m2b', 2, '', 20)).toBe(true);
      expect(await store.deleteVersion('m2b', 2, '', 20)).toBe(false);
      expect(await store.insertVersion('m2b', version(), [])).toBe(3);
    });

    it('numbers versions inserted at the same time without gaps or repeats', async () => {
      await store.createModel({ name: 'm2c', description: '', time: 10, tags: [] });
      const numbers = await Promise.all(Array.from({ length: 8 }, () => store.insertVersion('m2c', version(), [{ key: 'k', value: 'v' }])));
      expect([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('keeps the newest version of each stage and archives the others on request', async () => {
      await store.createModel({ name: 'm3', description: '', time: 1, tags: [] });
      for (let i = 0; i < 3; i++) await store.insertVersion('m3', version(), []);
      await store.updateVersion('m3', 1, { stage: 'Production', time: 5 });
      await store.updateVersion('m3', 2, { stage: 'Production', time: 6 });
      expect(((await store.latestPerStage(['m3'])).get('m3') ?? []).map((v) => [v.version, v.currentStage])).toEqual([
        [2, 'Production'],
        [3, 'None'],
      ]);
      await store.archiveOthers('m3', 'Production', 2, 7);
      expect((await store.getVersion('m3', 1))?.currentStage).toBe('Archived');
    });

    it('moves an alias, records every change with its from and to versions, and drops aliases of a deleted version', async () => {
      await store.createModel({ name: 'm4', description: '', time: 1, tags: [] });
      for (let i = 0; i < 3; i++) await store.insertVersion('m4', version(), []);
      expect(await store.setAlias({ name: 'm4', alias: 'prod', version: 1, userId: 'ann', time: 10 })).toBeNull();
      expect(await store.setAlias({ name: 'm4', alias: 'prod', version: 2, userId: 'bob', time: 11 })).toBe(1);
      expect(await store.aliasVersion('m4', 'prod')).toBe(2);
      expect((await store.getVersion('m4', 2))?.aliases).toEqual(['prod']);
      expect((await store.getModel('m4'))?.aliases).toEqual([{ alias: 'prod', version: 2 }]);
      await store.setAlias({ name: 'm4', alias: 'canary', version: 3, userId: 'ann', time: 12 });
      expect(await store.deleteAlias({ name: 'm4', alias: 'canary', userId: 'ann', time: 13 })).toBe(true);
      expect(await store.deleteAlias({ name: 'm4', alias: 'canary', userId: 'ann', time: 14 })).toBe(false);
      expect(await store.deleteVersion('m4', 2, 'carl', 15)).toBe(true);
      expect(await store.aliasVersion('m4', 'prod')).toBeUndefined();
      expect((await store.aliasEvents('m4')).map((e) => [e.alias, e.action, e.fromVersion, e.toVersion, e.userId, e.time])).toEqual([
        ['prod', 'delete', 2, null, 'carl', 15],
        ['canary', 'delete', 3, null, 'ann', 13],
        ['canary', 'set', null, 3, 'ann', 12],
        ['prod', 'set', 1, 2, 'bob', 11],
        ['prod', 'set', null, 1, 'ann', 10],
      ]);
    });

    it('renames a model with its versions, tags, aliases and history', async () => {
      await store.createModel({ name: 'm5', description: '', time: 1, tags: [{ key: 't', value: 'v' }] });
      await store.insertVersion('m5', version(), [{ key: 'vt', value: 'x' }]);
      await store.setAlias({ name: 'm5', alias: 'prod', version: 1, userId: '', time: 2 });
      expect(await store.renameModel('m5', 'm5b', 3)).toBe(true);
      expect(await store.getModel('m5')).toBeUndefined();
      expect(await store.getModel('m5b')).toMatchObject({ tags: [{ key: 't', value: 'v' }], aliases: [{ alias: 'prod', version: 1 }] });
      expect(await store.getVersion('m5b', 1)).toMatchObject({ tags: [{ key: 'vt', value: 'x' }], aliases: ['prod'] });
      expect(await store.aliasEvents('m5b')).toHaveLength(1);
      expect(await store.renameModel('m5', 'x', 4)).toBe(false);
    });

    it('deletes a model with everything it holds, history included', async () => {
      await store.createModel({ name: 'm6', description: '', time: 1, tags: [{ key: 't', value: 'v' }] });
      await store.insertVersion('m6', version({ manifestHash: 'b'.repeat(64) }), [{ key: 'k', value: 'v' }]);
      await store.setAlias({ name: 'm6', alias: 'prod', version: 1, userId: '', time: 2 });
      expect(await store.manifestHashes()).toContain('b'.repeat(64));
      expect(await store.deleteModel('m6')).toBe(true);
      expect(await store.deleteModel('m6')).toBe(false);
      expect(await store.getVersion('m6', 1)).toBeUndefined();
      expect(await store.aliasEvents('m6')).toEqual([]);
      expect(await store.manifestHashes()).not.toContain('b'.repeat(64));
      // A new model of the old name starts from version 1 with no tags.
      await store.createModel({ name: 'm6', description: '', time: 3, tags: [] });
      expect(await store.insertVersion('m6', version(), [])).toBe(1);
      expect((await store.getVersion('m6', 1))?.tags).toEqual([]);
    });

    it('sets and deletes tags of models and versions', async () => {
      await store.createModel({ name: 'm7', description: '', time: 1, tags: [] });
      await store.insertVersion('m7', version(), []);
      expect(await store.setModelTag('m7', { key: 'a', value: '1' }, 2)).toBe(true);
      expect(await store.setModelTag('m7', { key: 'a', value: '2' }, 3)).toBe(true);
      expect(await store.setModelTag('nope', { key: 'a', value: '2' }, 3)).toBe(false);
      expect((await store.getModel('m7'))?.tags).toEqual([{ key: 'a', value: '2' }]);
      expect(await store.deleteModelTag('m7', 'a')).toBe(true);
      expect(await store.deleteModelTag('m7', 'a')).toBe(false);
      expect(await store.setVersionTag('m7', 1, { key: 'b', value: '1' }, 4)).toBe(true);
      expect(await store.setVersionTag('m7', 9, { key: 'b', value: '1' }, 4)).toBe(false);
      expect((await store.getVersion('m7', 1))?.tags).toEqual([{ key: 'b', value: '1' }]);
      expect(await store.deleteVersionTag('m7', 1, 'b')).toBe(true);
    });

    it('searches models by name (LIKE case-sensitive, ILIKE not) and tags, ordered and paged', async () => {
      for (const [name, team] of [
        ['srch-Alpha', 'vision'],
        ['srch-beta', 'nlp'],
        ['srch-gamma', 'vision'],
      ] as const) {
        await store.createModel({ name, description: '', time: name.length, tags: [{ key: 'team', value: team }] });
      }
      const names = async (filter?: string, orderBy?: string[]) => (await store.searchModels(search(filter, orderBy))).map((m) => m.name);
      expect(await names("name LIKE 'srch-%'")).toEqual(['srch-Alpha', 'srch-beta', 'srch-gamma']);
      expect(await names("name LIKE '%alpha'")).toEqual([]);
      expect(await names("name ILIKE '%alpha'")).toEqual(['srch-Alpha']);
      expect(await names("name = 'srch-beta'")).toEqual(['srch-beta']);
      expect(await names("name LIKE 'srch-%' AND tags.team = 'vision'")).toEqual(['srch-Alpha', 'srch-gamma']);
      expect(await names("name LIKE 'srch-%'", ['name DESC'])).toEqual(['srch-gamma', 'srch-beta', 'srch-Alpha']);
      const page = await store.searchModels({ ...parseModelSearch("name LIKE 'srch-%'", undefined), offset: 1, limit: 1 });
      expect(page.map((m) => m.name)).toEqual(['srch-beta']);
    });

    it('searches versions by name, run_id, source_path and tags', async () => {
      await store.createModel({ name: 'vs', description: '', time: 1, tags: [] });
      await store.insertVersion('vs', version({ runId: 'ra', source: 'runs:/ra/model' }), [{ key: 'ok', value: 'yes' }]);
      await store.insertVersion('vs', version({ runId: 'rb', source: 'runs:/rb/other' }), []);
      const found = async (filter: string, orderBy?: string[]) => (await store.searchVersions(vsearch(filter, orderBy))).map((v) => `${v.name}/${v.version}`);
      expect(await found("name = 'vs'")).toEqual(['vs/2', 'vs/1']);
      expect(await found("name = 'vs'", ['version_number ASC'])).toEqual(['vs/1', 'vs/2']);
      expect(await found("run_id = 'rb'")).toEqual(['vs/2']);
      expect(await found("name = 'vs' AND run_id IN ('ra', 'rb')")).toEqual(['vs/2', 'vs/1']);
      expect(await found("source_path LIKE '%/other'")).toEqual(['vs/2']);
      expect(await found("name = 'vs' AND tags.ok = 'yes'")).toEqual(['vs/1']);
    });
  });
}
