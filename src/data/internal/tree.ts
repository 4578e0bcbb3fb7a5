import type { ManifestEntry } from '../../core/data-types.js';
import { invalidArgument } from '../../core/index.js';

export interface TreeEntry {
  name: string;
  type: 'file' | 'dir';
  /** Bytes; for a folder, of everything under it. */
  size: number;
  /** Files under a folder (1 for a file). */
  files: number;
}

/** One level of a version's file tree under `path` ('' for the root): folders first, then files, by name. */
export function treeLevel(entries: ManifestEntry[], path: string): TreeEntry[] {
  const prefix = path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
  const level = new Map<string, TreeEntry>();
  let any = prefix === '';
  for (const e of entries) {
    if (!e.path.startsWith(prefix)) continue;
    any = true;
    const rest = e.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    const type = slash === -1 ? 'file' : 'dir';
    const t = level.get(name) ?? { name, type, size: 0, files: 0 };
    t.size += e.size;
    t.files += 1;
    level.set(name, t);
  }
  if (!any) throw invalidArgument(`no folder '${path}' in this version`);
  return [...level.values()].sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : 1) : a.type === 'dir' ? -1 : 1));
}
