import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DatasetVersion } from '../../core/data-types.js';
import type { Dataset } from '../types.js';
import type { LinkMode } from './checkout.js';
import type { DataClient, VersionRef } from './data-client.js';
import type { ProgressCallback } from './progress.js';

export interface UseDatasetOptions {
  /** Recorded as the input's `mlflow.data.context` tag (default 'training'). */
  context?: string;
  /** How the cached copy is made (default 'auto': reflink or copy). */
  mode?: LinkMode;
  onProgress?: ProgressCallback;
}

export interface UsedDataset {
  /** The local folder with the version's files. */
  path: string;
  version: DatasetVersion;
}

/**
 * Resolves a version, checks it out into the cache (`FW_DATASETS_DIR`, default
 * `~/.flywheel/datasets`, as `<name>/<version>`) unless a finished checkout of it is there,
 * and records it as the run's input with `logInput`. A marker beside the folder, written only
 * once the checkout has succeeded, says it is complete; the cached files are not re-read.
 */
export async function useDataset(
  data: DataClient,
  args: { ref: VersionRef; env: NodeJS.ProcessEnv; logInput: (dataset: Dataset, tags: Record<string, string>) => Promise<void>; options: UseDatasetOptions },
): Promise<UsedDataset> {
  const version = await data.show(args.ref);
  const base = join(args.env.FW_DATASETS_DIR || join(args.env.HOME || homedir(), '.flywheel', 'datasets'), version.dataset);
  const path = join(base, String(version.version));
  const marker = join(base, `.${version.version}.complete`);
  if (readQuietly(marker) !== version.manifestHash) {
    await data.checkout(version, path, {
      clean: true,
      ...(args.options.mode ? { mode: args.options.mode } : {}),
      ...(args.options.onProgress ? { onProgress: args.options.onProgress } : {}),
    });
    writeFileSync(marker, version.manifestHash);
  }
  const uri = `flywheel:${version.dataset}@${version.version}`;
  await args.logInput(
    { name: version.dataset, digest: version.digest, sourceType: 'flywheel', source: JSON.stringify({ uri }) },
    { 'mlflow.data.context': args.options.context ?? 'training' },
  );
  return { path, version };
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
