import { invalidArgument } from '../../core/errors.js';
import { tfjsLayersMlpToOnnx } from '../onnx/index.js';
import { onnxFiles } from '../runtime/detect-format.js';
import type { ExportableVersion, ExportOptions, ExportResult } from './export-types.js';
import { prepareOutDir, writeBundleFile } from './write-files.js';

/**
 * Writes the model as one ONNX file, `<outDir>/model.onnx`: an ONNX model's own file, or the
 * ONNX equivalent of a TF.js layers model made of Dense layers (same input and output names,
 * so requests to the server stay the same). Throws INVALID_ARGUMENT for TF.js graph models
 * and for layers models with other layers.
 */
export async function exportOnnx(version: ExportableVersion, outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const bytes = onnxBytes(version);
  await prepareOutDir(outDir, options.overwrite ?? false);
  const file = await writeBundleFile(outDir, 'model.onnx', bytes);
  return { target: 'onnx', outDir, files: [file], sizeBytes: file.size };
}

function onnxBytes(version: ExportableVersion): Uint8Array {
  const what = `${version.name} version ${version.version}`;
  switch (version.format) {
    case 'onnx': {
      const paths = onnxFiles(version.files);
      if (paths.length !== 1) throw invalidArgument(`an ONNX model needs exactly one .onnx file; ${what} has ${paths.length}`);
      return version.files.get(paths[0]!)!;
    }
    case 'tfjs-layers':
      try {
        return tfjsLayersMlpToOnnx(version.files);
      } catch (e) {
        throw invalidArgument(`${what} cannot be converted to ONNX: ${(e as Error).message}`);
      }
    case 'tfjs-graph':
      throw invalidArgument(`${what} is a TF.js graph model; only TF.js layers models made of Dense layers convert to ONNX (export it with --target web instead)`);
    default: {
      const never: never = version.format;
      throw invalidArgument(`cannot export a model of format ${JSON.stringify(never)} to ONNX`);
    }
  }
}
