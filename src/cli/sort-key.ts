import { InvalidArgumentError } from 'commander';

/**
 * `--sort` keys for `fw runs list`: `KEY` sorts descending (best score, newest run first:
 * `--sort metrics.val_acc --limit 10` is the top ten), `+KEY` or `KEY asc` ascending (lowest
 * loss first), `-KEY` or `KEY desc` descending. KEY is `metrics.NAME`, `params.NAME`,
 * `tags.NAME`, or a run attribute (start_time, end_time, run_name or name, status).
 * Returns MLflow's order_by clause, e.g. "metrics.`val acc` DESC".
 */
export function toOrderBy(sortKey: string): string {
  const { key, descending } = splitDirection(sortKey);
  const dot = key.indexOf('.');
  const prefix = dot > 0 ? key.slice(0, dot) : '';
  let clause: string;
  if (prefix === 'metrics' || prefix === 'params' || prefix === 'tags' || prefix === 'attributes') {
    const name = key.slice(dot + 1);
    if (name === '') throw new InvalidArgumentError(`'${sortKey}' names no ${prefix} key.`);
    clause = `${prefix}.${quote(name)}`;
  } else if (key in ATTRIBUTE_ALIASES) {
    clause = `attributes.${ATTRIBUTE_ALIASES[key]}`;
  } else {
    throw new InvalidArgumentError(
      `cannot sort by '${key}': use metrics.NAME, params.NAME, tags.NAME or one of ${Object.keys(ATTRIBUTE_ALIASES).join(', ')}.`,
    );
  }
  return `${clause} ${descending ? 'DESC' : 'ASC'}`;
}

const ATTRIBUTE_ALIASES: Record<string, string> = {
  start_time: 'start_time',
  started: 'start_time',
  end_time: 'end_time',
  run_name: 'run_name',
  name: 'run_name',
  status: 'status',
};

// MLflow's grammar takes bare identifiers, and backquotes for anything else ("val acc", "a.b", "f1-score").
const quote = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name}\``);

function splitDirection(sortKey: string): { key: string; descending: boolean } {
  const trimmed = sortKey.trim();
  const suffix = /\s+(asc|desc)$/i.exec(trimmed);
  if (suffix) return { key: trimmed.slice(0, suffix.index).trim(), descending: suffix[1]!.toLowerCase() === 'desc' };
  if (trimmed.startsWith('+')) return { key: trimmed.slice(1), descending: false };
  if (trimmed.startsWith('-')) return { key: trimmed.slice(1), descending: true };
  return { key: trimmed, descending: true };
}

/** The params/metrics column a sort key names, to pin it first in the table. */
export function sortedColumn(sortKey: string): string | undefined {
  const { key } = splitDirection(sortKey);
  return /^(metrics|params|tags)\../.test(key) ? key : undefined;
}

/** Commander parser for the repeatable --sort: checks each key as it is read, so a bad one is a usage error. */
export function collectSortKey(value: string, previous: string[] = []): string[] {
  toOrderBy(value);
  return [...previous, value];
}
