import { useEffect, useRef, useState } from 'react';

/**
 * Which metric keys get a chart: a dropdown of checkboxes with a filter. An empty
 * `selected` means all keys.
 */
export function MetricKeyPicker({ allKeys, selected, onChange }: { allKeys: string[]; selected: string[]; onChange: (keys: string[]) => void }) {
  const [filter, setFilter] = useState('');
  const ref = useRef<HTMLDetailsElement>(null);
  const all = selected.length === 0;
  const isOn = (k: string) => all || selected.includes(k);
  const f = filter.trim().toLowerCase();
  const listed = f ? allKeys.filter((k) => k.toLowerCase().includes(f)) : allKeys;
  const count = all ? allKeys.length : selected.filter((k) => allKeys.includes(k)).length;

  // Close when clicking elsewhere, as a menu does.
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      const el = ref.current;
      if (el?.open && !el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);

  const toggle = (key: string) => {
    const current = all ? allKeys : selected;
    const next = current.includes(key) ? current.filter((k) => k !== key) : [...current, key];
    // An empty list means "all" in the URL, so the last key stays.
    if (next.length === 0) return;
    onChange(allKeys.filter((k) => next.includes(k)).concat(next.filter((k) => !allKeys.includes(k))));
  };

  return (
    <details className="key-picker" ref={ref} data-testid="metric-keys-picker">
      <summary>
        Metrics: {count} of {allKeys.length}
      </summary>
      <div className="key-picker-menu">
        <input type="search" placeholder="Filter metrics" aria-label="Filter metrics" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="key-picker-actions">
          <button type="button" className="link-button" data-testid="metric-keys-all" onClick={() => onChange([])}>
            All
          </button>
          <button type="button" className="link-button" data-testid="metric-keys-only-filtered" disabled={!f || listed.length === 0} onClick={() => onChange(listed)}>
            Only these
          </button>
        </div>
        <ul>
          {listed.map((k) => (
            <li key={k}>
              <label className="check">
                <input type="checkbox" data-testid="metric-key-option" data-key={k} checked={isOn(k)} onChange={() => toggle(k)} />
                <span className="mono">{k}</span>
              </label>
            </li>
          ))}
          {listed.length === 0 && <li className="muted">No metric matches.</li>}
        </ul>
      </div>
    </details>
  );
}
