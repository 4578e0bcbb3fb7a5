import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/core/index.js';
import { DataService } from '../src/data/index.js';
import { collectGarbage } from '../src/data/internal/gc.js';
import { RegistryService } from '../src/registry/index.js';
import { MIGRATIONS } from '../src/server/migrations.js';
import { FsBlobStore, openDatabase, type OpenDatabase } from '../src/storage/index.js';
import { createTrackingService, type TrackingService } from '../src/tracking/index.js';
import { tinyLayersModel } from './support/registry-http.js';

/*
 * The data module's gc and the registry: a version keeps its files by hash, so purging the
 * source run and collecting garbage (with no grace period) must leave them readable.
 */

let dir: string;
let database: OpenDatabase;
let tracking: TrackingService;
let registry: RegistryService;
let data: DataService;
let blobs: FsBlobStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-registry-gc-'));
  database = await openDatabase(`sqlite:${join(dir, 'fw.db')}`, MIGRATIONS);
  blobs = new FsBlobStore(join(dir, 'blobs'));
  tracking = await createTrackingService({ database, blobs, logger: silentLogger });
  registry = new RegistryService({ db: database.db, dialect: database.dialect, blobs, tracking, logger: silentLogger });
  tracking.addBlobReferrer(registry);
  data = new DataService({ db: database.db, blobs, tracking, logger: silentLogger, dataDir: dir, referrers: [registry] });
});

afterAll(async () => {
  await tracking?.close();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('gc of the blob store with registered models', () => {
  it('keeps a version\'s manifest and files after its run is purged', async () => {
    const run = await tracking.createRun({ experimentId: '0' });
    const root = await tracking.runArtifactRoot(run.info.runId);
    const files = await tinyLayersModel();
    for (const [path, bytes] of files) await tracking.putArtifact(`${root}/model/${path}`, Buffer.from(bytes));
    await registry.createModel({ name: 'kept' });
    const version = await registry.createVersion({ name: 'kept', source: `runs:/${run.info.runId}/model` });

    await tracking.deleteRun(run.info.runId);
    expect(await tracking.purgeDeletedRuns({ olderThanMs: 0 })).toEqual([run.info.runId]);
    const referenced = await data.referencedObjects();
    expect(referenced.has(version.manifestHash)).toBe(true);
    await collectGarbage(blobs, referenced, { dryRun: false, graceMs: 0 });

    const back = await registry.files('kept', '1');
    expect([...back.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, bytes] of files) expect(Buffer.compare(Buffer.from(back.get(path)!), Buffer.from(bytes))).toBe(0);
  });

  it('lets gc take the files once the model is deleted', async () => {
    const hashes = (await registry.fileList('kept', 1)).map((f) => f.sha256);
    await registry.deleteModel('kept');
    await collectGarbage(blobs, await data.referencedObjects(), { dryRun: false, graceMs: 0 });
    for (const h of hashes) expect(await blobs.has(h)).toBe(false);
  });
});
