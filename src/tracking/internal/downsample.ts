/**
 * Picks at most `maxPoints` of a series' points for a chart by min/max buckets: the visible
 * points are cut into equal-count buckets and each keeps its lowest and highest value, in
 * order, plus the first and last point. Unlike averaging, spikes (a diverging loss, a NaN)
 * survive, which is what someone looking at a training curve needs to see. NaN and ±Infinity
 * count as extremes so they are never hidden. O(n), one pass, no allocation per point.
 *
 * The visible points are positions [lo, hi) of `order` (indices in x order), or of the
 * logging order itself when `order` is null. Returns point indices in x order.
 */
export function minMaxBuckets(values: Float64Array, maxPoints: number, lo: number, hi: number, order: Uint32Array | null): number[] {
  const at = order ? (p: number) => order[p]! : (p: number) => p;
  const n = hi - lo;
  if (n <= 0) return [];
  if (maxPoints <= 0 || n <= maxPoints) {
    const all = new Array<number>(n);
    for (let p = 0; p < n; p++) all[p] = at(lo + p);
    return all;
  }
  if (maxPoints < 4) return [at(lo), at(hi - 1)].slice(0, Math.max(1, maxPoints));
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out: number[] = [at(lo)];
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = lo + 1 + Math.floor((b * inner) / buckets);
    const end = lo + 1 + Math.floor(((b + 1) * inner) / buckets);
    if (start >= end) continue;
    let min = start;
    let max = start;
    let special = -1;
    let vmin = Infinity;
    let vmax = -Infinity;
    for (let p = start; p < end; p++) {
      const v = values[at(p)]!;
      if (v - v !== 0) {
        // NaN or ±Infinity
        if (special < 0) special = p;
        continue;
      }
      if (v < vmin) {
        vmin = v;
        min = p;
      }
      if (v > vmax) {
        vmax = v;
        max = p;
      }
    }
    // A non-finite value replaces the lower of the pair, so the bucket still costs two points.
    const first = special >= 0 ? Math.min(special, max) : Math.min(min, max);
    const second = special >= 0 ? Math.max(special, max) : Math.max(min, max);
    out.push(at(first));
    if (second !== first) out.push(at(second));
  }
  out.push(at(hi - 1));
  return out;
}
