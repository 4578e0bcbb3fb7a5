import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { loadModel, type ModelFiles } from '../runtime/index.js';
import { irisLikeMlp, mlpOnnxFiles, mlpTfjsGraphFiles, mlpTfjsLayersFiles, randomInputs } from '../test-support/test-models.js';
import { exportModel, exportOnnx, exportWebBundle, type WebBundleManifest } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const readManifest = async (out: string): Promise<WebBundleManifest> => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as WebBundleManifest;

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** Rejects with a FlywheelError of `code` whose message matches `message`. */
async function expectRefusal(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FlywheelError);
  expect((err as FlywheelError).code).toBe(code);
  expect((err as FlywheelError).message).toMatch(message);
}

describe('exportWebBundle', () => {
  describe('for an ONNX model', () => {
    it('writes the model, the onnxruntime-web WASM files, the API, the page, the README and the manifest', async () => {
      const files = mlpOnnxFiles(irisLikeMlp());
      const out = join(dir, 'bundle');
      const result = await exportWebBundle({ name: 'iris', version: '3', format: 'onnx', files }, out);

      expect(await listFiles(out)).toEqual(
        [
          'README.md',
          'flywheel-model.js',
          'index.html',
          'manifest.json',
          'model/model.onnx',
          'runtime/ort-wasm-simd-threaded.mjs',
          'runtime/ort-wasm-simd-threaded.wasm',
          'runtime/ort.wasm.min.mjs',
        ].sort(),
      );
      expect(await readFile(join(out, 'model/model.onnx'))).toEqual(Buffer.from(files.get('model.onnx')!));
      expect(result.files.map((f) => f.path).sort()).toEqual(await listFiles(out));
      expect(result.sizeBytes).toBe(result.files.reduce((n, f) => n + f.size, 0));

      const manifest = await readManifest(out);
      expect(manifest).toMatchObject({ flywheelBundle: 1, name: 'iris', version: '3', format: 'onnx', runtime: { 'onnxruntime-web': expect.stringMatching(/^1\.30\./) } });
      // The signature comes from loading the model, as the server would.
      expect(manifest.signature).toEqual({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'output', datatype: 'FP32', shape: [-1, 3] }],
      });
      expect(manifest.files.map((f) => f.path).sort()).toEqual((await listFiles(out)).filter((p) => p !== 'manifest.json'));
      for (const f of manifest.files) {
        const bytes = await readFile(join(out, f.path));
        expect({ path: f.path, size: bytes.byteLength, sha256: sha256(bytes) }).toEqual(f);
      }
    });

    it('pre-fills the page with a row of the input width and documents the API in the README', async () => {
      const out = join(dir, 'bundle');
      await exportWebBundle({ name: 'iris', version: '3', format: 'onnx', files: mlpOnnxFiles(irisLikeMlp()) }, out, { example: { input: [5.1, 3.5, 1.4, 0.2] } });
      const html = await readFile(join(out, 'index.html'), 'utf8');
      expect(html).toContain('<script type="application/json" id="examples">{"input":"5.1, 3.5, 1.4, 0.2"}</script>');
      expect(html).toContain('window.flywheel = { model }');
      const readme = await readFile(join(out, 'README.md'), 'utf8');
      expect(readme).toContain('python3 -m http.server');
      expect(readme).toContain("'input': { data: [5.1, 3.5, 1.4, 0.2], shape: [1, 4] }");
    });

    it('escapes names in the page', async () => {
      const out = join(dir, 'bundle');
      await exportWebBundle({ name: '<script>alert(1)</script>', version: '1', format: 'onnx', files: mlpOnnxFiles(irisLikeMlp()) }, out);
      const html = await readFile(join(out, 'index.html'), 'utf8');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&#60;script&#62;alert(1)');
    });
  });

  describe('for a TF.js layers model', () => {
    it('writes model.json with its weights and the TF.js WASM runtime', async () => {
      const files = await mlpTfjsLayersFiles(irisLikeMlp());
      const out = join(dir, 'bundle');
      await exportWebBundle({ name: 'iris', version: '1', format: 'tfjs-layers', files }, out);
      expect(await listFiles(out)).toEqual(
        [
          'README.md',
          'flywheel-model.js',
          'index.html',
          'manifest.json',
          ...[...files.keys()].map((p) => `model/${p}`),
          'runtime/tf-backend-wasm.min.js',
          'runtime/tf.min.js',
          'runtime/tfjs-backend-wasm-simd.wasm',
          'runtime/tfjs-backend-wasm-threaded-simd.wasm',
          'runtime/tfjs-backend-wasm.wasm',
        ].sort(),
      );
      const manifest = await readManifest(out);
      expect(manifest.format).toBe('tfjs-layers');
      expect(Object.keys(manifest.runtime).sort()).toEqual(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']);
      expect(manifest.signature).toEqual({
        inputs: [{ name: 'dense1_input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'dense2/dense2', datatype: 'FP32', shape: [-1, 3] }],
      });
      for (const [path, bytes] of files) expect(manifest.files.find((f) => f.path === `model/${path}`)?.sha256).toBe(sha256(bytes));
    });

    it('takes the registered signature as given, without loading the model', async () => {
      const signature = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [-1, 4] }], outputs: [{ name: 'y', datatype: 'FP32' as const, shape: [-1, 3] }] };
      const out = join(dir, 'bundle');
      await exportWebBundle({ name: 'iris', version: '1', format: 'tfjs-layers', signature, files: await mlpTfjsLayersFiles(irisLikeMlp()) }, out);
      expect((await readManifest(out)).signature).toEqual(signature);
    });
  });

  describe('when the output folder is not empty', () => {
    it('refuses, naming the folder', async () => {
      await writeFile(join(dir, 'notes.txt'), 'mine');
      await expectRefusal(exportWebBundle({ name: 'iris', version: '1', format: 'onnx', files: mlpOnnxFiles(irisLikeMlp()) }, dir), 'ALREADY_EXISTS', /is not empty/);
      expect(await listFiles(dir)).toEqual(['notes.txt']);
    });

    it('with overwrite, replaces an earlier export and removes nothing else', async () => {
      await writeFile(join(dir, 'notes.txt'), 'mine');
      await exportWebBundle({ name: 'iris', version: '1', format: 'tfjs-layers', files: await mlpTfjsLayersFiles(irisLikeMlp()) }, dir, { overwrite: true });
      await exportWebBundle({ name: 'iris', version: '2', format: 'onnx', files: mlpOnnxFiles(irisLikeMlp()) }, dir, { overwrite: true });
      const files = await listFiles(dir);
      expect(files).toContain('notes.txt');
      expect(files).toContain('runtime/ort.wasm.min.mjs');
      expect(files.filter((f) => f.includes('tf') || f.endsWith('model.json'))).toEqual([]);
      expect((await readManifest(dir)).version).toBe('2');
    });
  });

  describe('refuses', () => {
    it('a format it does not know, naming the formats it takes', async () => {
      const version = { name: 'm', version: '1', format: 'pytorch' as 'onnx', files: mlpOnnxFiles(irisLikeMlp()) };
      await expectRefusal(exportWebBundle(version, join(dir, 'out')), 'INVALID_ARGUMENT', /format "pytorch".*onnx, tfjs-layers, tfjs-graph/);
    });

    it('files that do not fit the format', async () => {
      await expectRefusal(exportWebBundle({ name: 'm', version: '1', format: 'onnx', files: new Map([['model.json', new Uint8Array(2)]]) }, join(dir, 'out')), 'INVALID_ARGUMENT', /exactly one \.onnx file; m version 1 has 0/);
      await expectRefusal(exportWebBundle({ name: 'm', version: '1', format: 'tfjs-layers', files: mlpOnnxFiles(irisLikeMlp()) }, join(dir, 'out')), 'INVALID_ARGUMENT', /needs a model\.json/);
    });

    it('a model file whose path leaves the folder, before writing anything', async () => {
      const files: ModelFiles = new Map([...mlpOnnxFiles(irisLikeMlp()), ['../escape.txt', new Uint8Array(1)]]);
      const signature = { inputs: [], outputs: [] };
      await expectRefusal(exportWebBundle({ name: 'm', version: '1', format: 'onnx', signature, files }, join(dir, 'out')), 'INVALID_ARGUMENT', /leaves its folder/);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});

describe('exportOnnx', () => {
  it('converts a TF.js layers MLP to an ONNX model giving the same outputs', async () => {
    const files = await mlpTfjsLayersFiles(irisLikeMlp());
    const out = join(dir, 'onnx');
    const result = await exportOnnx({ name: 'iris', version: '1', format: 'tfjs-layers', files }, out);
    expect(await listFiles(out)).toEqual(['model.onnx']);
    expect(result.files[0]!.sha256).toBe(sha256(await readFile(join(out, 'model.onnx'))));
    const tfjs = await loadModel(files);
    const onnx = await loadModel(new Map([['model.onnx', new Uint8Array(await readFile(join(out, 'model.onnx')))]]));
    try {
      expect(onnx.signature).toEqual(tfjs.signature);
      const x = { name: 'dense1_input', datatype: 'FP32' as const, shape: [8, 4], data: randomInputs(8, 4) };
      const [a] = await tfjs.run([x]);
      const [b] = await onnx.run([x]);
      (b!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - (a!.data as Float32Array)[i]!)).toBeLessThanOrEqual(1e-5));
    } finally {
      await Promise.all([tfjs.close(), onnx.close()]);
    }
  });

  it('writes an ONNX model as it is', async () => {
    const files = mlpOnnxFiles(irisLikeMlp());
    await exportOnnx({ name: 'iris', version: '1', format: 'onnx', files }, dir);
    expect(await readFile(join(dir, 'model.onnx'))).toEqual(Buffer.from(files.get('model.onnx')!));
  });

  it('refuses a TF.js graph model, saying what to do instead', async () => {
    await expectRefusal(exportOnnx({ name: 'g', version: '1', format: 'tfjs-graph', files: mlpTfjsGraphFiles(irisLikeMlp()) }, dir), 'INVALID_ARGUMENT', /graph model.*--target web/);
  });
});

describe('exportModel', () => {
  it('refuses an unknown target, naming the targets', async () => {
    await expectRefusal(exportModel({ name: 'iris', version: '1', format: 'onnx', files: mlpOnnxFiles(irisLikeMlp()) }, { target: 'tflite', outDir: dir }), 'INVALID_ARGUMENT', /unknown export target "tflite"; expected one of web, onnx/);
  });

  it('sends each target to its exporter', async () => {
    const version = { name: 'iris', version: '1', format: 'onnx' as const, files: mlpOnnxFiles(irisLikeMlp()) };
    expect((await exportModel(version, { target: 'onnx', outDir: join(dir, 'a') })).files.map((f) => f.path)).toEqual(['model.onnx']);
    const web = await exportModel(version, { target: 'web', outDir: join(dir, 'b') });
    expect(web.target).toBe('web');
    expect(web.files.map((f) => f.path)).toContain('flywheel-model.js');
  });
});
