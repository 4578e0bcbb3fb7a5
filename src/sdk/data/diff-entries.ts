import type { DatasetDiff, DiffEntry, ManifestEntry } from '../../core/data-types.js';

/** What changed from `before` to `after` (a file whose hash or mode differs is modified). */
export function diffEntries(before: readonly ManifestEntry[], after: readonly ManifestEntry[]): DatasetDiff {
  const old = new Map(before.map((e) => [e.path, e]));
  const added: DiffEntry[] = [];
  const modified: DiffEntry[] = [];
  const removed: DiffEntry[] = [];
  let unchanged = 0;
  let bytesAdded = 0;
  let bytesRemoved = 0;
  const side = (e: ManifestEntry) => ({ hash: e.hash, size: e.size, mode: e.mode });
  for (const e of after) {
    const o = old.get(e.path);
    if (!o) {
      added.push({ path: e.path, new: side(e) });
      bytesAdded += e.size;
    } else {
      old.delete(e.path);
      if (o.hash === e.hash && o.mode === e.mode) unchanged++;
      else {
        modified.push({ path: e.path, old: side(o), new: side(e) });
        if (e.size > o.size) bytesAdded += e.size - o.size;
        else bytesRemoved += o.size - e.size;
      }
    }
  }
  for (const o of old.values()) {
    removed.push({ path: o.path, old: side(o) });
    bytesRemoved += o.size;
  }
  const byPath = (a: DiffEntry, b: DiffEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    added: added.sort(byPath),
    removed: removed.sort(byPath),
    modified: modified.sort(byPath),
    summary: { added: added.length, removed: removed.length, modified: modified.length, unchanged, bytesAdded, bytesRemoved },
  };
}
