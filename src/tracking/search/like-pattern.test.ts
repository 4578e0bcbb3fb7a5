import { describe, expect, it } from 'vitest';
import { parseLikePattern, toEscapedLike, toGlob } from './like-pattern.js';

describe('like patterns', () => {
  it.each([
    ['abc', 'abc', 'abc'],
    ['a%', 'a%', 'a*'],
    ['a_c', 'a_c', 'a?c'],
    ['100\\%', '100\\%', '100%'],
    ['x\\_y', 'x\\_y', 'x_y'],
    ['a\\\\b', 'a\\\\b', 'a\\b'],
    ['a*b?', 'a*b?', 'a[*]b[?]'],
    ['[x]%', '[x]%', '[[]x]*'],
    ['end\\', 'end\\\\', 'end\\'],
    ['\\q', 'q', 'q'],
    ['', '', ''],
  ])('reads %j as LIKE %j and GLOB %j', (pattern, like, glob) => {
    const parts = parseLikePattern(pattern);
    expect(toEscapedLike(parts)).toBe(like);
    expect(toGlob(parts)).toBe(glob);
  });
});
