import { formatNumber } from '../../lib/format';

/** A statistic as shown: numbers compact, text (dates, strings) as it is, nothing as a dash. */
export function formatStat(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

/** "p5", "p50": the profile gives quantiles as fractions (0.05); a percentage is read as one too. */
export function quantileLabel(p: number): string {
  return `p${formatNumber(p <= 1 ? Math.round(p * 1000) / 10 : p)}`;
}

/** "12 (3.4%)" of `total` rows; "0" when none. */
export function formatShare(count: number, total: number): string {
  if (count === 0 || total <= 0) return String(count);
  const pct = (count / total) * 100;
  return `${count} (${pct < 0.1 ? '<0.1' : pct >= 99.95 && count < total ? '>99.9' : formatNumber(Number(pct.toFixed(1)))}%)`;
}

/** Each count as a fraction of the largest (0 when all are 0), for bar lengths. */
export function barFractions(counts: readonly number[]): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max > 0 ? c / max : 0));
}

/** Whether a DuckDB column type holds integers (TINYINT … HUGEINT, UBIGINT …). */
export const isIntegerType = (type: string): boolean => /^U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$/i.test(type.trim());

/**
 * A histogram bin by its bounds ("0 – 2.5"). A bin of one value reads as that value: the
 * only bin of a column with one value, and an integer column's bins of width one, which the
 * profile makes when the column has few distinct integers ([3, 4) holds only 3).
 */
export function binLabel(bin: { from: number; to: number }, integer: boolean): string {
  if (bin.to === bin.from || (integer && bin.to - bin.from === 1)) return formatNumber(bin.from);
  return `${formatNumber(bin.from)} – ${formatNumber(bin.to)}`;
}

/** The values a histogram spans, for its axis: an integer column's width-one bins end at their last value, not after it. */
export function histogramRange(bins: readonly { from: number; to: number }[], integer: boolean): { from: number; to: number } | undefined {
  const first = bins[0];
  const last = bins.at(-1);
  if (!first || !last) return undefined;
  return { from: first.from, to: integer && last.to - last.from === 1 ? last.from : last.to };
}
