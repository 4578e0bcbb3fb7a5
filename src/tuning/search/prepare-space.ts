import { invalidArgument, type ValidationIssue } from '../../core/errors.js';
import type { Assignment, Parameter, SearchSpace } from '../space/space-types.js';

/**
 * Checks what the samplers rely on and orders parameters so that each one comes after the
 * parameter its condition names (declaration order otherwise), which lets a sampler decide
 * whether a parameter applies from the values already chosen.
 */
export function prepareSpace(space: SearchSpace): Parameter[] {
  const issues: ValidationIssue[] = [];
  const byName = new Map<string, Parameter>();
  space.parameters.forEach((p, i) => {
    if (byName.has(p.name)) issues.push({ path: `parameters[${i}].name`, message: `duplicate parameter "${p.name}"` });
    byName.set(p.name, p);
    issues.push(...specIssues(p, `parameters[${i}]`));
  });
  space.parameters.forEach((p, i) => {
    if (p.condition && !byName.has(p.condition.parameter)) {
      issues.push({
        path: `parameters[${i}].condition.parameter`,
        message: `"${p.name}" depends on unknown parameter "${p.condition.parameter}"`,
      });
    }
  });
  if (issues.length > 0) throw invalidArgument('invalid search space', issues);

  const ordered: Parameter[] = [];
  const placed = new Set<string>();
  let pending = [...space.parameters];
  while (pending.length > 0) {
    const rest = pending.filter((p) => p.condition !== undefined && !placed.has(p.condition.parameter));
    for (const p of pending) {
      if (!rest.includes(p)) {
        ordered.push(p);
        placed.add(p.name);
      }
    }
    if (rest.length === pending.length) {
      const names = rest.map((p) => p.name).join(', ');
      throw invalidArgument(`conditions form a cycle among parameters: ${names}`, [
        { path: 'parameters', message: `conditions form a cycle among ${names}` },
      ]);
    }
    pending = rest;
  }
  return ordered;
}

/** Whether `param` applies given the values chosen so far (its parent must itself apply). */
export function isActive(param: Parameter, chosen: Assignment): boolean {
  if (!param.condition) return true;
  if (!Object.hasOwn(chosen, param.condition.parameter)) return false;
  return param.condition.values.includes(chosen[param.condition.parameter]!);
}

function specIssues(p: Parameter, path: string): ValidationIssue[] {
  const s = p.spec;
  const bad = (message: string): ValidationIssue[] => [{ path, message: `"${p.name}": ${message}` }];
  switch (s.kind) {
    case 'constant':
      return [];
    case 'categorical':
      if (s.values.length === 0) return bad('categorical needs at least one value');
      if (s.probabilities) {
        if (s.probabilities.length !== s.values.length) return bad('probabilities must match values one to one');
        if (s.probabilities.some((w) => !(w >= 0)) || s.probabilities.every((w) => w === 0)) {
          return bad('probabilities must be non-negative and not all zero');
        }
      }
      return [];
    case 'uniform':
    case 'int_uniform':
    case 'log_uniform':
    case 'q_uniform':
      if (!Number.isFinite(s.min) || !Number.isFinite(s.max) || s.min > s.max) return bad('needs finite min <= max');
      if (s.kind === 'log_uniform' && s.min <= 0) return bad('log_uniform needs min > 0');
      if (s.kind === 'int_uniform' && Math.ceil(s.min) > Math.floor(s.max)) return bad('no integer between min and max');
      if (s.kind === 'q_uniform' && !(s.q > 0)) return bad('q_uniform needs q > 0');
      return [];
    case 'normal':
      if (!Number.isFinite(s.mu) || !(s.sigma > 0) || !Number.isFinite(s.sigma)) return bad('normal needs finite mu and sigma > 0');
      return [];
    default: {
      const never: never = s;
      return never;
    }
  }
}
