import { useEffect, useRef, useState } from 'react';
import { ATTRIBUTES, columnId, type ColumnKind } from './columns';
import type { RunKeys } from './run-rows';

interface Props {
  keys: RunKeys;
  /** The ids of the columns shown, in order. */
  shown: readonly string[];
  onChange: (ids: string[]) => void;
  onReset: () => void;
  /** True when the columns are the page's default choice (nothing in the URL). */
  isDefault: boolean;
}

const GROUPS: { kind: Exclude<ColumnKind, 'attribute'>; label: string }[] = [
  { kind: 'metric', label: 'Metrics' },
  { kind: 'param', label: 'Params' },
  { kind: 'tag', label: 'Tags' },
];

const MAX_PER_GROUP = 300;

/** A dropdown listing every attribute and every metric, param and tag key seen in the loaded runs. */
export function ColumnPicker({ keys, shown, onChange, onReset, isDefault }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const shownSet = new Set(shown);
  const toggle = (id: string) => onChange(shownSet.has(id) ? shown.filter((s) => s !== id) : [...shown, id]);
  const needle = search.trim().toLowerCase();
  const matches = (label: string) => needle === '' || label.toLowerCase().includes(needle);

  const option = (id: string, label: string) => (
    <label key={id} className="runs-picker-option" title={id}>
      <input type="checkbox" data-testid="column-picker-option" data-column={id} checked={shownSet.has(id)} onChange={() => toggle(id)} />
      <span>{label}</span>
    </label>
  );

  return (
    <div className="runs-picker" ref={ref}>
      <button type="button" data-testid="column-picker-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Columns ({shown.length}) ▾
      </button>
      {open && (
        <div className="runs-picker-panel" data-testid="column-picker" role="dialog" aria-label="Choose columns">
          <div className="runs-picker-top">
            <input type="search" placeholder="Find a key" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Find a column" autoFocus />
            <button type="button" className="link-button" data-testid="column-picker-reset" disabled={isDefault} onClick={onReset}>
              Reset
            </button>
          </div>
          <div className="runs-picker-list">
            <div className="runs-picker-group">Attributes</div>
            {ATTRIBUTES.filter((a) => matches(a.label)).map((a) => option(columnId('attribute', a.key), a.label))}
            {GROUPS.map(({ kind, label }) => {
              // Keys from the URL that no loaded run has still get a box, so they can be removed.
              const prefix = columnId(kind, '');
              const extra = shown.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
              const all = [...new Set([...keys[`${kind}s` as const], ...extra])].filter(matches);
              const list = all.slice(0, MAX_PER_GROUP);
              return (
                <div key={kind}>
                  <div className="runs-picker-group">
                    {label} <span className="muted">({all.length})</span>
                  </div>
                  {list.length === 0 ? <div className="runs-picker-none muted">none</div> : list.map((k) => option(columnId(kind, k), k))}
                  {all.length > list.length && <div className="runs-picker-none muted">{all.length - list.length} more: type to narrow</div>}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
