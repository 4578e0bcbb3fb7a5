import type { Parameter, ParamValue, SearchSpace } from '../space/space-types.js';
import type { SweepMethod } from './sweep-config-types.js';
import { isFiniteSpec, parseParameterSpec } from './parse-parameter-spec.js';
import { joinPath, type Field, type YamlReader } from './internal/yaml-reader.js';

const PARAMETER_KEYS = ['value', 'values', 'probabilities', 'distribution', 'min', 'max', 'q', 'mu', 'sigma', 'parameters', 'condition'];
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

interface Pending {
  parameter: Parameter;
  /** The parameter's own mapping, for issues about the parameter as a whole. */
  at: Field;
  /** The `condition` mapping that gave the parameter its condition (its own or its group's). */
  conditionAt?: { parameter: Field; values: Field[] };
}

/**
 * The `parameters:` section as a SearchSpace.
 *
 * Groups: `optimizer: { parameters: { lr: ..., momentum: ... } }` yields `optimizer.lr` and
 * `optimizer.momentum` (as W&B's nested parameters).
 *
 * Conditions (our extension, not in W&B): `condition: { parameter: optimizer.type, values: [sgd] }`
 * on a parameter makes it apply only when `optimizer.type` (the full dotted name) is one of
 * `values`; on a group it applies to every member. The named parameter must be a constant
 * or categorical, and the values must be among its values. Parameters come out ordered so
 * that each follows the one its condition names, so a sampler can decide them in order.
 */
export function parseParameters(r: YamlReader, field: Field, method: SweepMethod): ParsedParameters {
  const declared: string[] = [];
  const entries = r.map(field);
  if (entries === undefined) return { declared };
  if (entries.list().length === 0) {
    r.fail(field, 'parameters must name at least one parameter');
    return { declared };
  }
  const before = r.issues.length;
  const pending: Pending[] = [];
  for (const [name, child] of entries.list()) readEntry(r, { name, at: child, prefix: '', pending, declared });
  checkConditions(r, pending);
  if (method === 'grid') checkGrid(r, pending);
  if (r.issues.length > before) return { declared };
  return { declared, space: { parameters: orderByCondition(pending.map((p) => p.parameter)) } };
}

export interface ParsedParameters {
  /** Present when every parameter is valid. */
  space?: SearchSpace;
  /** Every parameter name declared, valid or not, so later checks can tell "unknown" from "invalid". */
  declared: string[];
}

function readEntry(
  r: YamlReader,
  o: { name: string; at: Field; prefix: string; pending: Pending[]; declared: string[]; inherited?: Pending['conditionAt'] },
): void {
  if (!NAME.test(o.name)) {
    r.fail(o.at, `parameter name "${o.name}" must be letters, digits, _ and - (groups nest with parameters:, not dots)`);
    return;
  }
  const fullName = joinPath(o.prefix, o.name);
  const f = r.map(o.at, PARAMETER_KEYS);
  if (f === undefined) return;
  const conditionField = f.get('condition');
  const own = conditionField && readCondition(r, conditionField);
  if (own && o.inherited) r.fail(conditionField!, 'a parameter in a conditional group cannot have its own condition');
  const conditionAt = own ?? o.inherited;

  const groupField = f.get('parameters');
  if (groupField !== undefined) {
    for (const [key, other] of f.list()) {
      if (key !== 'parameters' && key !== 'condition') r.fail(other, `${key} does not apply to a group (a mapping with parameters)`);
    }
    const children = r.map(groupField);
    if (children === undefined) return;
    if (children.list().length === 0) r.fail(groupField, 'a group must hold at least one parameter');
    for (const [name, child] of children.list()) {
      readEntry(r, { name, at: child, prefix: fullName, pending: o.pending, declared: o.declared, ...(conditionAt ? { inherited: conditionAt } : {}) });
    }
    return;
  }

  o.declared.push(fullName);
  const spec = parseParameterSpec(r, f);
  if (spec === undefined) return;
  o.pending.push({ parameter: { name: fullName, spec }, at: o.at, ...(conditionAt ? { conditionAt } : {}) });
}

function readCondition(r: YamlReader, field: Field): Pending['conditionAt'] | undefined {
  const f = r.map(field, ['parameter', 'values']);
  if (f === undefined) return undefined;
  const parameter = r.required(f, 'parameter');
  const valuesField = r.required(f, 'values');
  const values = valuesField && r.list(valuesField);
  if (parameter === undefined || values === undefined || r.string(parameter) === undefined) return undefined;
  if (values.length === 0) return r.fail(valuesField!, 'condition values must not be empty');
  return { parameter, values };
}

function checkConditions(r: YamlReader, pending: Pending[]): void {
  const byName = new Map(pending.map((p) => [p.parameter.name, p.parameter]));
  for (const p of pending) {
    if (!p.conditionAt) continue;
    const target = String((p.conditionAt.parameter.node as { value: unknown }).value);
    const other = byName.get(target);
    if (target === p.parameter.name) {
      r.fail(p.conditionAt.parameter, `${target} cannot be conditional on itself`);
      continue;
    }
    if (other === undefined) {
      r.fail(p.conditionAt.parameter, `condition names an unknown parameter "${target}" (use the full dotted name)`);
      continue;
    }
    const allowed: ParamValue[] | undefined =
      other.spec.kind === 'categorical' ? other.spec.values : other.spec.kind === 'constant' ? [other.spec.value] : undefined;
    if (allowed === undefined) {
      r.fail(p.conditionAt.parameter, `condition must name a parameter with value or values; ${target} is ${other.spec.kind}`);
      continue;
    }
    const values: ParamValue[] = [];
    for (const item of p.conditionAt.values) {
      const v = r.scalar(item);
      if (v === undefined) continue;
      if (!allowed.includes(v)) r.fail(item, `${String(v)} is not one of ${target}'s values (${allowed.map(String).join(', ')})`);
      else values.push(v);
    }
    p.parameter.condition = { parameter: target, values };
  }
  const cycle = findCycle(pending.map((p) => p.parameter));
  if (cycle) {
    const first = pending.find((p) => p.parameter.name === cycle[0])!;
    r.fail(first.conditionAt!.parameter, `conditions form a cycle: ${cycle.join(' -> ')}`);
  }
}

function checkGrid(r: YamlReader, pending: Pending[]): void {
  for (const p of pending) {
    if (isFiniteSpec(p.parameter.spec)) continue;
    r.fail(
      p.at,
      `method grid needs a finite set of values, but ${p.parameter.name} is continuous (${p.parameter.spec.kind}); ` +
        'give it values, use int_uniform or q_uniform, or use method random or tpe',
    );
  }
}

function findCycle(parameters: Parameter[]): string[] | undefined {
  const parentOf = new Map(parameters.map((p) => [p.name, p.condition?.parameter]));
  for (const start of parameters) {
    const seen: string[] = [];
    let at: string | undefined = start.name;
    while (at !== undefined) {
      if (seen.includes(at)) return at === start.name ? [...seen, at] : undefined;
      seen.push(at);
      at = parentOf.get(at);
    }
  }
  return undefined;
}

/** Stable order in which every conditional parameter follows the parameter it depends on. */
function orderByCondition(parameters: Parameter[]): Parameter[] {
  const placed = new Set<string>();
  const out: Parameter[] = [];
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const place = (p: Parameter): void => {
    if (placed.has(p.name)) return;
    placed.add(p.name);
    const parent = p.condition && byName.get(p.condition.parameter);
    if (parent) place(parent);
    out.push(p);
  };
  parameters.forEach(place);
  return out;
}
