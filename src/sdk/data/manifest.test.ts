import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, parseManifest, pathIssues } from './manifest.js';

const H = (c: string) => c.repeat(64);

describe('buildManifest', () => {
  it('writes the canonical bytes: format first, files as arrays, no whitespace, mode bits only', () => {
    const m = buildManifest([
      { path: 'b.txt', hash: H('b'), size: 2, mode: 0o100644 },
      { path: 'a/x.bin', hash: H('a'), size: 10, mode: 0o755 },
    ]);
    const text = m.bytes.toString('utf8');
    expect(text).toBe(`{"format":"flywheel.manifest/1","files":[["a/x.bin","${H('a')}",10,493],["b.txt","${H('b')}",2,420]]}`);
    expect(m.hash).toBe(createHash('sha256').update(m.bytes).digest('hex'));
  });

  it('gives the same bytes whatever order the entries come in', () => {
    const entries = ['z', 'a/b', 'a', 'é', 'A', 'a-b'].map((p, i) => ({ path: p === 'a' ? 'c' : p, hash: H(String(i)), size: i, mode: 0o644 }));
    expect(buildManifest(entries).hash).toBe(buildManifest([...entries].reverse()).hash);
  });

  it('sorts by UTF-8 bytes, not by UTF-16 code units', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts after U+1F600 in UTF-16 (a surrogate D83D) but before it in UTF-8 (F0 9F 98 80).
    const m = buildManifest([
      { path: '\u{1F600}.txt', hash: H('1'), size: 1, mode: 0o644 },
      { path: '\uFF5E.txt', hash: H('2'), size: 1, mode: 0o644 },
    ]);
    expect(m.entries.map((e) => e.path)).toEqual(['\uFF5E.txt', '\u{1F600}.txt']);
    expect(Buffer.compare(Buffer.from(m.entries[0]!.path), Buffer.from(m.entries[1]!.path))).toBe(-1);
  });

  it('refuses a path twice and unsafe paths', () => {
    expect(() => buildManifest([{ path: 'a', hash: H('1'), size: 1, mode: 0o644 }, { path: 'a', hash: H('2'), size: 1, mode: 0o644 }])).toThrow(/twice/);
    expect(() => buildManifest([{ path: '../x', hash: H('1'), size: 1, mode: 0o644 }])).toThrow(/'\.\.'/);
  });

  it('round-trips through parseManifest', () => {
    const entries = [{ path: 'dir/f.csv', hash: H('c'), size: 3, mode: 0o600 }];
    expect(parseManifest(buildManifest(entries).bytes)).toEqual(entries);
  });
});

describe('pathIssues', () => {
  it.each([
    ['/etc/passwd', 'absolute'],
    ['a/../b', "'..'"],
    ['..', "'..'"],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['./a', "'.'"],
    ['', 'empty'],
  ])('refuses %j (%s)', (path, why) => {
    expect(pathIssues(path).join(' ')).toContain(why);
  });

  it('accepts ordinary relative paths, dots inside names included', () => {
    for (const p of ['a', 'a/b/c.txt', '.hidden', 'a/..b', 'x y/ü.png']) expect(pathIssues(p)).toEqual([]);
  });
});

describe('parseManifest', () => {
  const doc = (files: unknown[]) => JSON.stringify({ format: 'flywheel.manifest/1', files });

  it('refuses a manifest with ../escape', () => {
    expect(() => parseManifest(doc([['../escape', H('a'), 1, 0o644]]))).toThrow(/invalid.*'\.\.'/);
  });

  it('refuses duplicates, bad hashes, sizes and modes, and a path that is a file and a folder', () => {
    expect(() => parseManifest(doc([['a', H('a'), 1, 420], ['a', H('b'), 1, 420]]))).toThrow(/twice/);
    expect(() => parseManifest(doc([['a', 'ABC', 1, 420]]))).toThrow(/sha256/);
    expect(() => parseManifest(doc([['a', H('a'), -1, 420]]))).toThrow(/size/);
    expect(() => parseManifest(doc([['a', H('a'), 1, 0o1777]]))).toThrow(/mode/);
    expect(() => parseManifest(doc([['a', H('a'), 1, 420], ['a/b', H('b'), 1, 420]]))).toThrow(/file and as a folder/);
  });

  it('refuses other documents', () => {
    expect(() => parseManifest('not json')).toThrow(/not JSON/);
    expect(() => parseManifest(JSON.stringify({ format: 'other', files: [] }))).toThrow(/not a flywheel.manifest/);
  });
});
