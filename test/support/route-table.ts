import type { FastifyInstance, HTTPMethods } from 'fastify';

/** One route the app serves: its URL pattern (`/x/*` for a wildcard) and methods. */
export interface RouteEntry {
  path: string;
  methods: string[];
}

/**
 * Every route of a ready Fastify app, read from `printRoutes({ commonPrefix: false })`.
 *
 * That output is a tree whose children continue their parent's path (`/runs/delete` with a
 * child `-tag` is `/runs/delete-tag`); a wildcard child is printed as `*` without the slash
 * that separates it. Each entry is checked with `hasRoute`, so a change in the tree's format
 * fails loudly instead of silently fuzzing fewer routes.
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const text = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const marker = line.search(/[├└]── /);
    if (marker < 0) continue;
    const depth = marker / 4;
    const rest = line.slice(marker + 4);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest);
    if (!match) throw new Error(`cannot read route line: ${line}`);
    const segment = match[1] as string;
    const parent = depth === 0 ? '' : (stack[depth - 1] ?? '');
    const separator = (segment.startsWith('*') || segment.startsWith(':')) && parent !== '' && !parent.endsWith('/') ? '/' : '';
    const path = parent + separator + segment;
    stack.length = depth;
    stack[depth] = path;
    if (match[2]) {
      const methods = routes.get(path) ?? new Set<string>();
      for (const m of match[2].split(',')) methods.add(m.trim());
      routes.set(path, methods);
    }
  }
  const entries = [...routes].map(([path, methods]) => ({ path, methods: [...methods].sort() }));
  for (const entry of entries) {
    for (const method of entry.methods) {
      if (!app.hasRoute({ method: method as HTTPMethods, url: entry.path })) {
        throw new Error(`listRoutes read ${method} ${entry.path} from printRoutes, but the app has no such route:\n${text}`);
      }
    }
  }
  return entries;
}
