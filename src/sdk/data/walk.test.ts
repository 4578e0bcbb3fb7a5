import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileIgnoreRules } from './ignore-rules.js';
import { walk } from './walk.js';

let root: string;

const put = (rel: string, text = rel) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const paths = (r: ReturnType<typeof walk>) => r.files.map((f) => f.path).sort();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fw-walk-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('walk', () => {
  it("lists a folder's regular files recursively with '/' paths and their stat", () => {
    put('a.txt', 'hello');
    put('sub/deeper/b.bin');
    const r = walk(root);
    expect(r.root).toBe(root);
    expect(paths(r)).toEqual(['a.txt', 'sub/deeper/b.bin']);
    const a = r.files.find((f) => f.path === 'a.txt')!;
    expect(a).toMatchObject({ abs: join(root, 'a.txt'), size: 5 });
    expect(typeof a.mtimeNs).toBe('bigint');
    expect(a.mode & 0o170000).toBe(0o100000);
  });

  it('always leaves out .git/', () => {
    put('.git/HEAD');
    put('data.csv');
    expect(paths(walk(root))).toEqual(['data.csv']);
  });

  it('skips symlinks (to files and to folders) and reports them, never following them', () => {
    put('real/file.txt');
    const outside = mkdtempSync(join(tmpdir(), 'fw-walk-outside-'));
    writeFileSync(join(outside, 'secret'), 'x');
    symlinkSync(outside, join(root, 'linked-dir'));
    symlinkSync(join(root, 'real/file.txt'), join(root, 'link.txt'));
    const r = walk(root);
    expect(paths(r)).toEqual(['real/file.txt']);
    expect(r.symlinks.sort()).toEqual(['link.txt', 'linked-dir']);
    rmSync(outside, { recursive: true, force: true });
  });

  it('walks one file as a root of its folder', () => {
    put('sub/one.csv');
    put('sub/other.csv');
    const r = walk(join(root, 'sub/one.csv'));
    expect(r.root).toBe(join(root, 'sub'));
    expect(paths(r)).toEqual(['one.csv']);
  });

  it('takes a list of files, folders and globs relative to the root', () => {
    put('a.csv');
    put('b.csv');
    put('img/1.png');
    put('img/2.jpg');
    put('img/deep/3.png');
    put('notes.txt');
    const r = walk(root, { files: ['a.csv', 'img/**/*.png', 'img/deep'] });
    expect(paths(r)).toEqual(['a.csv', 'img/1.png', 'img/deep/3.png']);
  });

  it('refuses a listed path outside the root', () => {
    expect(() => walk(root, { files: ['../etc/passwd'] })).toThrow(/outside/);
    expect(() => walk(root, { files: ['/etc/passwd'] })).toThrow(/outside/);
  });

  it('does not go through a symlinked folder named in the list', () => {
    const outside = mkdtempSync(join(tmpdir(), 'fw-walk-outside-'));
    writeFileSync(join(outside, 'secret'), 'x');
    symlinkSync(outside, join(root, 'out'));
    const r = walk(root, { files: ['out/secret'] });
    expect(r.files).toEqual([]);
    expect(r.symlinks).toEqual(['out']);
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads .fwignore in the root and adds --ignore patterns after it', () => {
    put('.fwignore', '# caches\n*.tmp\nbuild/\n/top-only.txt\n!keep.tmp\n');
    put('a.tmp');
    put('sub/b.tmp');
    put('keep.tmp');
    put('build/out.bin');
    put('sub/build/out.bin');
    put('top-only.txt');
    put('sub/top-only.txt');
    put('data.csv');
    put('logs/x.log');
    const r = walk(root, { ignore: ['logs/'] });
    expect(paths(r)).toEqual(['.fwignore', 'data.csv', 'keep.tmp', 'sub/top-only.txt']);
  });

  it('reports names a manifest cannot hold', () => {
    put('ok.txt');
    put('back\\slash.txt');
    const r = walk(root);
    expect(r.invalid).toEqual(['back\\slash.txt']);
    expect(paths(r)).toEqual(['ok.txt']);
  });
});

describe('ignore rules', () => {
  it('follow gitignore: last match wins, folder-only patterns, anchoring', () => {
    const rules = compileIgnoreRules(['*.log', '!important.log', 'cache/', 'docs/*.md', '\\#literal']);
    expect(rules.ignores('x.log', false)).toBe(true);
    expect(rules.ignores('a/b/x.log', false)).toBe(true);
    expect(rules.ignores('a/important.log', false)).toBe(false);
    expect(rules.ignores('cache', true)).toBe(true);
    expect(rules.ignores('cache', false)).toBe(false);
    expect(rules.ignores('docs/a.md', false)).toBe(true);
    expect(rules.ignores('x/docs/a.md', false)).toBe(false);
    expect(rules.ignores('#literal', false)).toBe(true);
  });
});
