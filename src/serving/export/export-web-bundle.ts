import { readFile } from 'node:fs/promises';
import { invalidArgument } from '../../core/errors.js';
import { onnxFiles } from '../runtime/detect-format.js';
import { loadModel } from '../runtime/load-model.js';
import { MODEL_FORMATS, type ModelSignature, type TensorSpec } from '../runtime/runtime-types.js';
import { bundleReadme } from './bundle-readme.js';
import type { ExportableVersion, ExportedFile, ExportResult, WebBundleManifest, WebBundleOptions } from './export-types.js';
import { FLYWHEEL_MODEL_JS } from './flywheel-model-js.js';
import { indexHtml } from './index-html.js';
import { webRuntime } from './web-runtime.js';
import { isSafePath, prepareOutDir, writeBundleFile } from './write-files.js';

export const MODEL_DIR = 'model';

/**
 * Writes a folder that runs the model in a browser with no server: the model's files under
 * `model/`, the WASM runtime under `runtime/` (onnxruntime-web for ONNX, TF.js with its WASM
 * backend for TF.js models), `flywheel-model.js` (the API), `index.html` (an example page),
 * `README.md` and `manifest.json` (name, version, format, signature, files with sha256).
 * Throws INVALID_ARGUMENT for files that do not fit the format, ALREADY_EXISTS for an
 * `outDir` that is not empty (unless `overwrite`).
 *
 * @example
 *   await exportWebBundle({ name: 'iris', version: '3', format: 'onnx', files }, './iris-web');
 *   // then: cd iris-web && python3 -m http.server
 */
export async function exportWebBundle(version: ExportableVersion, outDir: string, options: WebBundleOptions = {}): Promise<ExportResult> {
  checkModelFiles(version);
  const signature = version.signature ?? (await readSignature(version));
  const runtime = webRuntime(version.format);
  await prepareOutDir(outDir, options.overwrite ?? false);

  const files: ExportedFile[] = [];
  for (const [path, bytes] of [...version.files].sort(([a], [b]) => a.localeCompare(b))) {
    files.push(await writeBundleFile(outDir, `${MODEL_DIR}/${path}`, bytes));
  }
  for (const f of runtime.files) {
    files.push(await writeBundleFile(outDir, f.path, await readFile(f.source)));
  }
  const examples = exampleRows(signature.inputs, options.example ?? {});
  const head = { name: version.name, version: version.version, format: version.format, signature };
  files.push(await writeBundleFile(outDir, 'flywheel-model.js', FLYWHEEL_MODEL_JS));
  files.push(await writeBundleFile(outDir, 'index.html', indexHtml(head, Object.fromEntries(examples.map((e) => [e.input, e.text])))));
  // The README lists the files above; it cannot list itself with a hash.
  const first = examples[0] ?? { input: 'input', row: '', text: '', shape: [] };
  const readme = bundleReadme({ flywheelBundle: 1, ...head, runtime: runtime.packages, files }, first);
  files.push(await writeBundleFile(outDir, 'README.md', readme));

  const manifest: WebBundleManifest = { flywheelBundle: 1, ...head, runtime: runtime.packages, files };
  const manifestFile = await writeBundleFile(outDir, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const all = [...files, manifestFile];
  return { target: 'web', outDir, files: all, sizeBytes: all.reduce((n, f) => n + f.size, 0) };
}

function checkModelFiles(version: ExportableVersion): void {
  const format = version.format as string;
  if (!(MODEL_FORMATS as readonly string[]).includes(format)) {
    throw invalidArgument(`cannot export a model of format ${JSON.stringify(format)}; the web target takes ${MODEL_FORMATS.join(', ')}`);
  }
  const unsafe = [...version.files.keys()].find((p) => !isSafePath(p));
  if (unsafe !== undefined) throw invalidArgument(`the model file path ${JSON.stringify(unsafe)} leaves its folder; expected a relative path without ..`);
  if (version.format === 'onnx') {
    const onnx = onnxFiles(version.files);
    if (onnx.length !== 1) throw invalidArgument(`an ONNX model needs exactly one .onnx file; ${version.name} version ${version.version} has ${onnx.length}`);
  } else if (!version.files.has('model.json')) {
    throw invalidArgument(`a TF.js model needs a model.json at its root; ${version.name} version ${version.version} has ${[...version.files.keys()].join(', ') || 'no files'}`);
  }
}

/** Loads the model in this process for its signature (and to prove it loads before writing anything). */
async function readSignature(version: ExportableVersion): Promise<ModelSignature> {
  const model = await loadModel(version.files, { format: version.format });
  try {
    return model.signature;
  } finally {
    await model.close();
  }
}

interface ExampleRow {
  input: string;
  /** The row as index.html's box shows it. */
  text: string;
  /** The row as a JavaScript array's contents. */
  row: string;
  shape: number[];
}

/** One example row per input: `given` where set, else values spread over (0, 1). */
function exampleRows(inputs: readonly TensorSpec[], given: Record<string, number[]>): ExampleRow[] {
  return inputs.map((spec) => {
    const fixed = spec.shape.slice(spec.shape[0] === -1 ? 1 : 0).map((d) => (d < 0 ? 1 : d));
    const width = fixed.reduce((n, d) => n * d, 1);
    const shape = spec.shape[0] === -1 || spec.shape.length === 0 ? [1, ...(fixed.length > 0 ? fixed : [width])] : fixed;
    let values: string[];
    const own = given[spec.name];
    if (own) values = own.map(String);
    else if (spec.datatype === 'BYTES') values = Array.from({ length: width }, () => 'example');
    else if (spec.datatype === 'BOOL') values = Array.from({ length: width }, (_, i) => String(i % 2 === 0));
    else if (spec.datatype.startsWith('FP')) values = Array.from({ length: width }, (_, i) => String(Math.round(((i + 1) / (width + 1)) * 100) / 100));
    else values = Array.from({ length: width }, (_, i) => String(i % 3));
    const quoted = spec.datatype === 'BYTES' ? values.map((v) => JSON.stringify(v)) : values;
    return { input: spec.name, text: spec.datatype === 'BYTES' ? values.join('\n') : values.join(', '), row: quoted.join(', '), shape };
  });
}
