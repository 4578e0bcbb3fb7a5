/**
 * Picks at most `maxPoints` indices of a series for a chart by min/max buckets: the x range
 * is cut into equal-count buckets and each keeps its lowest and highest value, in order, plus
 * the first and last point of the series. Unlike averaging, spikes (a diverging loss, a NaN)
 * survive, which is what someone looking at a training curve needs to see. NaN and ±Infinity
 * count as extremes so they are never hidden. O(n), one pass.
 *
 * `order` lists the indices to consider in x order (already filtered to the visible range).
 */
export function minMaxBuckets(order: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): number[] {
  const n = order.length;
  if (maxPoints <= 0 || n <= maxPoints) return Array.from(order);
  if (maxPoints < 4) return [order[0]!, order[n - 1]!].slice(0, Math.max(1, maxPoints));
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out: number[] = [order[0]!];
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (start >= end) continue;
    let lo = start;
    let hi = start;
    let special = -1;
    for (let i = start; i < end; i++) {
      const v = values[order[i]!]!;
      if (!Number.isFinite(v)) {
        if (special < 0) special = i;
        continue;
      }
      const vlo = values[order[lo]!]!;
      const vhi = values[order[hi]!]!;
      if (!Number.isFinite(vlo) || v < vlo) lo = i;
      if (!Number.isFinite(vhi) || v > vhi) hi = i;
    }
    // A non-finite value replaces the less extreme of the pair, so the bucket still costs two points.
    const picks = special >= 0 ? [special, hi] : [lo, hi];
    picks.sort((a, b) => a - b);
    out.push(order[picks[0]!]!);
    if (picks[1] !== picks[0]) out.push(order[picks[1]!]!);
  }
  out.push(order[n - 1]!);
  return out;
}
