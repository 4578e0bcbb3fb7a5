import { useCallback, useMemo, useRef, useState } from 'react';
import { joinList, splitList } from '../../lib/url-state';
import type { RunRow } from './run-rows';

/**
 * The most run ids kept in the URL (about 6.6 KB of it). A larger selection (select all over
 * thousands of runs) would make a URL that servers refuse (Node answers 431 past 16 KB of
 * headers), so it stays in the page only and the link carries none.
 */
export const MAX_SELECTED_IN_URL = 200;

export interface Selection {
  selected: ReadonlySet<string>;
  /** The selection is too large for the URL and lives in the page only. */
  notInUrl: boolean;
  /** Toggles one row; with `range`, sets every row from the last one toggled to this one. */
  toggle: (index: number, range: boolean) => void;
  /** Selects, or unselects, every row shown. */
  toggleAll: (select: boolean) => void;
  set: (ids: Iterable<string>) => void;
}

/**
 * Selected run ids, kept in the URL's `selected` list. The callbacks are stable (they read
 * the rows and the selection through refs) so the memoized rows do not re-render for them.
 */
export function useSelection(rows: readonly RunRow[], selectedParam: string, write: (selected: string) => void): Selection {
  // A selection too large for the URL; a non-empty `selected` in the URL (back/forward, a
  // link) wins over it, since this page writes an empty one while it holds a large one.
  const [large, setLarge] = useState<string | undefined>(undefined);
  const source = large !== undefined && selectedParam === '' ? large : selectedParam;
  const selected = useMemo(() => new Set(splitList(source)), [source]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const anchor = useRef<string | undefined>(undefined);
  // Whatever `write` the caller passes last is the one called, so the callbacks stay stable.
  const writeRef = useRef(write);
  writeRef.current = write;

  const set = useCallback((ids: Iterable<string>) => {
    const list = [...ids];
    if (list.length > MAX_SELECTED_IN_URL) {
      setLarge(joinList(list));
      writeRef.current('');
    } else {
      setLarge(undefined);
      writeRef.current(joinList(list));
    }
  }, []);
  const toggle = useCallback(
    (index: number, range: boolean) => {
      const list = rowsRef.current;
      const row = list[index];
      if (!row) return;
      const next = new Set(selectedRef.current);
      const on = !next.has(row.id);
      const from = range && anchor.current ? list.findIndex((r) => r.id === anchor.current) : -1;
      if (from >= 0) {
        for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
          if (on) next.add(list[i]!.id);
          else next.delete(list[i]!.id);
        }
      } else if (on) next.add(row.id);
      else next.delete(row.id);
      anchor.current = row.id;
      set(next);
    },
    [set],
  );
  const toggleAll = useCallback(
    (select: boolean) => {
      const next = new Set(selectedRef.current);
      for (const r of rowsRef.current) {
        if (select) next.add(r.id);
        else next.delete(r.id);
      }
      anchor.current = undefined;
      set(next);
    },
    [set],
  );
  return { selected, notInUrl: source === large && large !== undefined, toggle, toggleAll, set };
}
