import { createHash } from 'node:crypto';
import type { ManifestEntry } from '../../src/core/data-types.js';
import { encodeManifest } from '../../src/contracts/index.js';
import type { SeedApi } from './seed-api.js';

/** The part of a version's JSON (docs/data-api.md) the UI tests read. */
export interface SeededVersion {
  dataset: string;
  version: number;
  digest: string;
  manifest_hash: string;
  file_count: number;
  total_bytes: number;
  tags: string[];
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Dataset versions for the web UI tests, added through the data API the way the SDK does:
 * the files' objects in one batch, the manifest as an object, then the version.
 *
 * @example
 * const v1 = await datasets.addVersion('pets', { 'labels.csv': 'id,label\n1,cat\n' }, { message: 'first' });
 */
export class DatasetsSeed {
  constructor(private readonly api: SeedApi) {}

  async addVersion(
    dataset: string,
    files: Record<string, string | Buffer>,
    options: { message?: string; author?: string; tags?: string[] } = {},
  ): Promise<SeededVersion> {
    const objects = new Map<string, Buffer>();
    const entries: ManifestEntry[] = Object.entries(files).map(([path, content]) => {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const hash = sha256(bytes);
      objects.set(hash, bytes);
      return { path, hash, size: bytes.length, mode: 0o644 };
    });
    await this.putObjects([...objects.entries()]);
    const manifest = Buffer.from(encodeManifest(entries));
    const manifestHash = sha256(manifest);
    const res = await fetch(`${this.api.baseUrl}/api/v1/objects/${manifestHash}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: manifest,
    });
    if (!res.ok) throw new Error(`PUT manifest -> ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return (await this.api.post<{ version: SeededVersion }>('/api/v1/datasets/versions', { dataset, manifest_hash: manifestHash, ...options })).version;
  }

  /** Records `version` as an input of the run, as the SDK's `run.useDataset('name@N')` does. */
  async logRunInput(runId: string, version: SeededVersion): Promise<void> {
    await this.api.post('/api/2.0/mlflow/runs/log-inputs', {
      run_id: runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: version.dataset,
            digest: version.digest,
            source_type: 'flywheel',
            source: JSON.stringify({ uri: `flywheel:${version.dataset}@${version.version}` }),
          },
        },
      ],
    });
  }

  private async putObjects(objects: [string, Buffer][]): Promise<void> {
    if (objects.length === 0) return;
    const body = Buffer.concat(objects.flatMap(([hash, bytes]) => [Buffer.from(`${hash} ${bytes.length}\n`, 'latin1'), bytes]));
    const res = await fetch(`${this.api.baseUrl}/api/v1/objects/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-flywheel-objects' },
      body,
    });
    if (!res.ok) throw new Error(`POST /api/v1/objects/batch -> ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }
}
