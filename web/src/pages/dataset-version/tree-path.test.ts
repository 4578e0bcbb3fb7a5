import { describe, expect, it } from 'vitest';
import { childPath, normalizeDir, parentPath, pathCrumbs } from './tree-path';

describe('file tree paths', () => {
  it('normalizes what a hand-edited URL may hold', () => {
    expect(normalizeDir('')).toBe('');
    expect(normalizeDir('/')).toBe('');
    expect(normalizeDir('/images//cats/')).toBe('images/cats');
  });

  it('goes down into a folder and back up', () => {
    expect(childPath('', 'images')).toBe('images');
    expect(childPath('images', 'cats')).toBe('images/cats');
    expect(parentPath('images/cats')).toBe('images');
    expect(parentPath('images')).toBe('');
    expect(parentPath('')).toBe('');
  });

  it('lists the breadcrumbs from the top down', () => {
    expect(pathCrumbs('')).toEqual([]);
    expect(pathCrumbs('images/cats/small')).toEqual([
      { name: 'images', path: 'images' },
      { name: 'cats', path: 'images/cats' },
      { name: 'small', path: 'images/cats/small' },
    ]);
  });
});
