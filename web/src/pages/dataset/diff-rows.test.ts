import { describe, expect, it } from 'vitest';
import type { DatasetDiff, DatasetVersion } from '../../api/data-types';
import { diffCut, diffPair, diffRows } from './diff-rows';

const h = (c: string) => c.repeat(64);
const diff: DatasetDiff = {
  added: [{ path: 'b/new.txt', new: { hash: h('1'), size: 10, mode: 0o644 } }],
  removed: [{ path: 'a.txt', old: { hash: h('2'), size: 5, mode: 0o644 } }],
  modified: [
    { path: 'c.csv', old: { hash: h('3'), size: 7, mode: 0o644 }, new: { hash: h('4'), size: 9, mode: 0o644 } },
    { path: 'run.sh', old: { hash: h('5'), size: 3, mode: 0o644 }, new: { hash: h('5'), size: 3, mode: 0o755 } },
  ],
  summary: { added: 1, removed: 1, modified: 2, unchanged: 4, bytes_added: 22, bytes_removed: 15 },
};

describe('a dataset diff', () => {
  it('lists every change once, in path order, with sizes before and after', () => {
    expect(diffRows(diff)).toEqual([
      { kind: 'removed', path: 'a.txt', oldSize: 5, newSize: undefined, modeOnly: false },
      { kind: 'added', path: 'b/new.txt', oldSize: undefined, newSize: 10, modeOnly: false },
      { kind: 'modified', path: 'c.csv', oldSize: 7, newSize: 9, modeOnly: false },
      { kind: 'modified', path: 'run.sh', oldSize: 3, newSize: 3, modeOnly: true },
    ]);
  });

  it('says when the server listed fewer changes than it counted', () => {
    expect(diffCut(diff)).toBe(false);
    expect(diffCut({ ...diff, summary: { ...diff.summary, added: 1001 } })).toBe(true);
  });

  describe('the versions picked in the URL', () => {
    const versions = [3, 2, 1].map((version) => ({ version }) as DatasetVersion);
    it('are a pair of different versions of the dataset', () => {
      expect(diffPair('1', '3', versions)).toEqual({ from: 1, to: 3 });
      expect(diffPair('3', '1', versions)).toEqual({ from: 3, to: 1 });
    });
    it('are nothing while one is missing, unknown, the same or not a number', () => {
      expect(diffPair('', '3', versions)).toBeUndefined();
      expect(diffPair('1', '9', versions)).toBeUndefined();
      expect(diffPair('2', '2', versions)).toBeUndefined();
      expect(diffPair('1.0', '2', versions)).toBeUndefined();
      expect(diffPair('latest', '2', versions)).toBeUndefined();
    });
  });
});
