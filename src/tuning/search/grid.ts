import { invalidArgument } from '../../core/errors.js';
import type { Assignment, Observation, ParamValue, Parameter, SearchSpace } from '../space/space-types.js';
import { isActive, prepareSpace } from './prepare-space.js';
import { cleanFloat, qSteps } from './sample-prior.js';

/**
 * Grid search over a finite space: the cartesian product of every parameter's values, the
 * last parameter varying fastest. A conditional parameter only varies where its condition
 * holds and is absent elsewhere, so conditions never produce duplicate points.
 *
 * @example
 *   const grid = new GridSampler(space);
 *   const next = grid.next(history); // undefined once every point has been tried
 */
export class GridSampler {
  private readonly ordered: Parameter[];
  private readonly values: Map<string, ParamValue[]>;

  constructor(space: SearchSpace) {
    this.ordered = prepareSpace(space);
    this.values = new Map(this.ordered.map((p) => [p.name, finiteValues(p)]));
  }

  /** Every grid point, in order. Lazy: a large grid is not held in memory. */
  *points(): Generator<Assignment> {
    yield* this.expand(0, {});
  }

  /** How many points the grid has. */
  size(): number {
    let n = 0;
    for (const _ of this.points()) n++;
    return n;
  }

  /**
   * The first point, in grid order, that no observation (finished or running) already
   * holds; undefined when the grid is exhausted. Reading the history rather than a cursor
   * keeps the sampler stateless, so a restarted controller neither skips nor repeats points.
   */
  next(history: readonly Observation[]): Assignment | undefined {
    const seen = new Set(history.map((o) => assignmentKey(o.params)));
    for (const point of this.points()) {
      if (!seen.has(assignmentKey(point))) return point;
    }
    return undefined;
  }

  private *expand(index: number, chosen: Assignment): Generator<Assignment> {
    if (index === this.ordered.length) {
      yield { ...chosen };
      return;
    }
    const param = this.ordered[index]!;
    if (!isActive(param, chosen)) {
      yield* this.expand(index + 1, chosen);
      return;
    }
    for (const value of this.values.get(param.name)!) {
      chosen[param.name] = value;
      yield* this.expand(index + 1, chosen);
    }
    delete chosen[param.name];
  }
}

/** The values a parameter takes in a grid; a continuous distribution has no such list. */
export function finiteValues(param: Parameter): ParamValue[] {
  const s = param.spec;
  switch (s.kind) {
    case 'constant':
      return [s.value];
    case 'categorical':
      return [...s.values];
    case 'int_uniform': {
      const out: number[] = [];
      for (let v = Math.ceil(s.min); v <= Math.floor(s.max); v++) out.push(v);
      return out;
    }
    case 'q_uniform': {
      const out: number[] = [];
      for (let k = 0; k <= qSteps(s); k++) out.push(cleanFloat(s.min + k * s.q));
      return out;
    }
    case 'uniform':
    case 'log_uniform':
    case 'normal':
      throw invalidArgument(`grid search needs finite parameters, but "${param.name}" is continuous (${s.kind})`, [
        { path: param.name, message: `${s.kind} is continuous: use values, int_uniform or q_uniform for a grid` },
      ]);
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** A key equal for equal assignments whatever the key order; typed so that 1 and "1" differ. */
export function assignmentKey(a: Assignment): string {
  return JSON.stringify(
    Object.keys(a)
      .sort()
      .map((k) => [k, typeof a[k], a[k]]),
  );
}
