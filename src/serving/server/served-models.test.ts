import { describe, expect, it, vi } from 'vitest';
import { notFound, silentLogger } from '../../core/index.js';
import type { ModelSource, ServableVersion } from '../model-source.js';
import type { LoadedModel } from '../runtime/runtime-types.js';
import { ServedModels } from './served-models.js';

/** A registry of versions "1", "2"... with one alias, and fake models that record closing. */
function fixture() {
  let alias = '1';
  let failing = false;
  const closed: string[] = [];
  const source: ModelSource = {
    resolve: async (name, ref) => {
      if (failing) throw new Error('registry down');
      if (name !== 'm') throw notFound(`no ${name}`);
      return { name, version: ref === 'prod' ? alias : ref, format: 'onnx' };
    },
    files: async () => new Map(),
  };
  const load = async (_files: unknown, v: ServableVersion): Promise<LoadedModel> => ({
    format: 'onnx',
    signature: { inputs: [], outputs: [] },
    batchable: true,
    run: async () => [],
    close: async () => {
      closed.push(v.version);
    },
  });
  return {
    source,
    load,
    closed,
    moveAlias: (v: string) => (alias = v),
    fail: (f: boolean) => (failing = f),
  };
}

describe('ServedModels', () => {
  it('keeps a leased version open after its alias moves, and closes it on release', async () => {
    const f = fixture();
    const models = await ServedModels.start({ source: f.source, load: f.load, specs: [{ name: 'm', routes: [{ ref: 'prod', weight: 1 }] }], pollMs: 0, logger: silentLogger });
    const lease = models.acquire('m');
    expect(lease.version).toBe('1');
    f.moveAlias('2');
    await models.poll();
    const next = models.acquire('m');
    expect(next.version).toBe('2');
    next.release();
    expect(f.closed).toEqual([]);
    lease.release();
    await new Promise((r) => setImmediate(r));
    expect(f.closed).toEqual(['1']);
    await models.close();
    expect(f.closed).toEqual(['1', '2']);
  });

  it('keeps serving the old version when the registry cannot be reached', async () => {
    const f = fixture();
    const models = await ServedModels.start({ source: f.source, load: f.load, specs: [{ name: 'm', routes: [{ ref: 'prod', weight: 1 }] }], pollMs: 0, logger: silentLogger });
    f.fail(true);
    f.moveAlias('2');
    await models.poll();
    const lease = models.acquire('m');
    expect(lease.version).toBe('1');
    lease.release();
    await models.close();
  });

  it('waits for leases before closing on shutdown, and refuses new ones', async () => {
    const f = fixture();
    const specs = [{ name: 'm', routes: [{ ref: '1', weight: 1 }, { ref: '2', weight: 1 }] }];
    const models = await ServedModels.start({ source: f.source, load: f.load, specs, pollMs: 0, logger: silentLogger });
    const lease = models.acquire('m', '1');
    const closing = models.close();
    expect(() => models.acquire('m')).toThrow(/shutting down/);
    // Version 2, not leased, closes at once: close has got that far, and version 1 still waits.
    await vi.waitUntil(() => f.closed.includes('2'), { timeout: 30_000 });
    expect(f.closed).toEqual(['2']);
    lease.release();
    await closing;
    expect(f.closed).toEqual(['2', '1']);
  });

  it('throws NOT_FOUND for a name or version not served, and fails to start on a missing model', async () => {
    const f = fixture();
    const models = await ServedModels.start({ source: f.source, load: f.load, specs: [{ name: 'm', routes: [{ ref: '1', weight: 1 }] }], pollMs: 0, logger: silentLogger });
    expect(() => models.acquire('x')).toThrow(/Model x is not served here \(served: m\)/);
    expect(() => models.acquire('m', '7')).toThrow(/version 7 is not served here \(serving version 1\)/);
    await models.close();
    await expect(ServedModels.start({ source: f.source, load: f.load, specs: [{ name: 'zz', routes: [{ ref: '1', weight: 1 }] }], pollMs: 0, logger: silentLogger })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
