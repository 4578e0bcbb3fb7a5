import { DATASET_NAME, type DatasetVersion, type ManifestEntry } from '../../core/data-types.js';
import { FlywheelError, invalidArgument } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';
import { copyObjects, findMissing, type ObjectToCopy, type TransferProgress } from './copy-objects.js';
import { failedObjectsError } from './failed-objects-error.js';
import { readLocalManifest } from './read-manifest.js';
import { datasetDocumentKey, decodeDatasetDocument, encodeDatasetDocument, mergeVersions } from './remote-dataset-document.js';
import type { RemoteStore } from './remote-store.js';

export interface PushDatasetOptions {
  dataset: string;
  /** This server's store, which holds the versions' manifests and files. */
  local: BlobStore;
  remote: RemoteStore;
  /** The version records to push (all of the dataset's, or those asked for). */
  versions: DatasetVersion[];
  /** Parsed manifests by hash, when the caller has them; the others are read from `local`. */
  manifests?: ReadonlyMap<string, ManifestEntry[]>;
  /** Objects moved at once. Default 16. */
  concurrency?: number;
  onProgress?: (progress: TransferProgress) => void;
}

export interface PushDatasetResult {
  /** Objects copied, and their bytes. */
  objects: number;
  bytes: number;
  /** Objects the remote already had. */
  skipped: number;
  /** The versions the remote's record lists now. */
  versions: DatasetVersion[];
}

/**
 * Copies a dataset's versions to a remote: the objects it lacks (manifests and files, checked
 * on arrival), then the dataset's record (`datasets/<name>.json`), written only once every
 * object of the pushed versions is there. Interrupted, it leaves no record naming missing
 * objects, and a re-run copies only what is still missing. A version number the remote has
 * with other contents is a CONFLICT, found before anything is copied.
 * @example await pushDataset({ dataset: 'pets', local: blobs, remote: s3StoreFromUrl(url, process.env), versions })
 */
export async function pushDataset(options: PushDatasetOptions): Promise<PushDatasetResult> {
  const { dataset, local, remote } = options;
  const concurrency = options.concurrency ?? 16;
  if (!DATASET_NAME.test(dataset)) throw invalidArgument(`not a dataset name: ${dataset}`);
  const stray = options.versions.find((v) => v.dataset !== dataset);
  if (stray) throw invalidArgument(`version ${stray.version} is of ${stray.dataset}, not ${dataset}`);
  const where = `${remote.url}/${datasetDocumentKey(dataset)}`;
  const remoteVersions = async () => {
    const document = await remote.getDocument(datasetDocumentKey(dataset));
    return document === undefined ? [] : decodeDatasetDocument(document, dataset, where);
  };
  mergeVersions(await remoteVersions(), options.versions, where);

  const objects = new Map<string, ObjectToCopy>();
  for (const v of options.versions) {
    const given = options.manifests?.get(v.manifestHash);
    const manifest = given ? { entries: given, size: await local.sizeOf(v.manifestHash) } : await readLocalManifest(local, v.manifestHash);
    if (manifest.size === undefined) {
      throw new FlywheelError('FAILED_PRECONDITION', `the manifest ${v.manifestHash} of ${dataset}@${v.version} is not in the local store`);
    }
    objects.set(v.manifestHash, { hash: v.manifestHash, size: manifest.size });
    for (const e of manifest.entries) objects.set(e.hash, { hash: e.hash, size: e.size });
  }
  const missing = new Set(await findMissing(remote, objects.keys()));
  const copy = await copyObjects({
    from: local,
    to: remote,
    objects: [...objects.values()].filter((o) => missing.has(o.hash)),
    concurrency,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (copy.failures.length > 0) {
    throw failedObjectsError(`pushing ${dataset} to ${remote.url}`, copy.failures, 'the remote record was not written');
  }
  // Read again: another push may have added versions while the objects were copied.
  const merged = mergeVersions(await remoteVersions(), options.versions, where);
  if (options.versions.length > 0) await remote.putDocument(datasetDocumentKey(dataset), encodeDatasetDocument(dataset, merged));
  return { objects: copy.objects, bytes: copy.bytes, skipped: objects.size - missing.size, versions: merged };
}
