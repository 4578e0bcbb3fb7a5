import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelFiles, ModelFormat } from '../serving/index.js';
import { irisLikeMlp, mlpOnnxFiles, mlpTfjsLayersFiles } from '../serving/test-support/test-models.js';
import { registerModelsExport } from './commands/models-export.js';
import { CliContext } from './context.js';
import { captureIo, type CapturedIo } from './test-support/fixtures.js';

/**
 * The registry's native routes that HttpModelSource reads (docs/models-api.md), for two
 * versions of `iris`: 1 (ONNX) and 2 (TF.js layers, alias production).
 */
async function startRegistry(versions: Record<string, { format: ModelFormat; files: ModelFiles }>, aliases: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const resolve = /^\/api\/v1\/models\/iris\/resolve$/.exec(url.pathname);
    if (resolve) {
      const ref = url.searchParams.get('ref') ?? '';
      const v = ref === 'latest' ? Object.keys(versions).at(-1)! : (aliases[ref] ?? ref);
      if (!versions[v]) return send(404, { message: `no version ${ref}` });
      return send(200, { model_version: { name: 'iris', version: v, format: versions[v].format } });
    }
    const files = /^\/api\/v1\/models\/iris\/versions\/(\d+)\/files(?:\/(.+))?$/.exec(url.pathname);
    const entry = files ? versions[files[1]!] : undefined;
    if (files && entry) {
      if (files[2] === undefined) {
        return send(200, { files: [...entry.files].map(([path, b]) => ({ path, size: b.byteLength, sha256: createHash('sha256').update(b).digest('hex') })) });
      }
      const bytes = entry.files.get(decodeURIComponent(files[2]));
      if (bytes) return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(bytes));
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('fw models export', () => {
  let registry: { url: string; server: Server };
  let dir: string;
  let io: CapturedIo;

  beforeAll(async () => {
    const layers = irisLikeMlp();
    registry = await startRegistry({ '1': { format: 'onnx', files: mlpOnnxFiles(layers) }, '2': { format: 'tfjs-layers', files: await mlpTfjsLayersFiles(layers) } }, { production: '2' });
  });
  afterAll(async () => {
    await new Promise((ok) => registry.server.close(ok));
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-cli-export-'));
    io = captureIo({ FW_TRACKING_URI: registry.url });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** `fw models <args>` with only the export subcommand registered. */
  async function fw(...args: string[]): Promise<void> {
    const ctx = new CliContext(io);
    const program = new Command('fw').exitOverride().configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) });
    registerModelsExport(program.command('models'), ctx);
    await program.parseAsync(['models', ...args], { from: 'user' });
  }

  it('writes a web bundle of the version an alias points at', async () => {
    const out = join(dir, 'web');
    await fw('export', 'iris@production', '--target', 'web', '--out', out);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'flywheel-model.js', 'index.html', 'manifest.json', 'model', 'runtime']);
    expect(io.stdout).toMatch(new RegExp(`^exported iris v2 \\(tfjs-layers\\) as a web bundle to ${out}: 11 files, 2\\.\\d+ MiB\\nserve it with: npx serve `));
  });

  it('converts a TF.js layers version to ONNX, printing JSON when asked', async () => {
    const out = join(dir, 'onnx');
    await fw('export', 'iris/2', '--target', 'onnx', '--out', out, '--json');
    expect(await readdir(out)).toEqual(['model.onnx']);
    expect(JSON.parse(io.stdout)).toMatchObject({ name: 'iris', version: '2', format: 'tfjs-layers', target: 'onnx', files: [{ path: 'model.onnx' }] });
  });

  it('exports the latest version of a bare name', async () => {
    await fw('export', 'iris', '--out', join(dir, 'latest'), '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({ version: '2', target: 'web' });
  });

  it('refuses an unknown target as a usage error, naming the targets', async () => {
    const err = await fw('export', 'iris@production', '--target', 'tflite', '--out', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect(io.stderr).toContain("argument 'tflite' is invalid. Allowed choices are web, onnx.");
  });

  it('refuses a folder that is not empty without --force', async () => {
    await fw('export', 'iris/1', '--out', dir);
    const err = await fw('export', 'iris/1', '--out', dir).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ALREADY_EXISTS');
    await fw('export', 'iris/1', '--out', dir, '--force');
  });
});
