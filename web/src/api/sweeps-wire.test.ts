import { describe, expect, it } from 'vitest';
import { wireValue } from './sweeps-wire';

describe('reading a trial value from the wire', () => {
  it('keeps numbers and null', () => {
    expect(wireValue(0.25)).toBe(0.25);
    expect(wireValue(null)).toBeNull();
    expect(wireValue(undefined)).toBeNull();
  });
  it('reads the strings the server sends for values JSON cannot hold', () => {
    expect(wireValue('NaN')).toBeNaN();
    expect(wireValue('Infinity')).toBe(Infinity);
    expect(wireValue('-Infinity')).toBe(-Infinity);
    expect(wireValue('0.5')).toBe(0.5);
  });
  it('treats anything else as no value', () => {
    expect(wireValue('diverged')).toBeNull();
    expect(wireValue({})).toBeNull();
  });
});
