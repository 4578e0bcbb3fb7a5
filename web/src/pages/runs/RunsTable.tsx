import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { Column, Sort } from './columns';
import { cellContent } from './RunCells';
import type { RunRow } from './run-rows';

export const ROW_HEIGHT = 32;
const CHECK_WIDTH = 36;

export interface RunsTableProps {
  rows: RunRow[];
  columns: Column[];
  selected: ReadonlySet<string>;
  sort: Sort;
  /** Rows of the previous query, shown dimmed until the new one's first page arrives. */
  stale: boolean;
  /** Identifies the query: when it changes the table scrolls back to the top. */
  queryKey: string;
  onSort: (column: Column) => void;
  /** A row's checkbox: `range` when shift was held. */
  onToggle: (index: number, range: boolean) => void;
  onToggleAll: (select: boolean) => void;
}

/**
 * The runs as a virtualized grid: a fixed row height, only the rows in view (plus a margin)
 * in the DOM, a sticky header, and the checkbox and name columns sticky on the left while
 * the rest scrolls sideways.
 */
export function RunsTable({ rows, columns, selected, sort, stale, queryKey, onSort, onToggle, onToggleAll }: RunsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useScrollAnchor(scrollRef, rows, stale ? undefined : queryKey);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i]!.id,
  });
  const width = CHECK_WIDTH + columns.reduce((w, c) => w + c.width, 0);
  const stickyName = columns[0]?.id === 'attributes.run_name';

  const selectedShown = useMemo(() => {
    let n = 0;
    if (selected.size > 0) for (const r of rows) if (selected.has(r.id)) n++;
    return n;
  }, [rows, selected]);
  const allRef = useRef<HTMLInputElement>(null);
  const some = selectedShown > 0 && selectedShown < rows.length;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some;
  }, [some]);

  return (
    <div className={'runs-scroller' + (stale ? ' runs-stale' : '')} ref={scrollRef} data-testid="runs-table" role="table" aria-rowcount={rows.length + 1} aria-busy={stale}>
      <div className="runs-header" role="row" style={{ width }}>
        <div className="runs-cell runs-check runs-sticky" role="columnheader" style={{ width: CHECK_WIDTH }}>
          <input
            ref={allRef}
            type="checkbox"
            data-testid="select-all-checkbox"
            aria-label="Select all runs shown"
            checked={rows.length > 0 && selectedShown === rows.length}
            disabled={rows.length === 0}
            onChange={(e) => onToggleAll(e.target.checked)}
          />
        </div>
        {columns.map((c, i) => (
          <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} sticky={stickyName && i === 0} />
        ))}
      </div>
      <div className="runs-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <RunRowView
              key={row.id}
              row={row}
              index={item.index}
              top={item.start}
              columns={columns}
              selected={selected.has(row.id)}
              stickyName={stickyName}
              onToggle={onToggle}
            />
          );
        })}
      </div>
    </div>
  );
}

/**
 * Keeps the row at the top of the view in place when a refresh adds rows above it or moves it
 * (a poll under the default order prepends new runs), and goes back to the top when a new
 * query's rows arrive.
 */
function useScrollAnchor(scrollRef: RefObject<HTMLDivElement | null>, rows: RunRow[], queryKey: string | undefined) {
  const anchor = useRef<{ id: string; offset: number } | undefined>(undefined);
  const shownKey = useRef(queryKey);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    const record = () => {
      const index = Math.floor(el.scrollTop / ROW_HEIGHT);
      const row = rowsRef.current[index];
      anchor.current = el.scrollTop > 0 && row ? { id: row.id, offset: el.scrollTop - index * ROW_HEIGHT } : undefined;
    };
    el.addEventListener('scroll', record, { passive: true });
    return () => el.removeEventListener('scroll', record);
  }, [scrollRef]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || queryKey === undefined) return;
    if (shownKey.current !== queryKey) {
      shownKey.current = queryKey;
      anchor.current = undefined;
      el.scrollTop = 0;
      return;
    }
    const a = anchor.current;
    if (!a) return;
    const index = rows.findIndex((r) => r.id === a.id);
    const target = index * ROW_HEIGHT + a.offset;
    if (index >= 0 && Math.abs(target - el.scrollTop) >= 1) el.scrollTop = target;
  }, [rows, queryKey, scrollRef]);
}

const HeaderCell = memo(function HeaderCell({ column, sort, onSort, sticky }: { column: Column; sort: Sort; onSort: (c: Column) => void; sticky: boolean }) {
  const direction = sort.column === column.id ? sort.direction : undefined;
  const kind = column.kind === 'attribute' ? '' : column.kind;
  const label = (
    <>
      <span className="runs-hkind">{kind}</span>
      <span className="runs-hlabel">
        {column.label}
        {direction && <span className="runs-arrow">{direction === 'desc' ? ' ↓' : ' ↑'}</span>}
      </span>
    </>
  );
  return (
    <div
      className={'runs-cell runs-hcell' + (sticky ? ' runs-sticky runs-sticky-name' : '')}
      role="columnheader"
      style={sticky ? { width: column.width, left: CHECK_WIDTH } : { width: column.width }}
      data-testid="column-header"
      data-column={column.id}
      data-sort={direction ?? 'none'}
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
      title={column.kind === 'attribute' ? column.label : `${column.kind} ${column.key}`}
    >
      {column.orderBy ? (
        <button type="button" className="runs-sort" onClick={() => onSort(column)}>
          {label}
        </button>
      ) : (
        <span className="runs-sort runs-nosort">{label}</span>
      )}
    </div>
  );
});

interface RowProps {
  row: RunRow;
  index: number;
  top: number;
  columns: Column[];
  selected: boolean;
  stickyName: boolean;
  onToggle: (index: number, range: boolean) => void;
}

// Memoized: a selection change or a poll re-renders only the rows whose props changed.
const RunRowView = memo(function RunRowView({ row, index, top, columns, selected, stickyName, onToggle }: RowProps) {
  return (
    <div
      className={'runs-row' + (selected ? ' selected' : '') + (row.deleted ? ' deleted' : '')}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="run-row"
      data-run-id={row.id}
      data-status={row.status}
    >
      <div className="runs-cell runs-check runs-sticky" role="cell" style={{ width: CHECK_WIDTH }}>
        <input
          type="checkbox"
          data-testid="run-checkbox"
          data-run-id={row.id}
          aria-label={`Select ${row.name}`}
          checked={selected}
          // React fires a checkbox's change from its click, so the click's shift key is here.
          onChange={(e) => onToggle(index, (e.nativeEvent as MouseEvent).shiftKey === true)}
        />
      </div>
      {columns.map((c, i) => {
        const { content, title } = cellContent(row, c);
        const sticky = stickyName && i === 0;
        return (
          <div
            key={c.id}
            className={'runs-cell' + (sticky ? ' runs-sticky runs-sticky-name' : '') + (c.kind === 'metric' ? ' runs-num' : '')}
            role="cell"
            style={sticky ? { width: c.width, left: CHECK_WIDTH } : { width: c.width }}
            title={title}
          >
            {content}
          </div>
        );
      })}
    </div>
  );
});
