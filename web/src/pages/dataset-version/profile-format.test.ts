import { describe, expect, it } from 'vitest';
import { barFractions, binLabel, formatShare, formatStat, histogramRange, isIntegerType, quantileLabel } from './profile-format';

describe('profile formatting', () => {
  it('shows numbers compactly, text as it is and nothing as a dash', () => {
    expect(formatStat(3)).toBe('3');
    expect(formatStat(0.123456)).toBe('0.12346');
    expect(formatStat('2026-01-02T00:00:00.000Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(formatStat(null)).toBe('—');
    expect(formatStat(undefined)).toBe('—');
  });

  it('names quantiles by percent', () => {
    expect([0.05, 0.25, 0.5, 0.75, 0.95].map(quantileLabel)).toEqual(['p5', 'p25', 'p50', 'p75', 'p95']);
    expect(quantileLabel(0.999)).toBe('p99.9');
    expect(quantileLabel(50)).toBe('p50');
  });

  it('gives a count with its share of the rows', () => {
    expect(formatShare(0, 10)).toBe('0');
    expect(formatShare(1, 4)).toBe('1 (25%)');
    expect(formatShare(1, 3)).toBe('1 (33.3%)');
    expect(formatShare(1, 10_000)).toBe('1 (<0.1%)');
    expect(formatShare(99_999, 100_000)).toBe('99999 (>99.9%)');
    expect(formatShare(4, 4)).toBe('4 (100%)');
  });

  it('scales bars to the largest count', () => {
    expect(barFractions([1, 4, 2])).toEqual([0.25, 1, 0.5]);
    expect(barFractions([0, 0])).toEqual([0, 0]);
    expect(barFractions([])).toEqual([]);
  });

  it('labels a bin by its bounds, or by its one value', () => {
    expect(binLabel({ from: 0, to: 2.5 }, false)).toBe('0 – 2.5');
    expect(binLabel({ from: 3, to: 4 }, false)).toBe('3 – 4');
    expect(binLabel({ from: 3, to: 4 }, true)).toBe('3');
    expect(binLabel({ from: 7, to: 7 }, false)).toBe('7');
  });

  it('knows DuckDB’s integer types', () => {
    expect(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UBIGINT', 'INT'].every(isIntegerType)).toBe(true);
    expect(['DOUBLE', 'FLOAT', 'DECIMAL(10,2)', 'VARCHAR', 'INTERVAL', 'POINT'].some(isIntegerType)).toBe(false);
  });

  it('spans a histogram from its first bin to its last value', () => {
    const ints = [1, 2, 3].map((v) => ({ from: v, to: v + 1 }));
    expect(histogramRange(ints, true)).toEqual({ from: 1, to: 3 });
    expect(histogramRange(ints, false)).toEqual({ from: 1, to: 4 });
    expect(histogramRange([{ from: 0.4, to: 15.2 }, { from: 15.2, to: 30 }], false)).toEqual({ from: 0.4, to: 30 });
    expect(histogramRange([], true)).toBeUndefined();
  });
});
