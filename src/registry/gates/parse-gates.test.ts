import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { gatesToJson, parseGates } from './parse-gates.js';

describe('parseGates', () => {
  it('reads the three kinds, short and long metric forms, with defaults', () => {
    const gates = parseGates([
      { metric: 'val_acc >= 0.9' },
      { metric: { metric: 'loss', op: '<', value: 0.2 } },
      { beats_current: { dataset: 'iris@eval', file: 'iris.csv', label: 'species', classes: ['a', 'b', 'c'] } },
      { latency: { p99_ms: 10 } },
    ]);
    expect(gates).toEqual([
      { type: 'metric', metric: 'val_acc', op: '>=', value: 0.9 },
      { type: 'metric', metric: 'loss', op: '<', value: 0.2 },
      { type: 'beats_current', dataset: 'iris@eval', file: 'iris.csv', label: 'species', classes: ['a', 'b', 'c'], metric: 'accuracy', minImprovement: 0 },
      { type: 'latency', p99Ms: 10, batchSize: 1, runs: 200 },
    ]);
    expect(parseGates(gatesToJson(gates))).toEqual(gates);
  });

  it('names each bad entry and field', () => {
    try {
      parseGates([{ metric: 'val_acc ~ 0.9' }, { beats_current: { dataset: 'iris', file: 'x.csv', label: 'y' } }, { latency: { p99_ms: -1 } }, { speed: 1 }]);
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(FlywheelError);
      const paths = (e as FlywheelError).issues.map((i) => i.path);
      expect(paths).toEqual(['gates[0].metric', 'gates[1].beats_current.dataset', 'gates[2].latency.p99_ms', 'gates[3]']);
      expect((e as FlywheelError).message).toContain('is not a rule like');
    }
  });

  it('wants a list', () => {
    expect(() => parseGates({ metric: 'a > 1' })).toThrow(/must be a list/);
  });
});
