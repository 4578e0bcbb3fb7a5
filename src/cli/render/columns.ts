/** A column of `fw runs list`: a run attribute, or one param, metric or tag. */
export type Column =
  | { kind: 'attr'; name: RunAttribute }
  | { kind: 'param'; key: string }
  | { kind: 'metric'; key: string }
  | { kind: 'tag'; key: string };

export const RUN_ATTRIBUTES = ['id', 'name', 'status', 'started', 'duration', 'experiment', 'user'] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

const PREFIXES = { 'params.': 'param', 'metrics.': 'metric', 'tags.': 'tag' } as const;

/**
 * Reads one `--columns` entry: an attribute (id, name, status, started, duration, experiment,
 * user) or `params.KEY`, `metrics.KEY`, `tags.KEY`. Throws an Error with a message for the
 * user on anything else.
 */
export function parseColumn(spec: string): Column {
  for (const [prefix, kind] of Object.entries(PREFIXES) as Array<[keyof typeof PREFIXES, 'param' | 'metric' | 'tag']>) {
    if (spec.startsWith(prefix) && spec.length > prefix.length) return { kind, key: spec.slice(prefix.length) };
  }
  if ((RUN_ATTRIBUTES as readonly string[]).includes(spec)) return { kind: 'attr', name: spec as RunAttribute };
  throw new Error(`unknown column '${spec}': use ${RUN_ATTRIBUTES.join(', ')}, params.KEY, metrics.KEY or tags.KEY`);
}

export const columnId = (c: Column): string => (c.kind === 'attr' ? c.name : `${c.kind}s.${c.key}`);
