import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FlywheelError } from '../sdk/index.js';

/** A gates file: a YAML (or JSON) list; the server checks each entry and names the bad ones. */
export function readGatesFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FlywheelError('INVALID_ARGUMENT', `cannot read ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new FlywheelError('INVALID_ARGUMENT', `${path} is not valid YAML: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) throw new FlywheelError('INVALID_ARGUMENT', `${path} must hold a list of gates, e.g.\n- metric: val_acc >= 0.9\n- latency: { p99_ms: 10 }`);
  return value;
}
