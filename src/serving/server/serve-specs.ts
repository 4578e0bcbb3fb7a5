import { invalidArgument } from '../../core/index.js';

/** One reference a served name sends traffic to, with its share (weights are relative). */
export interface ServeRoute {
  ref: string;
  weight: number;
}

/** A model the server answers for, under its registered name. */
export interface ServeSpec {
  name: string;
  routes: ServeRoute[];
}

/** `name@ref` (ref: a version, an alias, or `latest`; `name` alone is `name@latest`). */
export function parseModelRef(text: string): { name: string; ref: string } {
  const at = text.lastIndexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const ref = at < 0 ? 'latest' : text.slice(at + 1);
  if (name.length === 0 || ref.length === 0) throw invalidArgument(`"${text}" is not a model reference; expected name@version, name@alias or name@latest`);
  return { name, ref };
}

/**
 * The served models from `fw serve`'s arguments: each `name@ref` serves one reference;
 * `--split name@3=90,name@4=10` sends a name's traffic to several by weight and takes
 * precedence over a plain reference to the same name.
 *
 * @example
 * parseServeSpecs(['iris@production'], 'mnist@3=90,mnist@4=10')
 * // [{name: 'iris', routes: [{ref: 'production', weight: 1}]},
 * //  {name: 'mnist', routes: [{ref: '3', weight: 90}, {ref: '4', weight: 10}]}]
 */
export function parseServeSpecs(refs: readonly string[], split?: string): ServeSpec[] {
  const specs = new Map<string, ServeSpec>();
  for (const part of (split ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = part.lastIndexOf('=');
    if (eq < 0) throw invalidArgument(`--split: "${part}" has no weight; expected name@ref=weight`);
    const { name, ref } = parseModelRef(part.slice(0, eq));
    const weight = Number(part.slice(eq + 1));
    if (!Number.isFinite(weight) || weight <= 0) throw invalidArgument(`--split: the weight of "${part}" must be a positive number`);
    const spec = specs.get(name) ?? { name, routes: [] };
    if (spec.routes.some((r) => r.ref === ref)) throw invalidArgument(`--split: ${name}@${ref} is listed twice`);
    spec.routes.push({ ref, weight });
    specs.set(name, spec);
  }
  for (const text of refs) {
    const { name, ref } = parseModelRef(text);
    const known = specs.get(name);
    if (known) {
      if (!known.routes.some((r) => r.ref === ref)) throw invalidArgument(`${name}@${ref} is served and also split (${name} can have one or the other)`);
      continue;
    }
    specs.set(name, { name, routes: [{ ref, weight: 1 }] });
  }
  if (specs.size === 0) throw invalidArgument('No model to serve: name one as name@ref (or use --split)');
  return [...specs.values()];
}

/** Picks a route by weight; `random` in [0, 1). */
export function pickRoute<T extends { weight: number }>(routes: readonly T[], random: number): T {
  const total = routes.reduce((n, r) => n + r.weight, 0);
  let x = random * total;
  for (const r of routes) {
    x -= r.weight;
    if (x < 0) return r;
  }
  return routes[routes.length - 1]!;
}
