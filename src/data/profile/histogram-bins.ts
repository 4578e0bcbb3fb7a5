/** Equal-width bins over [min, max]: bin i is [start + i·width, start + (i+1)·width). */
export interface BinLayout {
  start: number;
  width: number;
  count: number;
}

export const DEFAULT_BIN_COUNT = 20;

/**
 * How to cut [min, max] into equal-width bins. An integer column with few values gets one
 * bin per integer (0..3 → four bins [0,1) [1,2) [2,3) [3,4)), since twenty bins of width
 * 0.15 over it would be mostly empty; a column with one value gets one bin of width 0.
 * The last bin also holds `max` (the SQL clamps the bin index).
 */
export function binLayout(min: number, max: number, options: { integer: boolean; bins?: number }): BinLayout {
  const bins = options.bins ?? DEFAULT_BIN_COUNT;
  if (max <= min) return { start: min, width: 0, count: 1 };
  if (options.integer && max - min + 1 <= bins) return { start: min, width: 1, count: max - min + 1 };
  return { start: min, width: (max - min) / bins, count: bins };
}

/** The SQL expression that gives a value's bin index (0..count-1) under a layout. */
export function binIndexSql(valueSql: string, layout: BinLayout): string {
  if (layout.width === 0) return '0';
  // String casts: a JS number's text parses back to the same double, where a bare literal
  // like 0.15 would be a DECIMAL and 1e-7 or -5 need care next to other operators.
  const raw = `floor((${valueSql} - '${layout.start}'::DOUBLE) / '${layout.width}'::DOUBLE)`;
  return `least(greatest(${raw}, 0), ${layout.count - 1})::INTEGER`;
}

/**
 * The bins with their counts, from DuckDB's `histogram(binIndex)` (a map index → count;
 * empty bins are absent from it). Bin edges are computed from min and max, not summed
 * from the width, so the last bin ends exactly at max.
 */
export function binsFromCounts(
  layout: BinLayout,
  counts: Map<number, number>,
  max: number,
): { from: number; to: number; count: number }[] {
  const edge = (i: number): number => (i === layout.count && layout.width !== 1 ? max : layout.start + i * layout.width);
  const out: { from: number; to: number; count: number }[] = [];
  for (let i = 0; i < layout.count; i++) {
    out.push({ from: edge(i), to: layout.width === 0 ? max : edge(i + 1), count: counts.get(i) ?? 0 });
  }
  return out;
}
