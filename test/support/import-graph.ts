import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import ts from 'typescript';

/** One import, export-from or dynamic `import('...')` of a file, as written. */
export interface ImportEdge {
  /** Importing file, relative to the repository root, with '/' separators. */
  from: string;
  line: number;
  specifier: string;
  /** The file it resolves to (relative to the root); undefined for a package, or a relative path that names no file. */
  to: string | undefined;
  /** `import type`, `export type`, every named element typed, or an `import('x').T` type. */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

const SOURCE = /\.(ts|tsx)$/;

function listSources(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) listSources(root, path, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path.split(sep).join('/'));
  }
}

/** './x.js' from src/a/b.ts -> src/a/x.ts (or .tsx, or x/index.ts), as TypeScript resolves it. */
function resolveRelative(root: string, from: string, specifier: string): string | undefined {
  const base = resolve(root, dirname(from), specifier);
  // A stylesheet or JSON file is a leaf of the graph, kept so it still counts as used.
  if (!/\.(js|jsx|mjs)$/.test(base) && existsSync(base) && statSync(base).isFile()) return relative(root, base).split(sep).join('/');
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate).split(sep).join('/');
  }
  return undefined;
}

function namedImportsAllTyped(clause: ts.ImportClause): boolean {
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function readImports(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, literal: ts.StringLiteralLike, typeOnly: boolean): void => {
    const specifier = literal.text;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const to = specifier.startsWith('.') ? resolveRelative(root, file, specifier) : undefined;
    edges.push({ from: file, line, specifier, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      add(node, node.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || namedImportsAllTyped(clause)));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const allTyped = clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, node.isTypeOnly || allTyped);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(node, arg, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal, true);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    }
    // Only `import(...)` calls and types sit below the top level: walk there only when present.
    if (deep) ts.forEachChild(node, visit);
  };
  const deep = text.includes('import(');
  for (const statement of source.statements) visit(statement);
  return edges;
}

/** Every .ts/.tsx file under the given folders and every import between them (or to a package). */
export function readImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const folder of folders) listSources(root, folder, files);
  files.sort();
  return { files, edges: files.flatMap((f) => readImports(root, f)) };
}

/**
 * The strongly connected components with more than one node (or a node importing itself):
 * each one is a cycle. Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
 */
export function findCycles(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; children: readonly string[]; i: number }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++]!;
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || next(frame.node).includes(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles;
}
