import { DATASET_NAME, type DatasetVersion } from '../../core/data-types.js';
import { FlywheelError, invalidArgument, isFlywheelError } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';
import { copyObjects, findMissing, type ObjectFailure, type ObjectToCopy, type TransferProgress } from './copy-objects.js';
import { failedObjectsError } from './failed-objects-error.js';
import { readLocalManifest } from './read-manifest.js';
import { datasetDocumentKey, decodeDatasetDocument } from './remote-dataset-document.js';
import type { RemoteStore } from './remote-store.js';

export interface PullDatasetOptions {
  dataset: string;
  remote: RemoteStore;
  /** This server's store, which receives the objects. */
  local: BlobStore;
  /** Version numbers to fetch; default: every version the remote lists. */
  versions?: number[];
  /** Objects moved at once. Default 16. */
  concurrency?: number;
  onProgress?: (progress: TransferProgress) => void;
}

export interface PullDatasetResult {
  /** The remote's records of the versions fetched, oldest first, for the caller to record. */
  versions: DatasetVersion[];
  /** Objects copied, and their bytes. */
  objects: number;
  bytes: number;
  /** Objects this store already had. */
  skipped: number;
}

/**
 * Fetches a dataset's versions from a remote into the local store: the remote's record, each
 * version's manifest, then every object the manifests list that is not here yet, each
 * checked against its hash on arrival. It records nothing: it answers the version records
 * for the caller to insert, and only when every object of every version arrived intact.
 * Otherwise it throws FAILED_PRECONDITION listing the bad objects (as issues); what did
 * arrive intact stays, so a re-run fetches only the rest.
 * @example const { versions } = await pullDataset({ dataset: 'pets', remote, local: blobs }); await data.importVersions('pets', versions)
 */
export async function pullDataset(options: PullDatasetOptions): Promise<PullDatasetResult> {
  const { dataset, remote, local } = options;
  const concurrency = options.concurrency ?? 16;
  if (!DATASET_NAME.test(dataset)) throw invalidArgument(`not a dataset name: ${dataset}`);
  const key = datasetDocumentKey(dataset);
  const document = await remote.getDocument(key);
  if (document === undefined) throw new FlywheelError('NOT_FOUND', `${remote.url} has no dataset ${dataset}`);
  let versions = decodeDatasetDocument(document, dataset, `${remote.url}/${key}`);
  if (options.versions) {
    const listed = new Set(versions.map((v) => v.version));
    const absent = options.versions.filter((n) => !listed.has(n));
    if (absent.length > 0) throw new FlywheelError('NOT_FOUND', `${remote.url} has no version ${absent.join(', ')} of ${dataset}`);
    const wanted = new Set(options.versions);
    versions = versions.filter((v) => wanted.has(v.version));
  }

  const manifests = [...new Set(versions.map((v) => v.manifestHash))];
  const missingManifests = await findMissing(local, manifests);
  const first = await copyObjects({
    from: remote,
    to: local,
    objects: missingManifests.map((hash) => ({ hash })),
    concurrency,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const failures: ObjectFailure[] = [...first.failures];
  const failed = new Set(failures.map((f) => f.hash));

  const files = new Map<string, ObjectToCopy>();
  for (const hash of manifests) {
    if (failed.has(hash)) continue;
    try {
      for (const e of (await readLocalManifest(local, hash)).entries) files.set(e.hash, { hash: e.hash, size: e.size });
    } catch (e) {
      if (!isFlywheelError(e) || e.code !== 'INVALID_ARGUMENT') throw e;
      failures.push({ hash, message: e.message });
    }
  }
  const missing = new Set(await findMissing(local, files.keys()));
  const onProgress = options.onProgress;
  const second = await copyObjects({
    from: remote,
    to: local,
    objects: [...files.values()].filter((o) => missing.has(o.hash)),
    concurrency,
    ...(onProgress
      ? {
          onProgress: (p: TransferProgress) =>
            onProgress({
              objects: first.objects + p.objects,
              bytes: first.bytes + p.bytes,
              totalObjects: first.objects + p.totalObjects,
              totalBytes: first.bytes + p.totalBytes,
            }),
        }
      : {}),
  });
  failures.push(...second.failures);
  if (failures.length > 0) throw failedObjectsError(`pulling ${dataset} from ${remote.url}`, failures, 'no version was imported');
  return {
    versions,
    objects: first.objects + second.objects,
    bytes: first.bytes + second.bytes,
    skipped: manifests.length - missingManifests.length + (files.size - missing.size),
  };
}
