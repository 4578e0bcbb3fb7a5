/**
 * A sweep's search space, as parsed from its config (close to W&B sweeps). Each parameter
 * is a fixed value, a finite set of values (with optional probabilities), a numeric range
 * with a distribution, or a nested group of parameters whose names are prefixed by the
 * group's (`optimizer.lr`). A parameter may apply only when another has a given value
 * (`condition`), which TPE handles as a conditional dimension.
 */
export type Distribution = 'uniform' | 'int_uniform' | 'log_uniform' | 'q_uniform' | 'normal' | 'categorical';

export type ParamValue = number | string | boolean;

export type ParameterSpec =
  | { kind: 'constant'; value: ParamValue }
  | { kind: 'categorical'; values: ParamValue[]; probabilities?: number[] }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'int_uniform'; min: number; max: number }
  | { kind: 'log_uniform'; min: number; max: number }
  /** Uniform, rounded to a multiple of `q`. */
  | { kind: 'q_uniform'; min: number; max: number; q: number }
  | { kind: 'normal'; mu: number; sigma: number };

export interface Parameter {
  /** Dotted for nested groups: `optimizer.lr`. */
  name: string;
  spec: ParameterSpec;
  /** Present only when `name` applies only if another parameter has one of these values. */
  condition?: { parameter: string; values: ParamValue[] };
}

export interface SearchSpace {
  parameters: Parameter[];
}

/** One point of the space: a value per parameter that applies. */
export type Assignment = Record<string, ParamValue>;

/** A finished (or running, for the constant liar) trial as a sampler sees it. */
export interface Observation {
  params: Assignment;
  /** The objective to MINIMIZE (a maximized metric is negated by the caller); undefined while running. */
  value?: number;
}

export type Goal = 'minimize' | 'maximize';
