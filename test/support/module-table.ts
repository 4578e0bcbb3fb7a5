import { readFileSync } from 'node:fs';

/** One row of the module table in docs/architecture.md. */
export interface ModuleRule {
  name: string;
  /** Modules it may import, and whether only their types. */
  mayImport: Map<string, { typesOnly: boolean }>;
  /** Packages it may import: 'any', or the allowed names. */
  packages: 'any' | Set<string>;
}

const START = '<!-- module-table';
const END = '<!-- /module-table -->';

/**
 * Reads the module table from docs/architecture.md, the one place the layer rules are written:
 * `| module | may import | packages |`, with `name (types)` for a types-only dependency.
 */
export function readModuleTable(markdownPath: string): Map<string, ModuleRule> {
  const text = readFileSync(markdownPath, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${markdownPath}: no module table between '${START}' and '${END}'`);
  const rows = text
    .slice(from, to)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2); // header and separator
  const table = new Map<string, ModuleRule>();
  for (const row of rows) {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`${markdownPath}: module table row '${row}' needs 3 cells`);
    const [name, imports, packages] = cells as [string, string, string];
    const mayImport = new Map<string, { typesOnly: boolean }>();
    for (const item of imports.split(',').map((s) => s.trim()).filter(Boolean)) {
      const match = /^([a-z-]+)(\s+\(types\))?$/.exec(item);
      if (!match) throw new Error(`${markdownPath}: cannot read '${item}' in the row of ${name}`);
      mayImport.set(match[1]!, { typesOnly: match[2] !== undefined });
    }
    const allowed = packages === 'any' ? 'any' : new Set(packages.split(',').map((s) => s.trim()).filter(Boolean));
    if (table.has(name)) throw new Error(`${markdownPath}: module '${name}' has two rows`);
    table.set(name, { name, mayImport, packages: allowed });
  }
  for (const rule of table.values()) {
    for (const dep of rule.mayImport.keys()) if (!table.has(dep)) throw new Error(`${markdownPath}: ${rule.name} may import '${dep}', which has no row`);
  }
  return table;
}
