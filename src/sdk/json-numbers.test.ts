import { describe, expect, it } from 'vitest';
import { decodeNumber, decodeOptionalNumber, encodeNumber } from './json-numbers.js';
import { metricFromWire, metricToWire } from './wire.js';

describe('JSON numbers', () => {
  describe('encodeNumber', () => {
    it('writes NaN and the infinities as protobuf JSON strings', () => {
      expect(encodeNumber(NaN)).toBe('NaN');
      expect(encodeNumber(Infinity)).toBe('Infinity');
      expect(encodeNumber(-Infinity)).toBe('-Infinity');
    });

    it('leaves finite numbers, including -0 and tiny values, as numbers', () => {
      expect(encodeNumber(0.1)).toBe(0.1);
      expect(Object.is(encodeNumber(-0), -0)).toBe(true);
      expect(encodeNumber(5e-324)).toBe(5e-324);
    });

    it('survives JSON.stringify where a bare NaN would become null', () => {
      const json = JSON.stringify(metricToWire({ key: 'loss', value: NaN, timestamp: 1, step: 2 }));
      expect(json).toBe('{"key":"loss","value":"NaN","timestamp":1,"step":2}');
      expect(metricFromWire(JSON.parse(json)).value).toBeNaN();
    });
  });

  describe('decodeNumber', () => {
    it('reads the three special strings back', () => {
      expect(decodeNumber('NaN')).toBeNaN();
      expect(decodeNumber('Infinity')).toBe(Infinity);
      expect(decodeNumber('-Infinity')).toBe(-Infinity);
    });

    it('reads 64-bit integers that protobuf JSON wrote as strings', () => {
      expect(decodeNumber('1700000000000')).toBe(1_700_000_000_000);
      expect(decodeNumber('-3')).toBe(-3);
    });

    it('turns anything else into NaN instead of throwing', () => {
      expect(decodeNumber('abc')).toBeNaN();
      expect(decodeNumber('')).toBeNaN();
      expect(decodeNumber(null)).toBeNaN();
      expect(decodeNumber({})).toBeNaN();
    });

    it('keeps an absent optional number as null', () => {
      expect(decodeOptionalNumber(undefined)).toBeNull();
      expect(decodeOptionalNumber(null)).toBeNull();
      expect(decodeOptionalNumber('12')).toBe(12);
    });
  });
});
