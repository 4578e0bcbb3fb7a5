import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trial } from '../../core/tuning-types.js';
import type { OpenDatabase } from '../../storage/index.js';
import { testEngines } from '../../../test/support/databases.js';
import { parseSweepConfig } from '../config/index.js';
import type { SweepRecord } from './sweep-record.js';
import { SweepStore } from './sweep-store.js';

const YAML = 'name: s\nmetric: {name: loss, goal: minimize}\nmethod: random\nmax_trials: 5\nparameters:\n  x: {min: 0.0, max: 1.0}\n';

function sweep(id: string, createdTime: number, over: Partial<SweepRecord> = {}): SweepRecord {
  return {
    sweepId: id,
    name: id,
    state: 'running',
    reason: null,
    configText: YAML,
    config: parseSweepConfig(YAML),
    cwd: '/tmp',
    env: { A: '1' },
    experimentId: '0',
    createdTime,
    endTime: null,
    ...over,
  };
}

function trial(sweepId: string, over: Partial<Trial> = {}): Omit<Trial, 'number'> {
  return {
    sweepId,
    state: 'running',
    params: { x: 0.25, opt: 'adam', flag: true },
    value: null,
    lastT: null,
    reports: 0,
    jobId: null,
    runId: null,
    attempt: 1,
    reason: null,
    createdTime: 1,
    endTime: null,
    ...over,
  };
}

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(`sweep store on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    let database: OpenDatabase;
    let store: SweepStore;
    beforeAll(async () => {
      database = await engine.open();
      store = new SweepStore(database.db);
    });
    afterAll(() => database?.close());

    it('stores a sweep and reads it back unchanged, config included', async () => {
      const s = sweep('sa', 1000);
      await store.insertSweep(s);
      expect(await store.getSweep('sa')).toEqual(s);
      expect(await store.getSweep('missing')).toBeUndefined();
    });

    it('numbers trials 1, 2, ... per sweep and keeps their params and values exact', async () => {
      await store.insertSweep(sweep('sb', 2000));
      const a = await store.insertTrial(trial('sb'));
      const b = await store.insertTrial(trial('sb', { params: { x: 0.1 + 0.2 } }));
      expect([a.number, b.number]).toEqual([1, 2]);
      expect((await store.insertTrial(trial('sa'))).number).toBe(1);
      expect(await store.updateTrial('sb', 2, ['running'], { value: 0.30000000000000004, lastT: 3.5, reports: 2, jobId: 'j1', runId: 'r1' })).toBe(true);
      const read = await store.trial('sb', 2);
      expect(read).toMatchObject({ params: { x: 0.30000000000000004 }, value: 0.30000000000000004, lastT: 3.5, reports: 2, jobId: 'j1', runId: 'r1' });
      expect(await store.trial('sb', 1)).toEqual(a);
    });

    it('changes a trial or a sweep only from the states given', async () => {
      await store.insertSweep(sweep('sc', 3000));
      await store.insertTrial(trial('sc'));
      expect(await store.updateTrial('sc', 1, ['running'], { state: 'stopped', reason: 'r', endTime: 5 })).toBe(true);
      expect(await store.updateTrial('sc', 1, ['running'], { state: 'completed' })).toBe(false);
      expect((await store.trial('sc', 1))?.state).toBe('stopped');
      expect(await store.transitionSweep('sc', ['running'], { state: 'paused', reason: null })).toBe(true);
      expect(await store.transitionSweep('sc', ['running'], { state: 'finished', reason: 'x', endTime: 9 })).toBe(false);
      expect(await store.transitionSweep('sc', ['paused'], { state: 'cancelled', reason: 'by user', endTime: 9 })).toBe(true);
      expect(await store.getSweep('sc')).toMatchObject({ state: 'cancelled', reason: 'by user', endTime: 9 });
      expect((await store.sweepsInStates(['cancelled'])).map((s) => s.sweepId)).toEqual(['sc']);
    });

    it('counts trials by state and finds the best by the sweep goal', async () => {
      const min = sweep('sd', 4000);
      const max = sweep('se', 4001, { config: { ...parseSweepConfig(YAML), metric: { name: 'acc', goal: 'maximize' } } });
      await store.insertSweep(min);
      await store.insertSweep(max);
      for (const s of ['sd', 'se']) {
        await store.insertTrial(trial(s, { state: 'completed', value: 0.5 }));
        await store.insertTrial(trial(s, { state: 'stopped', value: 0.2 }));
        await store.insertTrial(trial(s, { state: 'failed', value: 0.01 }));
        await store.insertTrial(trial(s, { state: 'completed', value: 0.9 }));
        await store.insertTrial(trial(s));
      }
      const counts = await store.counts(['sd', 'se', 'nothing']);
      expect(counts.get('sd')).toEqual({ total: 5, running: 1, completed: 2, stopped: 1, failed: 1, cancelled: 0 });
      expect(counts.get('nothing')?.total).toBe(0);
      const best = await store.best([min, max]);
      // The stopped trial's 0.2 is lower, but completed trials come first.
      expect(best.get('sd')).toMatchObject({ number: 1, value: 0.5 });
      expect(best.get('se')).toMatchObject({ number: 4, value: 0.9 });
      await store.insertSweep(sweep('sf', 4002));
      await store.insertTrial(trial('sf', { state: 'stopped', value: 0.4 }));
      await store.insertTrial(trial('sf', { state: 'stopped', value: 0.3 }));
      expect((await store.best([sweep('sf', 4002)])).get('sf')).toMatchObject({ number: 2, value: 0.3 });
    });

    it('lists newest first in pages, filtered by state', async () => {
      const first = await store.listSweeps({ maxResults: 2 });
      expect(first.items.map((s) => s.sweepId)).toEqual(['sf', 'se']);
      const second = await store.listSweeps({ maxResults: 2, pageToken: first.nextPageToken! });
      expect(second.items.map((s) => s.sweepId)).toEqual(['sd', 'sc']);
      expect((await store.listSweeps({ states: ['cancelled'] })).items.map((s) => s.sweepId)).toEqual(['sc']);
      await expect(store.listSweeps({ maxResults: 0 })).rejects.toThrow(/max_results/);
      await expect(store.listSweeps({ pageToken: 'nope' })).rejects.toThrow(/page token/);
    });
  });
}
