import { invalidArgument } from '../../core/errors.js';
import { exportOnnx } from './export-onnx.js';
import { EXPORT_TARGETS, type ExportableVersion, type ExportResult, type ExportTarget, type WebBundleOptions } from './export-types.js';
import { exportWebBundle } from './export-web-bundle.js';

export interface ExportModelOptions extends WebBundleOptions {
  /** `web` or `onnx`; anything else is refused with INVALID_ARGUMENT (it comes from the command line). */
  target: string;
  outDir: string;
}

/** `fw models export`'s work: the version, written as `target` into `outDir`. */
export function exportModel(version: ExportableVersion, options: ExportModelOptions): Promise<ExportResult> {
  const { target, outDir, ...rest } = options;
  if (!isTarget(target)) {
    return Promise.reject(invalidArgument(`unknown export target ${JSON.stringify(target)}; expected one of ${EXPORT_TARGETS.join(', ')}`, [{ path: 'target', message: `expected one of ${EXPORT_TARGETS.join(', ')}` }]));
  }
  switch (target) {
    case 'web':
      return exportWebBundle(version, outDir, rest);
    case 'onnx':
      return exportOnnx(version, outDir, rest.overwrite === undefined ? {} : { overwrite: rest.overwrite });
    default: {
      const never: never = target;
      return Promise.reject(invalidArgument(`unknown export target ${String(never)}`));
    }
  }
}

function isTarget(target: string): target is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(target);
}
