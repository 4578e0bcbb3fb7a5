import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { requireBuilt } from './support/requirements.js';

/*
 * An add killed part way (after some uploads) leaves no version, and
 * the next add finishes the job, sending only what the server still lacks.
 */

// The built CLI (npm ci builds it; test/reliability.test.ts uses dist/ the same way).
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

/** Objects stored as files (large uploads), not counting temp files and packs. */
function looseObjects(root: string): number {
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length;
}

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  requireBuilt(['dist/src/cli/main.js']);
  dir = await mkdtemp(join(tmpdir(), 'fw-interrupted-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir: join(dir, 'server'), slurm: 'off', localImport: 'off' }), { logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an interrupted add', () => {
  it('records no version, and the next add uploads only what is missing', async () => {
    const root = join(dir, 'tree');
    // Large files go one request each, so the cut lands between uploads.
    for (let i = 0; i < 6; i++) {
      mkdirSync(join(root, `part-${i}`), { recursive: true });
      writeFileSync(join(root, `part-${i}`, 'big.bin'), randomBytes(9 << 20));
    }
    const env = { ...process.env, FW_STATE_DIR: join(dir, 'state'), FW_TRACKING_URI: server.url };
    // The CLI, killed once the server holds two of the files: as if the machine died mid-add.
    const child = spawn(process.execPath, [CLI, 'data', 'add', root, '--name', 'cut'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const blobs = join(dir, 'server', 'blobs');
    while (looseObjects(blobs) < 2) {
      if (child.exitCode !== null) throw new Error('the add finished before it could be interrupted');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;

    const versions = await fetch(`${server.url}/api/v1/datasets/cut`);
    expect(versions.status).toBe(404);

    const fw = new Flywheel({ trackingUri: server.url, env });
    const done = await fw.data.add(root, { dataset: 'cut' });
    expect(done.created).toBe(true);
    expect(done.version.version).toBe(1);
    expect(done.version.fileCount).toBe(6);
    // At least two of the six files were stored before the kill; the manifest is new.
    expect(done.uploaded.objects).toBeLessThanOrEqual(5);
    expect(done.uploaded.objects).toBeGreaterThanOrEqual(1);
  });
});
