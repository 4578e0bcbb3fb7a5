import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import type { Observation, SearchSpace } from '../space/space-types.js';
import { GridSampler, assignmentKey } from './grid.js';

describe('GridSampler', () => {
  describe('when every parameter is finite', () => {
    const space: SearchSpace = {
      parameters: [
        { name: 'hidden', spec: { kind: 'categorical', values: [16, 32] } },
        { name: 'layers', spec: { kind: 'int_uniform', min: 1, max: 3 } },
        { name: 'dropout', spec: { kind: 'q_uniform', min: 0, max: 0.2, q: 0.1 } },
        { name: 'act', spec: { kind: 'constant', value: 'relu' } },
      ],
    };

    it('enumerates the cartesian product, the last parameter varying fastest', () => {
      const grid = new GridSampler(space);
      const points = [...grid.points()];
      expect(grid.size()).toBe(2 * 3 * 3);
      expect(points).toHaveLength(18);
      expect(points.slice(0, 4)).toEqual([
        { hidden: 16, layers: 1, dropout: 0, act: 'relu' },
        { hidden: 16, layers: 1, dropout: 0.1, act: 'relu' },
        { hidden: 16, layers: 1, dropout: 0.2, act: 'relu' },
        { hidden: 16, layers: 2, dropout: 0, act: 'relu' },
      ]);
      expect(points[17]).toEqual({ hidden: 32, layers: 3, dropout: 0.2, act: 'relu' });
      expect(new Set(points.map(assignmentKey)).size).toBe(18);
    });

    it('returns the first untried point and undefined once all are tried', () => {
      const grid = new GridSampler(space);
      const history: Observation[] = [];
      for (let i = 0; i < 18; i++) {
        const next = grid.next(history)!;
        expect(next).toBeDefined();
        // Alternate finished and running trials: both count as tried.
        history.push(i % 2 === 0 ? { params: next, value: i } : { params: next });
      }
      expect(grid.next(history)).toBeUndefined();
      expect(new Set(history.map((o) => assignmentKey(o.params))).size).toBe(18);
    });

    it('skips points tried out of order, whatever the key order of their params', () => {
      const grid = new GridSampler(space);
      const history: Observation[] = [{ params: { act: 'relu', dropout: 0, layers: 1, hidden: 16 }, value: 1 }];
      expect(grid.next(history)).toEqual({ hidden: 16, layers: 1, dropout: 0.1, act: 'relu' });
    });
  });

  it('keeps the last q_uniform point despite float rounding and prints clean values', () => {
    const grid = new GridSampler({ parameters: [{ name: 'd', spec: { kind: 'q_uniform', min: 0, max: 0.3, q: 0.1 } }] });
    expect([...grid.points()].map((p) => p.d)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  describe('when a parameter is conditional', () => {
    const space: SearchSpace = {
      parameters: [
        // Declared before its parent on purpose: the order follows the dependency.
        { name: 'momentum', spec: { kind: 'categorical', values: [0.9, 0.99] }, condition: { parameter: 'optimizer', values: ['sgd'] } },
        { name: 'optimizer', spec: { kind: 'categorical', values: ['adam', 'sgd'] } },
        { name: 'nesterov', spec: { kind: 'categorical', values: [true, false] }, condition: { parameter: 'momentum', values: [0.99] } },
      ],
    };

    it('varies it only where its condition holds and leaves it out elsewhere', () => {
      const points = [...new GridSampler(space).points()];
      expect(points).toEqual([
        { optimizer: 'adam' },
        { optimizer: 'sgd', momentum: 0.9 },
        { optimizer: 'sgd', momentum: 0.99, nesterov: true },
        { optimizer: 'sgd', momentum: 0.99, nesterov: false },
      ]);
    });
  });

  describe('when the space is not finite or not well formed', () => {
    it.each(['uniform', 'log_uniform'] as const)('rejects a %s parameter, naming it', (kind) => {
      const space: SearchSpace = {
        parameters: [
          { name: 'hidden', spec: { kind: 'categorical', values: [16, 32] } },
          { name: 'optimizer.lr', spec: { kind, min: 0.001, max: 0.1 } },
        ],
      };
      const error = catchError(() => new GridSampler(space));
      expect(error).toBeInstanceOf(FlywheelError);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('optimizer.lr');
      expect(error.issues[0]?.path).toBe('optimizer.lr');
    });

    it('rejects a normal parameter', () => {
      const error = catchError(() => new GridSampler({ parameters: [{ name: 'w', spec: { kind: 'normal', mu: 0, sigma: 1 } }] }));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('"w"');
    });

    it('rejects a log_uniform range that reaches zero', () => {
      const error = catchError(() => new GridSampler({ parameters: [{ name: 'lr', spec: { kind: 'log_uniform', min: 0, max: 1 } }] }));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.issues[0]?.message).toContain('lr');
    });

    it('rejects a condition on an unknown parameter and a cycle of conditions', () => {
      const unknown = catchError(
        () => new GridSampler({ parameters: [{ name: 'a', spec: { kind: 'constant', value: 1 }, condition: { parameter: 'b', values: [1] } }] }),
      );
      expect(unknown.code).toBe('INVALID_ARGUMENT');
      const cycle = catchError(
        () =>
          new GridSampler({
            parameters: [
              { name: 'a', spec: { kind: 'constant', value: 1 }, condition: { parameter: 'b', values: [1] } },
              { name: 'b', spec: { kind: 'constant', value: 1 }, condition: { parameter: 'a', values: [1] } },
            ],
          }),
      );
      expect(cycle.code).toBe('INVALID_ARGUMENT');
      expect(cycle.message).toContain('cycle');
    });
  });
});

function catchError(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FlywheelError) return e;
    throw e;
  }
  throw new Error('expected a FlywheelError');
}
