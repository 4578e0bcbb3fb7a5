import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration, formatNumber, shortId, truncate } from './format.js';

describe('format', () => {
  describe('formatNumber', () => {
    it.each([
      [0.912345, '0.9123'],
      [123.456, '123.5'],
      [42, '42'],
      [0, '0'],
      [-3, '-3'],
      [1234567.89, '1.23e6'],
      [0.00012, '1.2e-4'],
      [1e-5, '1e-5'],
      [5e9, '5e9'],
      [NaN, 'NaN'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
    ])('writes %s as %s', (value, text) => {
      expect(formatNumber(value)).toBe(text);
    });
  });

  describe('formatDuration', () => {
    it.each([
      [850, '850ms'],
      [8_345, '8.3s'],
      [12_345, '12s'],
      [42_000, '42s'],
      [185_000, '3m05s'],
      [3_720_000, '1h02m'],
      [2 * 86_400_000 + 3 * 3_600_000, '2d03h'],
      [-1, '-'],
    ])('writes %i ms as %s', (ms, text) => {
      expect(formatDuration(ms)).toBe(text);
    });
  });

  it('writes ages relative to now', () => {
    expect(formatAge(1000, 5000)).toBe('just now');
    expect(formatAge(0, 45_000)).toBe('45s ago');
    expect(formatAge(0, 5 * 60_000)).toBe('5m ago');
    expect(formatAge(0, 3 * 3_600_000)).toBe('3h ago');
    expect(formatAge(0, 2 * 86_400_000)).toBe('2d ago');
  });

  it('shortens run ids to 8 characters and long text with an ellipsis', () => {
    expect(shortId('0123456789abcdef0123456789abcdef')).toBe('01234567');
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('abc', 5)).toBe('abc');
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });
});
