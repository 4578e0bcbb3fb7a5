import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCycles, readImportGraph, type ImportEdge, type ImportGraph } from './support/import-graph.js';
import { readModuleTable, type ModuleRule } from './support/module-table.js';

// The rules are written once, in docs/architecture.md (the module table); this test reads them.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['src', 'web/src'];
/** Flat layers: every file is public, there are no internals to hide. */
const FLAT = new Set(['core', 'contracts']);

const moduleOf = (file: string): string | undefined =>
  file.startsWith('web/src/') ? 'web' : /^src\/([^/]+)\//.exec(file)?.[1];
const inGraph = (file: string): boolean => FOLDERS.some((f) => file.startsWith(`${f}/`));
const isTestCode = (file: string): boolean => /\.test\.tsx?$/.test(file) || file.includes('/test-support/');
const packageOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};
const where = (e: ImportEdge): string => `${e.from}:${e.line} imports '${e.specifier}'${e.to ? ` (${e.to})` : ''}`;

/** Each finding on its own line, so a failure lists every offending import at once. */
function report(findings: string[]): string {
  return findings.length === 0 ? '' : `${findings.length} finding(s):\n  ${findings.join('\n  ')}`;
}

describe('the import graph of src/ and web/src', () => {
  let graph: ImportGraph;
  let table: Map<string, ModuleRule>;
  let internal: ImportEdge[];

  beforeAll(() => {
    graph = readImportGraph(root, FOLDERS);
    table = readModuleTable(join(root, 'docs/architecture.md'));
    internal = graph.edges.filter((e) => e.to !== undefined && inGraph(e.to));
  });

  it('has no cycle between files', () => {
    const next = new Map<string, string[]>();
    for (const e of internal) next.set(e.from, [...(next.get(e.from) ?? []), e.to!]);
    const findings = findCycles(graph.files, (f) => next.get(f) ?? []).map((cycle) => {
      const members = new Set(cycle);
      const edges = internal.filter((e) => members.has(e.from) && members.has(e.to!));
      return `cycle between ${cycle.length} files:\n    ${edges.map(where).join('\n    ')}`;
    });
    expect(report(findings)).toBe('');
  });

  it('has no cycle between modules', () => {
    const crossing = internal.filter((e) => moduleOf(e.from) !== moduleOf(e.to!));
    const next = new Map<string, Set<string>>();
    for (const e of crossing) next.set(moduleOf(e.from)!, (next.get(moduleOf(e.from)!) ?? new Set()).add(moduleOf(e.to!)!));
    const modules = [...new Set(graph.files.map((f) => moduleOf(f)!))];
    const findings = findCycles(modules, (m) => [...(next.get(m) ?? [])]).map((cycle) => {
      const members = new Set(cycle);
      const edges = crossing.filter((e) => members.has(moduleOf(e.from)!) && members.has(moduleOf(e.to!)!));
      return `cycle between modules ${cycle.join(', ')}:\n    ${edges.map(where).join('\n    ')}`;
    });
    expect(report(findings)).toBe('');
  });

  it('enters another module only through its index.ts (core and contracts by any file, storage/index.ts for its schema, test-support from tests)', () => {
    const findings: string[] = [];
    for (const e of internal) {
      const target = moduleOf(e.to!)!;
      const fromTest = isTestCode(e.from);
      if (e.to!.includes('/test-support/') && !fromTest) findings.push(`${where(e)}: test-support is for tests only`);
      if (moduleOf(e.from) === target || FLAT.has(target)) continue;
      if (e.to === `src/${target}/index.ts`) continue;
      // A domain's schema (tables and migrations) has its own entry, so composing the
      // migrations does not load the domain (DuckDB, TF.js) with them.
      if (e.to === `src/${target}/storage/index.ts`) continue;
      if (fromTest && e.to!.startsWith(`src/${target}/test-support/`)) continue;
      findings.push(`${where(e)}: bypasses src/${target}/index.ts`);
    }
    expect(report(findings)).toBe('');
  });

  it('imports only what the module table in docs/architecture.md allows', () => {
    const findings: string[] = [];
    for (const file of graph.files) if (!table.has(moduleOf(file) ?? '')) findings.push(`${file}: module '${moduleOf(file)}' has no row in the module table`);
    for (const e of graph.edges) {
      const source = moduleOf(e.from)!;
      const rule = table.get(source);
      if (!rule) continue;
      if (e.to === undefined && e.specifier.startsWith('.')) {
        findings.push(`${where(e)}: names no file`);
        continue;
      }
      if (e.to === undefined) {
        // Packages: test code may use test tools (vitest, fast-check) wherever it lives.
        const name = packageOf(e.specifier);
        if (rule.packages !== 'any' && !rule.packages.has(name) && !isTestCode(e.from)) findings.push(`${where(e)}: ${source} may use only the packages ${[...rule.packages].join(', ')}`);
        continue;
      }
      if (!inGraph(e.to)) {
        if (!isTestCode(e.from)) findings.push(`${where(e)}: code in ${FOLDERS.join(' and ')} imports a file outside them`);
        continue;
      }
      const target = moduleOf(e.to)!;
      if (target === source) continue;
      const allowed = rule.mayImport.get(target);
      if (!allowed) findings.push(`${where(e)}: ${source} may not import ${target}`);
      else if (allowed.typesOnly && !e.typeOnly) findings.push(`${where(e)}: ${source} may import only types from ${target} (use import type)`);
    }
    expect(report(findings)).toBe('');
  });
});

describe('the import graph reader', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-import-graph-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('src/a/index.ts', "export { b } from '../b/index.js';\nexport type { T } from './t.js';\n");
    write('src/a/t.ts', "// import x from './not-an-import.js'\nexport type T = import('../b/index.js').B;\nconst s = \"import y from './not-either.js'\";\nexport const u = s;\n");
    write('src/b/index.ts', "import {\n  type A,\n  type C,\n} from './types.js';\nexport const b = async () => import('../a/index.js');\nexport type B = A | C;\n");
    write('src/b/types.ts', "import styles from './b.css';\nexport type A = 1;\nexport type C = typeof styles;\n");
    write('src/b/b.css', '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees export-from, import type, dynamic import() and import() types, and nothing in comments or strings', () => {
    const { edges } = readImportGraph(dir, ['src']);
    const seen = edges.map((e) => `${e.from}:${e.line} -> ${e.to} ${e.typeOnly ? 'type' : 'value'}`);
    expect(seen).toEqual([
      'src/a/index.ts:1 -> src/b/index.ts value',
      'src/a/index.ts:2 -> src/a/t.ts type',
      'src/a/t.ts:2 -> src/b/index.ts type',
      'src/b/index.ts:1 -> src/b/types.ts type',
      'src/b/index.ts:5 -> src/a/index.ts value',
      'src/b/types.ts:1 -> src/b/b.css value',
    ]);
  });

  it('finds a cycle through a dynamic import', () => {
    const { files, edges } = readImportGraph(dir, ['src']);
    const next = (f: string) => edges.filter((e) => e.from === f && e.to !== undefined).map((e) => e.to!);
    expect(findCycles(files, next)).toEqual([['src/a/index.ts', 'src/a/t.ts', 'src/b/index.ts']]);
  });
});
