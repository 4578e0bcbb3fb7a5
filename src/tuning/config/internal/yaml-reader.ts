import { isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { ValidationIssue } from '../../../core/index.js';
import { didYouMean } from './did-you-mean.js';

/** A value in the YAML tree: its dotted path (`parameters.lr.max`), node, and 1-based line. */
export interface Field {
  path: string;
  node: unknown;
  line: number;
}

export const joinPath = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

/** The keys of one YAML mapping, in file order, each with its value's Field. */
export class Fields {
  constructor(
    readonly at: Field,
    private readonly entries: Map<string, Field>,
  ) {}

  get(key: string): Field | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  list(): Array<[string, Field]> {
    return [...this.entries];
  }

  /** Where an absent key would be: its path, on the line of the mapping that lacks it. */
  absent(key: string): Field {
    return { path: joinPath(this.at.path, key), node: undefined, line: this.at.line };
  }
}

/**
 * Reads typed values out of a parsed YAML document, collecting every problem as an issue
 * (path plus "line N: ..." message) instead of stopping at the first, so a user fixes a
 * file in one round. Each reader returns undefined for a value it could not read.
 */
export class YamlReader {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly lineCounter: LineCounter) {}

  root(node: unknown): Field {
    return { path: '', node, line: this.lineOf(node, 1) };
  }

  lineOf(node: unknown, fallback: number): number {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.lineCounter.linePos(range[0]).line : fallback;
  }

  fail(field: Pick<Field, 'path' | 'line'>, message: string): undefined {
    this.issues.push({ path: field.path, message: `line ${field.line}: ${message}` });
    return undefined;
  }

  /** A mapping; keys outside `allowed` (when given) are reported, with a near match if any. */
  map(field: Field, allowed?: readonly string[]): Fields | undefined {
    if (!isMap(field.node)) return this.fail(field, `${label(field)} must be a mapping`);
    const entries = new Map<string, Field>();
    for (const pair of field.node.items) {
      const keyLine = this.lineOf(pair.key, field.line);
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
        this.fail({ path: field.path, line: keyLine }, 'keys must be strings');
        continue;
      }
      const key = pair.key.value;
      const child: Field = { path: joinPath(field.path, key), node: pair.value, line: this.lineOf(pair.value, keyLine) };
      if (allowed && !allowed.includes(key)) {
        const near = didYouMean(key, allowed);
        this.fail({ path: child.path, line: keyLine }, `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
        continue;
      }
      entries.set(key, child);
    }
    return new Fields(field, entries);
  }

  required(fields: Fields, key: string): Field | undefined {
    const field = fields.get(key);
    if (field === undefined) this.fail(fields.absent(key), `${key} is required`);
    return field;
  }

  string(field: Field): string | undefined {
    const v = scalarValue(field);
    if (typeof v === 'string' && v.trim() !== '') return v;
    return this.fail(field, `${label(field)} must be a non-empty string`);
  }

  oneOf<T extends string>(field: Field, options: readonly T[]): T | undefined {
    const v = this.string(field);
    if (v === undefined) return undefined;
    if ((options as readonly string[]).includes(v)) return v as T;
    const near = didYouMean(v, options);
    return this.fail(field, `${label(field)} must be one of ${options.join(', ')}, not "${v}"${near ? ` (did you mean "${near}"?)` : ''}`);
  }

  number(field: Field): number | undefined {
    const v = scalarValue(field);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return this.fail(field, `${label(field)} must be a number`);
  }

  /** An integer at least `min`. */
  integer(field: Field, min: number): number | undefined {
    const v = this.number(field);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min) return this.fail(field, `${label(field)} must be an integer >= ${min}`);
    return v;
  }

  /** A number, string or boolean: something a parameter can take. */
  scalar(field: Field): number | string | boolean | undefined {
    const v = scalarValue(field);
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
    return this.fail(field, `${label(field)} must be a number, string or boolean`);
  }

  list(field: Field): Field[] | undefined {
    if (!isSeq(field.node)) return this.fail(field, `${label(field)} must be a list`);
    return field.node.items.map((node, i) => ({ path: `${field.path}[${i}]`, node, line: this.lineOf(node, field.line) }));
  }
}

/** Whether the number was written as an integer (`3`, not `3.0` or `1e3`), as W&B's inference needs. */
export function isIntegerLiteral(field: Field): boolean {
  if (!isScalar(field.node) || typeof field.node.value !== 'number') return false;
  const source = (field.node as { source?: unknown }).source;
  return Number.isInteger(field.node.value) && !(typeof source === 'string' && /[.eE]/.test(source));
}

function scalarValue(field: Field): unknown {
  return isScalar(field.node) ? field.node.value : undefined;
}

function label(field: Field): string {
  const last = field.path.split('.').pop() ?? '';
  return last === '' ? 'the config' : last;
}
