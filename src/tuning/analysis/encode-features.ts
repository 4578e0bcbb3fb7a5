import type { Assignment, Parameter, ParamValue } from '../space/space-types.js';

/**
 * One parameter as a column of numbers for the forest. A numeric column holds the values
 * (log_uniform by their log, so a split at "1e-3" means the same as the sampler's scale); a
 * categorical column holds one code per category, which the tree orders by mean target at
 * each node (see impurity-forest.ts), so the codes' own order never matters.
 */
export interface FeatureColumn {
  parameter: string;
  kind: 'numeric' | 'categorical';
  values: number[];
}

const ABSENT = '\u0000absent';

/**
 * The columns of the parameters that vary over `params`; constants and parameters that took
 * one value in every trial are left out, since no split on them can explain anything.
 * A conditional parameter that did not apply in a trial gets a sentinel: its own category,
 * or a number below every observed value, so "absent" can be split off like any other value.
 */
export function encodeFeatures(parameters: readonly Parameter[], params: readonly Assignment[]): FeatureColumn[] {
  const columns: FeatureColumn[] = [];
  for (const p of parameters) {
    if (p.spec.kind === 'constant') continue;
    const column = p.spec.kind === 'categorical' ? categorical(p.name, p.spec.values, params) : numeric(p, params);
    if (new Set(column.values).size > 1) columns.push(column);
  }
  return columns;
}

function numeric(p: Parameter, params: readonly Assignment[]): FeatureColumn {
  const raw = params.map((a) => {
    const v = a[p.name];
    const n = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number.NaN;
    return p.spec.kind === 'log_uniform' ? (n > 0 ? Math.log(n) : Number.NaN) : n;
  });
  const seen = raw.filter(Number.isFinite);
  const min = seen.length > 0 ? Math.min(...seen) : 0;
  const max = seen.length > 0 ? Math.max(...seen) : 0;
  const sentinel = min - (max - min) - 1;
  return { parameter: p.name, kind: 'numeric', values: raw.map((n) => (Number.isFinite(n) ? n : sentinel)) };
}

function categorical(name: string, values: readonly ParamValue[], params: readonly Assignment[]): FeatureColumn {
  // Keyed with the type, so the string "1" and the number 1 stay distinct categories.
  const key = (v: ParamValue | undefined): string => (v === undefined ? ABSENT : `${typeof v}:${String(v)}`);
  const codes = new Map<string, number>(values.map((v, i) => [key(v), i]));
  const code = (v: ParamValue | undefined): number => {
    const k = key(v);
    if (!codes.has(k)) codes.set(k, codes.size);
    return codes.get(k)!;
  };
  return { parameter: name, kind: 'categorical', values: params.map((a) => code(a[name])) };
}
