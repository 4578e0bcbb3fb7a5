import uPlot from 'uplot';

/** One line of a chart: x ascending; y may hold NaN and ±Infinity (drawn as gaps). */
export interface ChartLine {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** The largest smoothing weight; at 1 the average would never move. */
export const MAX_SMOOTHING = 0.999;

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so that the first points
 * are not pulled towards 0. NaN and ±Infinity pass through as they are and do not enter the
 * average; a constant series is left alone (as TensorBoard does, so a flat line stays flat).
 */
export function smoothEma(y: ArrayLike<number>, weight: number): Float64Array {
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING);
  const out = new Float64Array(y.length);
  let constant = true;
  for (let i = 1; i < y.length && constant; i++) if (y[i] !== y[0]) constant = false;
  let last = 0;
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (constant || w === 0 || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = last / (1 - w ** count);
  }
  return out;
}

/**
 * y values as uPlot wants them: NaN/±Infinity become null (a gap in the line), and on a log
 * scale so do values <= 0, which a log axis cannot place.
 */
export function toPlotValues(y: ArrayLike<number>, logScale: boolean): (number | null)[] {
  const out = new Array<number | null>(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    out[i] = Number.isFinite(v) && (!logScale || v > 0) ? v : null;
  }
  return out;
}

function isAscending(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i]! < x[i - 1]!) return false;
  return true;
}

function sameX(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A line's points sorted by x (stable); the line itself when it is sorted already. */
export function sortedLine<T extends ChartLine>(line: T): T {
  if (isAscending(line.x)) return line;
  const idx = Array.from({ length: line.x.length }, (_, i) => i).sort((i, j) => line.x[i]! - line.x[j]! || i - j);
  return { ...line, x: idx.map((i) => line.x[i]!), y: idx.map((i) => line.y[i]!) };
}

/** A line ready to plot: sorted by x, with its smoothed values when smoothing is on. */
export interface PlotLine extends ChartLine {
  smooth?: ArrayLike<number> | undefined;
}

/**
 * uPlot's aligned data for several lines (each sorted by x): one x column, then per line its
 * y column and, when it has one, its smoothed column. Lines with the same x share it as is
 * (the common case of one run); otherwise x is the union, and a line has `undefined` where it
 * has no point, which uPlot bridges, while its own gaps (NaN, or <= 0 on a log scale) stay
 * `null`, which uPlot leaves open.
 */
export function alignLines(lines: readonly PlotLine[], logScale: boolean): uPlot.AlignedData {
  const columns = (line: PlotLine): (number | null)[][] =>
    line.smooth ? [toPlotValues(line.y, logScale), toPlotValues(line.smooth, logScale)] : [toPlotValues(line.y, logScale)];
  if (lines.length === 0) return [[]];
  if (lines.every((l) => sameX(l.x, lines[0]!.x))) {
    return [Array.from(lines[0]!.x), ...lines.flatMap(columns)] as uPlot.AlignedData;
  }
  const tables = lines.map((l) => [Array.from(l.x), ...columns(l)] as uPlot.AlignedData);
  return uPlot.join(tables);
}

/** The index of the point of `x` (ascending) nearest to `value`. */
export function nearestIndex(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(x[lo - 1]! - value) <= Math.abs(x[lo]! - value)) return lo - 1;
  return lo;
}
