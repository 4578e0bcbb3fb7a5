import { InvalidArgumentError } from 'commander';
import { parseColumn, type Column } from './render/columns.js';

/**
 * Option parsers for commander. Throwing InvalidArgumentError makes commander print
 * "error: option ... argument ... is invalid" and exit with the usage code.
 */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return n;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return n;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "30d", "12h", "90m", "45s", "1.5h", "2w" → milliseconds. */
export function parseAge(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a number and a unit, like 30d, 12h, 90m or 45s.');
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/** `--columns id,name,params.lr` (repeatable: later lists add to earlier ones). */
export function parseColumns(value: string, previous: Column[] = []): Column[] {
  const specs = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  try {
    return [...previous, ...specs.map(parseColumn)];
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}
