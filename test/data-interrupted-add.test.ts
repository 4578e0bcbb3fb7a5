import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { requireBuilt } from './support/requirements.js';
import { signal } from './support/wait.js';

/*
 * An add killed part way (after some uploads) leaves no version, and
 * the next add finishes the job, sending only what the server still lacks.
 */

/** A proxy that forwards everything to the server but lets only the first `pass` object uploads through. */
interface UploadGate {
  url: string;
  /** Settles once the server has stored `pass` uploads. */
  stored: Promise<void>;
  /** Settles once one more upload is being held. */
  held: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an UploadGate in front of `target`. Uploads after the first `pass` get no answer:
 * the client waits on them until it is killed, so the cut lands after exactly `pass` stored
 * objects however fast or slow either side runs.
 */
async function startUploadGate(target: string, pass: number): Promise<UploadGate> {
  const stored = signal();
  const held = signal();
  let uploads = 0;
  let answered = 0;
  const proxy: Server = createServer((req, res) => {
    const upload = req.method === 'PUT' && /^\/api\/v1\/objects\/[0-9a-f]{64}$/.test(req.url ?? '');
    if (upload && ++uploads > pass) {
      held.resolve();
      return;
    }
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      // The server answers an upload once the object is stored.
      if (upload && (answer.statusCode ?? 500) < 300 && ++answered === pass) stored.resolve();
    });
    upstream.on('error', (e) => res.destroy(e));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    stored: stored.promise,
    held: held.promise,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}

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
    // The CLI, killed once the server holds two of the files and a third is on its way: as if
    // the machine died mid-add. It talks to the server through the gate, which holds the rest.
    const gate = await startUploadGate(server.url, 2);
    const env = { ...process.env, FW_STATE_DIR: join(dir, 'state'), FW_TRACKING_URI: server.url };
    const child = spawn(process.execPath, [CLI, 'data', 'add', root, '--name', 'cut'], { env: { ...env, FW_TRACKING_URI: gate.url }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const endedFirst = exited.then((code) => {
        throw new Error(`the add ended (exit code ${code}) before its third upload: ${stderr}`);
      });
      await Promise.race([Promise.all([gate.stored, gate.held]), endedFirst]);
      child.kill('SIGKILL');
      await exited;
    } finally {
      child.kill('SIGKILL');
      await gate.close();
    }
    expect(looseObjects(join(dir, 'server', 'blobs'))).toBe(2);

    const versions = await fetch(`${server.url}/api/v1/datasets/cut`);
    expect(versions.status).toBe(404);

    const fw = new Flywheel({ trackingUri: server.url, env });
    const done = await fw.data.add(root, { dataset: 'cut' });
    expect(done.created).toBe(true);
    expect(done.version.version).toBe(1);
    expect(done.version.fileCount).toBe(6);
    // Two of the six files were stored before the kill; the other four and the manifest are new.
    expect(done.uploaded.objects).toBe(4);
  });
});
