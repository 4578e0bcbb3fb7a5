import { describe, expect, it } from 'vitest';
import { decodeDouble, decodeInt64, doubleJson, encodeDouble, exceedsLength } from './proto-json.js';

describe('protobuf JSON scalars', () => {
  describe('decodeInt64', () => {
    it('reads integers given as numbers or decimal strings', () => {
      expect(decodeInt64(17)).toBe(17);
      expect(decodeInt64('1700000000000')).toBe(1_700_000_000_000);
      expect(decodeInt64('-3')).toBe(-3);
    });

    it('refuses fractions, non-numeric strings, other types and values past 2^53', () => {
      for (const bad of [1.5, '1.5', 'abc', '', ' 1', true, null, undefined, {}, [], Number.NaN, 2 ** 53, '9007199254740993']) {
        expect(decodeInt64(bad), JSON.stringify(bad)).toBeUndefined();
      }
    });
  });

  describe('decodeDouble', () => {
    it('reads numbers, numeric strings and the special strings', () => {
      expect(decodeDouble(0.5)).toBe(0.5);
      expect(decodeDouble('0.25')).toBe(0.25);
      expect(decodeDouble('-1e-3')).toBe(-0.001);
      expect(decodeDouble('.5')).toBe(0.5);
      expect(decodeDouble('NaN')).toBeNaN();
      expect(decodeDouble('Infinity')).toBe(Number.POSITIVE_INFINITY);
      expect(decodeDouble('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    });

    it('refuses anything else', () => {
      for (const bad of ['nan', 'inf', '', '1,5', '0x10', true, null, undefined, {}, []]) {
        expect(decodeDouble(bad), JSON.stringify(bad)).toBeUndefined();
      }
    });
  });

  describe('encoding doubles for responses', () => {
    it('keeps finite numbers and spells out NaN and ±Infinity', () => {
      expect([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(encodeDouble)).toEqual([1.5, 'NaN', 'Infinity', '-Infinity']);
      expect([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(doubleJson)).toEqual(['1.5', '"NaN"', '"Infinity"', '"-Infinity"']);
    });

    it('writes the same text for finite numbers as JSON.stringify', () => {
      for (const v of [0, -0, 1e21, 1e-7, 0.1 + 0.2, -123.456, Number.MAX_VALUE]) expect(doubleJson(v)).toBe(JSON.stringify(v));
    });
  });

  describe('exceedsLength', () => {
    it('counts code points as Python does, so astral characters count once', () => {
      const emoji = '😀'.repeat(5);
      expect(emoji.length).toBe(10);
      expect(exceedsLength(emoji, 5)).toBe(false);
      expect(exceedsLength(emoji, 4)).toBe(true);
      expect(exceedsLength('abc', 3)).toBe(false);
      expect(exceedsLength('abcd', 3)).toBe(true);
    });
  });
});
