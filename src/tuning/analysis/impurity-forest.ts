import { Rng } from '../search/rng.js';
import type { FeatureColumn } from './encode-features.js';

export interface ForestOptions {
  trees: number;
  seed: number;
  /** Features tried at each node (at least 1). */
  maxFeatures: number;
  maxDepth: number;
}

/**
 * Mean decrease in impurity of a random forest of regression trees, as scikit-learn's
 * `feature_importances_` (which Optuna's MeanDecreaseImpurityImportanceEvaluator reads):
 * each tree is grown on a bootstrap sample, choosing at each node the variance-reducing split
 * over a random subset of the features; a feature's importance in a tree is the total
 * squared error its splits removed, normalised to sum to 1 per tree, then averaged over the
 * trees. The trees only accumulate importance and are never kept, since nothing predicts.
 *
 * Returns one importance per column (summing to 1), or zeros when `y` does not vary.
 */
export function impurityImportances(columns: readonly FeatureColumn[], y: readonly number[], options: ForestOptions): number[] {
  const total = new Array<number>(columns.length).fill(0);
  // Standardised, so the threshold below which a node counts as pure does not depend on the metric's scale.
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
  if (!(sd > 0)) return total;
  const z = y.map((v) => (v - mean) / sd);
  // Sorted once here; each tree derives its bootstrap's orders from these in linear time.
  const sorted = columns.map((c) => Int32Array.from(c.values, (_, i) => i).sort((a, b) => c.values[a]! - c.values[b]!));
  for (let t = 0; t < options.trees; t++) {
    const tree = growTree(columns, sorted, z, Rng.derive(options.seed, t), options);
    const sum = tree.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let f = 0; f < tree.length; f++) total[f]! += tree[f]! / sum;
  }
  const sum = total.reduce((a, b) => a + b, 0);
  return total.map((v) => (sum > 0 ? v / sum : 0));
}

/**
 * One tree's impurity decrease per feature. Each feature keeps the bootstrap's slots sorted
 * by its value, and a node is the same range [start, end) of every such order; a split
 * partitions each order stably, so no node sorts anything (scikit-learn's old presorting):
 * a tree costs O(n · features · depth) instead of a sort per node and feature.
 */
function growTree(
  columns: readonly FeatureColumn[],
  sorted: readonly Int32Array[],
  y: readonly number[],
  rng: Rng,
  options: ForestOptions,
): number[] {
  const n = y.length;
  const { ys, xs, orders } = bootstrap(columns, sorted, y, rng);
  const goesLeft = new Uint8Array(n);
  const scratch = new Int32Array(n);
  const importance = new Array<number>(columns.length).fill(0);
  const stack = [{ start: 0, end: n, depth: 0 }];
  while (stack.length > 0) {
    const { start, end, depth } = stack.pop()!;
    if (end - start < 2 || depth >= options.maxDepth) continue;
    const node = orders[0]!.subarray(start, end);
    let mean = 0;
    for (let i = 0; i < node.length; i++) mean += ys[node[i]!]!;
    mean /= node.length;
    let sse = 0;
    for (let i = 0; i < node.length; i++) sse += (ys[node[i]!]! - mean) ** 2;
    if (sse <= 1e-12) continue;

    const features = shuffled(columns.length, rng);
    let best: { feature: number; gain: number; mark: () => void } | undefined;
    // As scikit-learn: look at more features than maxFeatures only while none splits the node.
    for (let i = 0; i < features.length && (i < options.maxFeatures || best === undefined); i++) {
      const f = features[i]!;
      const range = orders[f]!.subarray(start, end);
      const split = columns[f]!.kind === 'numeric' ? numericSplit(range, xs[f]!, ys, mean, sse) : categoricalSplit(range, xs[f]!, ys, mean, sse);
      if (split && (best === undefined || better(split.gain, best.gain))) best = { feature: f, ...split, mark: () => split.mark(goesLeft) };
    }
    if (best === undefined) continue;
    importance[best.feature]! += best.gain;
    best.mark();
    let left = 0;
    for (const order of orders) left = stablePartition(order, start, end, goesLeft, scratch);
    stack.push({ start, end: start + left, depth: depth + 1 }, { start: start + left, end, depth: depth + 1 });
  }
  return importance;
}

/**
 * A bootstrap sample as slots 0..n-1 (each holding a drawn observation): the slots' targets
 * and feature values, and per feature the slots in order of its value, derived from the
 * observations' order through each observation's slots (CSR) in linear time.
 */
function bootstrap(columns: readonly FeatureColumn[], sorted: readonly Int32Array[], y: readonly number[], rng: Rng) {
  const n = y.length;
  const slots = Array.from({ length: n }, () => rng.intInclusive(0, n - 1));
  const first = new Int32Array(n + 1);
  for (const i of slots) first[i + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const bySlot = new Int32Array(n);
  const fill = first.slice(0, n);
  slots.forEach((i, s) => (bySlot[fill[i]!++] = s));
  const orders = sorted.map((obs) => {
    const order = new Int32Array(n);
    let k = 0;
    for (const i of obs) for (let j = first[i]!; j < first[i + 1]!; j++) order[k++] = bySlot[j]!;
    return order;
  });
  return {
    ys: Float64Array.from(slots, (i) => y[i]!),
    xs: columns.map((c) => Float64Array.from(slots, (i) => c.values[i]!)),
    orders,
  };
}

interface Split {
  gain: number;
  /** Sets `goesLeft[slot]` for every slot of the node. */
  mark(goesLeft: Uint8Array): void;
}

/** The best cut of a range sorted by `x`, between two different values; squared error in deviations from the node's mean. */
function numericSplit(range: Int32Array, x: Float64Array, ys: Float64Array, mean: number, sse: number): Split | undefined {
  const m = range.length;
  let sumL = 0;
  let sqL = 0;
  let bestGain = -Infinity;
  let bestAt = -1;
  for (let k = 1; k < m; k++) {
    const d = ys[range[k - 1]!]! - mean;
    sumL += d;
    sqL += d * d;
    if (x[range[k - 1]!] === x[range[k]!]) continue;
    // Deviations sum to zero over the node, so the right side's sum is -sumL.
    const gain = sse - (sqL - (sumL * sumL) / k) - (sse - sqL - (sumL * sumL) / (m - k));
    if (better(gain, bestGain)) [bestGain, bestAt] = [gain, k];
  }
  if (bestAt < 0) return undefined;
  return {
    gain: Math.max(0, bestGain),
    mark: (goesLeft) => {
      for (let k = 0; k < m; k++) goesLeft[range[k]!] = k < bestAt ? 1 : 0;
    },
  };
}

/**
 * The best split of the node's categories into two groups. For squared error that is a cut
 * of the categories ordered by their mean target in the node (Breiman et al., CART, 1984),
 * so no subsets are enumerated and the codes' own order never matters.
 */
function categoricalSplit(range: Int32Array, x: Float64Array, ys: Float64Array, mean: number, sse: number): Split | undefined {
  const stats = new Map<number, { sum: number; sq: number; count: number }>();
  for (const s of range) {
    const st = stats.get(x[s]!) ?? { sum: 0, sq: 0, count: 0 };
    const d = ys[s]! - mean;
    st.sum += d;
    st.sq += d * d;
    st.count++;
    stats.set(x[s]!, st);
  }
  if (stats.size < 2) return undefined;
  const byMean = [...stats.entries()].sort(([ca, a], [cb, b]) => a.sum / a.count - b.sum / b.count || ca - cb);
  let [sumL, sqL, nL] = [0, 0, 0];
  let bestGain = -Infinity;
  let bestAt = -1;
  for (let k = 1; k < byMean.length; k++) {
    const st = byMean[k - 1]![1];
    sumL += st.sum;
    sqL += st.sq;
    nL += st.count;
    const gain = sse - (sqL - (sumL * sumL) / nL) - (sse - sqL - (sumL * sumL) / (range.length - nL));
    if (better(gain, bestGain)) [bestGain, bestAt] = [gain, k];
  }
  const left = new Set(byMean.slice(0, bestAt).map(([code]) => code));
  return { gain: Math.max(0, bestGain), mark: (goesLeft) => range.forEach((s) => (goesLeft[s] = left.has(x[s]!) ? 1 : 0)) };
}

/** Moves the slots that go left to the front of order[start, end), each side keeping its order; returns how many went left. */
function stablePartition(order: Int32Array, start: number, end: number, goesLeft: Uint8Array, scratch: Int32Array): number {
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const s = order[i]!;
    if (goesLeft[s]) order[l++] = s;
    else scratch[r++] = s;
  }
  order.set(scratch.subarray(0, r), l);
  return l - start;
}

/**
 * Gains equal but for rounding count as a tie, which the first candidate wins (features come
 * in a random order), so that a rescaled metric or another platform picks the same splits.
 */
const better = (gain: number, best: number): boolean => best === -Infinity || gain > best + 1e-9 * Math.abs(best) + 1e-12;

/** 0..n-1 in a random order (Fisher–Yates). */
function shuffled(n: number, rng: Rng): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.intInclusive(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
