import { datasetVersionToWire } from '../../contracts/index.js';
import { DATASET_NAME, type DatasetVersion } from '../../core/data-types.js';
import { FlywheelError, invalidArgument, type ValidationIssue } from '../../core/index.js';

/**
 * A dataset's record on a remote: `<prefix>/datasets/<name>.json`, holding its versions with
 * the DatasetVersion fields in snake_case (as the HTTP API writes them):
 * `{"format":"flywheel.remote-dataset/1","dataset":"pets","versions":[{"dataset":"pets","version":1,
 * "manifest_hash":"…","digest":"…","message":"…","author":"…","created_time":…,"parent":null,
 * "tags":[],"file_count":…,"total_bytes":…}]}`, versions in ascending order.
 */
export const REMOTE_DATASET_FORMAT = 'flywheel.remote-dataset/1';

const HASH = /^[0-9a-f]{64}$/;

export function datasetDocumentKey(dataset: string): string {
  if (!DATASET_NAME.test(dataset)) throw invalidArgument(`not a dataset name: ${dataset}`);
  return `datasets/${dataset}.json`;
}

export function encodeDatasetDocument(dataset: string, versions: DatasetVersion[]): unknown {
  return {
    format: REMOTE_DATASET_FORMAT,
    dataset,
    // The same snake_case fields as the HTTP API's version JSON.
    versions: [...versions].sort((a, b) => a.version - b.version).map(datasetVersionToWire),
  };
}

/** The versions a remote's record lists; FAILED_PRECONDITION (with issues) if it is not one we can trust. */
export function decodeDatasetDocument(document: unknown, dataset: string, where: string): DatasetVersion[] {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (doc.format !== REMOTE_DATASET_FORMAT) issues.push({ path: 'format', message: `must be ${REMOTE_DATASET_FORMAT}` });
  if (doc.dataset !== dataset) issues.push({ path: 'dataset', message: `must be ${dataset}` });
  const versions: DatasetVersion[] = [];
  const raw = Array.isArray(doc.versions) ? (doc.versions as unknown[]) : [];
  if (!Array.isArray(doc.versions)) issues.push({ path: 'versions', message: 'must be a list' });
  for (const [i, item] of raw.entries()) {
    const v = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const bad = (field: string, message: string) => issues.push({ path: `versions[${i}].${field}`, message });
    const count = (field: string) => {
      const n = v[field];
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
      bad(field, 'must be a non-negative integer');
      return 0;
    };
    const text = (field: string) => {
      if (typeof v[field] === 'string') return v[field];
      bad(field, 'must be a string');
      return '';
    };
    if (v.dataset !== dataset) bad('dataset', `must be ${dataset}`);
    const version = count('version');
    if (version < 1) bad('version', 'must be at least 1');
    const manifestHash = text('manifest_hash');
    if (!HASH.test(manifestHash)) bad('manifest_hash', 'must be a sha256 hash');
    const parent = v.parent === null ? null : count('parent');
    const tags = Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string') ? (v.tags as string[]) : [];
    if (!Array.isArray(v.tags) || tags.length !== v.tags.length) bad('tags', 'must be a list of strings');
    versions.push({
      dataset,
      version,
      manifestHash,
      digest: text('digest'),
      message: text('message'),
      author: text('author'),
      createdTime: count('created_time'),
      parent,
      tags,
      fileCount: count('file_count'),
      totalBytes: count('total_bytes'),
    });
  }
  const numbers = new Set<number>();
  for (const v of versions) {
    if (numbers.has(v.version)) issues.push({ path: 'versions', message: `version ${v.version} is listed twice` });
    numbers.add(v.version);
  }
  if (issues.length > 0) {
    throw new FlywheelError('FAILED_PRECONDITION', `${where} is not a valid dataset record: ${issues[0]!.path} ${issues[0]!.message}`, { issues });
  }
  return versions.sort((a, b) => a.version - b.version);
}

/**
 * The remote's versions with the pushed ones added or updated. A version number the remote
 * already has with another manifest means the two histories diverged: CONFLICT, and nothing
 * is merged. A tag names one version, so a pushed tag is taken off any other version.
 */
export function mergeVersions(remote: DatasetVersion[], pushed: DatasetVersion[], where: string): DatasetVersion[] {
  const byNumber = new Map(remote.map((v) => [v.version, v]));
  const clashes = pushed.filter((p) => {
    const there = byNumber.get(p.version);
    return there !== undefined && there.manifestHash !== p.manifestHash;
  });
  if (clashes.length > 0) {
    throw new FlywheelError(
      'CONFLICT',
      `${where} has version${clashes.length > 1 ? 's' : ''} ${clashes.map((c) => c.version).join(', ')} of ${clashes[0]!.dataset} with other contents; the histories diverged`,
    );
  }
  const pushedTags = new Set(pushed.flatMap((p) => p.tags));
  const pushedNumbers = new Set(pushed.map((p) => p.version));
  for (const v of remote) {
    if (!pushedNumbers.has(v.version)) byNumber.set(v.version, { ...v, tags: v.tags.filter((t) => !pushedTags.has(t)) });
  }
  for (const p of pushed) byNumber.set(p.version, p);
  return [...byNumber.values()].sort((a, b) => a.version - b.version);
}
