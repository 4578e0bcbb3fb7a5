import { describe, expect, it } from 'vitest';
import { parseAge, parseColumns, parsePort, parsePositiveInt } from './parsers.js';

describe('option parsers', () => {
  it('reads ages with units', () => {
    expect(parseAge('30d')).toBe(30 * 86_400_000);
    expect(parseAge('1.5h')).toBe(5_400_000);
    expect(parseAge('90m')).toBe(5_400_000);
    expect(parseAge('250ms')).toBe(250);
    expect(() => parseAge('30')).toThrow(/number and a unit/);
    expect(() => parseAge('3x')).toThrow(/number and a unit/);
  });

  it('reads limits and ports', () => {
    expect(parsePositiveInt('10')).toBe(10);
    expect(() => parsePositiveInt('0')).toThrow();
    expect(() => parsePositiveInt('1.5')).toThrow();
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('70000')).toThrow();
  });

  it('reads comma-separated columns and adds repeated lists together', () => {
    const first = parseColumns('id, name,params.lr');
    expect(parseColumns('metrics.acc', first).map((c) => (c.kind === 'attr' ? c.name : `${c.kind}:${c.key}`))).toEqual([
      'id',
      'name',
      'param:lr',
      'metric:acc',
    ]);
    expect(() => parseColumns('bogus')).toThrow(/unknown column 'bogus'/);
  });
});
