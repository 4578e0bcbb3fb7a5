import type { DatasetDiff, DiffEntry, ManifestEntry } from '../../core/data-types.js';

/**
 * The difference between two manifests, by path. Both are sorted by path (bytewise), so
 * one merge pass does it. Lists are capped at `maxResults` each; the summary counts all.
 */
export function diffManifests(a: ManifestEntry[], b: ManifestEntry[], maxResults: number): DatasetDiff {
  const diff: DatasetDiff = {
    added: [],
    removed: [],
    modified: [],
    summary: { added: 0, removed: 0, modified: 0, unchanged: 0, bytesAdded: 0, bytesRemoved: 0 },
  };
  const push = (list: DiffEntry[], e: DiffEntry) => {
    if (list.length < maxResults) list.push(e);
  };
  const file = (e: ManifestEntry) => ({ hash: e.hash, size: e.size, mode: e.mode });
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const order = x && y ? Buffer.compare(Buffer.from(x.path), Buffer.from(y.path)) : x ? -1 : 1;
    if (order < 0) {
      push(diff.removed, { path: x!.path, old: file(x!) });
      diff.summary.removed++;
      diff.summary.bytesRemoved += x!.size;
      i++;
    } else if (order > 0) {
      push(diff.added, { path: y!.path, new: file(y!) });
      diff.summary.added++;
      diff.summary.bytesAdded += y!.size;
      j++;
    } else {
      if (x!.hash !== y!.hash || x!.mode !== y!.mode) {
        push(diff.modified, { path: x!.path, old: file(x!), new: file(y!) });
        diff.summary.modified++;
        diff.summary.bytesRemoved += x!.size;
        diff.summary.bytesAdded += y!.size;
      } else {
        diff.summary.unchanged++;
      }
      i++;
      j++;
    }
  }
  return diff;
}
