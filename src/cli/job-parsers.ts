import { InvalidArgumentError } from 'commander';
import { JOB_STATES, type JobState } from '../sdk/index.js';

/**
 * Option parsers of `fw jobs` (commander calls them with each value, and the previous
 * value for repeatable options). InvalidArgumentError becomes a usage error, exit code 2.
 */

const MIB_PER_UNIT = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 } as const;

/**
 * "4G", "512M", "1.5T", "300k" (also "4GB", "4GiB") → MiB, rounded up so a request is never
 * smaller than asked. A bare number is MiB, as in SLURM's --mem. Units are binary: the
 * executors count memory in MiB.
 */
export function parseMemoryMb(value: string): number {
  const text = value.trim();
  if (text.startsWith('-')) throw new InvalidArgumentError('memory cannot be negative.');
  const match = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])(?:i?B)?)?$/i.exec(text);
  if (!match) throw new InvalidArgumentError('expected a size like 512M, 4G or 1.5T (a bare number is MiB).');
  const unit = (match[2]?.toUpperCase() ?? 'M') as keyof typeof MIB_PER_UNIT;
  const mib = Math.ceil(Number(match[1]) * MIB_PER_UNIT[unit]);
  if (!Number.isSafeInteger(mib)) throw new InvalidArgumentError('that is more memory than any machine has.');
  return mib;
}

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "90s", "30m", "2h", "1.5h", "1d", or a bare number of seconds → whole seconds (at least 1). */
export function parseDurationSeconds(value: string): number {
  const text = value.trim();
  if (text.startsWith('-')) throw new InvalidArgumentError('a duration cannot be negative.');
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text);
  if (!match) throw new InvalidArgumentError('expected a duration like 90s, 30m, 2h or 1d (a bare number is seconds).');
  const seconds = Math.round(Number(match[1]) * SECONDS_PER_UNIT[(match[2] ?? 's') as keyof typeof SECONDS_PER_UNIT]);
  if (seconds < 1) throw new InvalidArgumentError('a duration must be at least 1 second.');
  return seconds;
}

/** 0, 1, 2, ... (GPUs, retries, ranks). */
export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim().startsWith('-')) throw new InvalidArgumentError('cannot be negative.');
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return n;
}

/** Any whole number, negative ones included (priorities). */
export function parseInteger(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** Splits "key=value" at the first "="; the value may be empty and may contain "=". */
function keyValue(value: string, what: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected ${what}=VALUE.`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** `--label team=vision` (repeatable; a later value of the same key wins). */
export function collectLabel(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [key, v] = keyValue(value, 'KEY');
  return { ...previous, [key]: v };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--env K=V` (repeatable). The name must be one a shell can export. */
export function collectEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [key, v] = keyValue(value, 'NAME');
  if (!ENV_NAME.test(key)) throw new InvalidArgumentError(`'${key}' is not a variable name (letters, digits and _, not starting with a digit).`);
  return { ...previous, [key]: v };
}

/** `--state running,queued` (repeatable; lists add up). */
export function collectStates(value: string, previous: JobState[] = []): JobState[] {
  const states = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const unknown = states.filter((s) => !(JOB_STATES as readonly string[]).includes(s));
  if (unknown.length > 0 || states.length === 0) {
    throw new InvalidArgumentError(`unknown state '${unknown[0] ?? value}': use ${JOB_STATES.join(', ')}.`);
  }
  return [...new Set([...previous, ...(states as JobState[])])];
}
