import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../contracts/manifest.js';
import { buildManifest } from './manifest.js';

const H = (c: string) => c.repeat(64);

describe('buildManifest', () => {
  it('writes the canonical bytes: format first, files as arrays, no whitespace, mode bits only', () => {
    const m = buildManifest([
      { path: 'b.txt', hash: H('b'), size: 2, mode: 0o100644 },
      { path: 'a/x.bin', hash: H('a'), size: 10, mode: 0o755 },
    ]);
    expect(m.bytes.toString('utf8')).toBe(`{"format":"flywheel.manifest/1","files":[["a/x.bin","${H('a')}",10,493],["b.txt","${H('b')}",2,420]]}`);
    expect(m.hash).toBe(createHash('sha256').update(m.bytes).digest('hex'));
  });

  it('gives the same bytes whatever order the entries come in', () => {
    const entries = ['z', 'a/b', 'c', 'é', 'A', 'a-b'].map((path, i) => ({ path, hash: H(String(i)), size: i, mode: 0o644 }));
    expect(buildManifest(entries).hash).toBe(buildManifest([...entries].reverse()).hash);
  });

  it('keeps only path, hash, size and mode of what it is given', () => {
    const scanned = { path: 'a', hash: H('a'), size: 1, mode: 0o644, abs: '/tmp/a', mtimeNs: 1n };
    expect(buildManifest([scanned]).entries).toEqual([{ path: 'a', hash: H('a'), size: 1, mode: 0o644 }]);
  });

  it("refuses what the server would refuse: a path twice, a '..', a file that is also a folder", () => {
    expect(() => buildManifest([{ path: 'a', hash: H('1'), size: 1, mode: 0o644 }, { path: 'a', hash: H('2'), size: 1, mode: 0o644 }])).toThrow(/twice/);
    expect(() => buildManifest([{ path: '../x', hash: H('1'), size: 1, mode: 0o644 }])).toThrow(/'\.\.'/);
    expect(() => buildManifest([{ path: 'a', hash: H('1'), size: 1, mode: 0o644 }, { path: 'a/b', hash: H('2'), size: 1, mode: 0o644 }])).toThrow(/file and as a folder/);
  });

  it('round-trips through parseManifest', () => {
    const entries = [{ path: 'dir/f.csv', hash: H('c'), size: 3, mode: 0o600 }];
    expect(parseManifest(buildManifest(entries).bytes)).toEqual(entries);
  });
});
