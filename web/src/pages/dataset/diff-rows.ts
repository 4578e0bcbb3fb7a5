import type { DatasetDiff, DatasetVersion } from '../../api/data-types';

export type ChangeKind = 'added' | 'removed' | 'modified';

export interface DiffRow {
  kind: ChangeKind;
  path: string;
  /** Bytes before; undefined for an added file. */
  oldSize: number | undefined;
  /** Bytes after; undefined for a removed file. */
  newSize: number | undefined;
  /** A modified file whose bytes are the same and whose permission bits changed. */
  modeOnly: boolean;
}

/** The diff's three lists as one, in path order (each file is in at most one list). */
export function diffRows(diff: DatasetDiff): DiffRow[] {
  const rows: DiffRow[] = [];
  const add = (kind: ChangeKind, list: DatasetDiff['added']) => {
    for (const e of list) {
      rows.push({
        kind,
        path: e.path,
        oldSize: e.old?.size,
        newSize: e.new?.size,
        modeOnly: kind === 'modified' && e.old !== undefined && e.new !== undefined && e.old.hash === e.new.hash,
      });
    }
  };
  add('added', diff.added);
  add('removed', diff.removed);
  add('modified', diff.modified);
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether the server listed fewer entries than it counted (each list is capped). */
export function diffCut(diff: DatasetDiff): boolean {
  return diff.added.length < diff.summary.added || diff.removed.length < diff.summary.removed || diff.modified.length < diff.summary.modified;
}

/**
 * The two versions to compare, from the URL's `from` and `to`: both must be versions of this
 * dataset, and different. Undefined otherwise (nothing picked yet, or a stale link).
 */
export function diffPair(from: string, to: string, versions: readonly DatasetVersion[]): { from: number; to: number } | undefined {
  const known = new Set(versions.map((v) => v.version));
  const f = /^\d+$/.test(from) ? Number(from) : NaN;
  const t = /^\d+$/.test(to) ? Number(to) : NaN;
  return known.has(f) && known.has(t) && f !== t ? { from: f, to: t } : undefined;
}
