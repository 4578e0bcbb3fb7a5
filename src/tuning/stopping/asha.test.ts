import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { Asha } from './asha.js';

const acc = () => new Asha({ minT: 1, maxT: 27, eta: 3, goal: 'maximize', metric: 'val_acc', timeUnit: 'epoch' });

describe('ASHA', () => {
  describe('rungs', () => {
    it('puts milestones at min_t * eta^k up to max_t', () => {
      expect(acc().milestones).toEqual([1, 3, 9, 27]);
      expect(new Asha({ minT: 2, maxT: 50, eta: 3, goal: 'maximize' }).milestones).toEqual([2, 6, 18]);
      expect(new Asha({ minT: 1, maxT: 16, eta: 2, goal: 'minimize' }).milestones).toEqual([1, 2, 4, 8, 16]);
    });

    it('keeps a top rung that Math.log rounding would drop', () => {
      // log(243) / log(3) is 4.999999999999999 in floating point.
      expect(new Asha({ minT: 1, maxT: 243, eta: 3, goal: 'maximize' }).milestones).toHaveLength(6);
      expect(new Asha({ minT: 0.1, maxT: 2.7, eta: 3, goal: 'maximize' }).milestones).toHaveLength(4);
    });

    it('rejects a budget that makes no rungs, naming each bad setting', () => {
      const make = () => new Asha({ minT: 0, maxT: -1, eta: 1, goal: 'maximize' });
      expect(make).toThrow(FlywheelError);
      try {
        make();
      } catch (e) {
        expect((e as FlywheelError).code).toBe('INVALID_ARGUMENT');
        expect((e as FlywheelError).issues.map((i) => i.path)).toEqual(['min_t', 'max_t', 'reduction_factor']);
      }
    });

    it('rejects a time step that is negative or not a number', () => {
      expect(() => acc().report('a', -1, 0.5)).toThrow(FlywheelError);
      expect(() => acc().report('a', Number.NaN, 0.5)).toThrow(FlywheelError);
    });
  });

  describe('when trials arrive at rungs one by one', () => {
    it('keeps only the top 1/eta of the values recorded so far, promoting while a rung holds fewer than eta', () => {
      const asha = acc();
      const at1 = (id: string, v: number) => asha.report(id, 1, v);
      // Rung 0 (epoch 1). n = values recorded there including this one, keep = floor(n / 3).
      expect(at1('A', 0.5)).toEqual({ action: 'continue', rung: 0, milestone: 1 }); // n=1 < 3
      expect(at1('B', 0.6).action).toBe('continue'); // n=2 < 3
      expect(at1('C', 0.4)).toMatchObject({ action: 'stop', cutoff: 0.6 }); // n=3, keep 1: best is 0.6
      expect(at1('D', 0.7)).toMatchObject({ action: 'continue', cutoff: 0.7 }); // n=4, keep 1: D is best
      expect(at1('E', 0.65)).toMatchObject({ action: 'stop', cutoff: 0.7 }); // n=5, keep 1
      expect(at1('F', 0.55)).toMatchObject({ action: 'stop', cutoff: 0.65 }); // n=6, keep 2: 0.7, 0.65
      expect(at1('G', 0.66)).toMatchObject({ action: 'continue', cutoff: 0.66 }); // n=7, keep 2: 0.7, 0.66

      // Rung 1 (epoch 3).
      expect(asha.report('A', 3, 0.6)).toEqual({ action: 'continue', rung: 1, milestone: 3 }); // n=1
      expect(asha.report('B', 2, 0.62)).toEqual({ action: 'continue' }); // between milestones
      expect(asha.report('B', 5, 0.64)).toMatchObject({ action: 'continue', rung: 1 }); // first report past 3 counts for rung 1
      expect(asha.report('D', 3, 0.5)).toEqual({
        action: 'stop',
        rung: 1,
        milestone: 3,
        cutoff: 0.64,
        reason: 'val_acc 0.5 at epoch 3 is not in the top 1/3 of 3 trials at that rung (cutoff 0.64)',
      });
      expect(asha.report('G', 3, 0.7)).toMatchObject({ action: 'continue', cutoff: 0.7 }); // n=4, keep 1
      expect(asha.rungValues(0)).toEqual([0.5, 0.6, 0.4, 0.7, 0.65, 0.55, 0.66]);
      expect(asha.rungValues(1)).toEqual([0.6, 0.64, 0.5, 0.7]);
    });

    it('explains a stop with the value, the step, the fraction kept, the rung size and the cutoff', () => {
      const asha = new Asha({ minT: 2, maxT: 54, eta: 3, goal: 'maximize', metric: 'val_acc', timeUnit: 'epoch' });
      [0.9, 0.85, 0.78, 0.6, 0.5, 0.4, 0.3, 0.2].forEach((v, i) => asha.report(`t${i}`, 6, v));
      // n=9, keep 3: 0.9, 0.85, 0.78.
      expect(asha.report('t8', 6, 0.71).reason).toBe(
        'val_acc 0.71 at epoch 6 is not in the top 1/3 of 9 trials at that rung (cutoff 0.78)',
      );
    });

    it('lets a value equal to the cutoff through', () => {
      const asha = acc();
      ['A', 'B', 'C'].forEach((id) => expect(asha.report(id, 1, 0.5).action).toBe('continue'));
    });

    it('reverses the order for a minimized metric', () => {
      const run = (goal: 'minimize' | 'maximize') => {
        const asha = new Asha({ minT: 1, maxT: 27, eta: 3, goal });
        return [0.5, 0.4, 0.6, 0.3].map((v, i) => asha.report(`t${i}`, 1, v).action);
      };
      // n=3 keeps the best one: 0.4 when minimizing (0.6 stops), 0.6 when maximizing.
      expect(run('minimize')).toEqual(['continue', 'continue', 'stop', 'continue']);
      expect(run('maximize')).toEqual(['continue', 'continue', 'continue', 'stop']);
    });
  });

  describe('when a trial reports NaN', () => {
    it('stops that trial even on an almost empty rung', () => {
      const d = acc().report('A', 1, Number.NaN);
      expect(d).toMatchObject({ action: 'stop', rung: 0 });
      expect(d.reason).toBe('val_acc is NaN at epoch 1: the trial diverged');
    });

    it('ranks the NaN below every number, for either goal', () => {
      for (const goal of ['minimize', 'maximize'] as const) {
        const asha = new Asha({ minT: 1, maxT: 27, eta: 3, goal });
        asha.report('A', 1, Number.NaN);
        asha.report('B', 1, Number.NaN);
        // n=3, keep 1: the only number is the best, whatever the goal.
        expect(asha.report('C', 1, 1e9 * (goal === 'minimize' ? 1 : -1))).toMatchObject({ action: 'continue' });
      }
    });
  });

  describe('when reports repeat or skip milestones', () => {
    it('keeps the first value recorded at a rung and does not judge a repeat', () => {
      const asha = acc();
      asha.report('A', 1, 0.5);
      expect(asha.report('A', 1, 0.1)).toEqual({ action: 'continue' });
      expect(asha.rungValues(0)).toEqual([0.5]);
    });

    it('records a trial that skips milestones only at the highest rung it reached', () => {
      const asha = acc();
      expect(asha.report('A', 10, 0.5)).toMatchObject({ action: 'continue', rung: 2, milestone: 9 });
      expect(asha.report('A', 11, 0.5)).toEqual({ action: 'continue' });
      expect([asha.rungValues(0), asha.rungValues(1), asha.rungValues(2)]).toEqual([[], [], [0.5]]);
    });

    it('returns the same stop to a stopped trial that reports again, without recording it', () => {
      const asha = acc();
      ['A', 'B'].forEach((id) => asha.report(id, 1, 0.9));
      const stop = asha.report('C', 1, 0.1);
      expect(stop.action).toBe('stop');
      expect(asha.report('C', 3, 0.99)).toBe(stop);
      expect(asha.rungValues(1)).toEqual([]);
    });

    it('judges a removed trial afresh but keeps its recorded value as history', () => {
      const asha = acc();
      ['A', 'B'].forEach((id) => asha.report(id, 1, 0.9));
      asha.report('C', 1, 0.1);
      asha.remove('C');
      expect(asha.report('C', 2, 0.1)).toEqual({ action: 'continue' });
      expect(asha.rungValues(0)).toEqual([0.9, 0.9, 0.1]);
    });
  });

  describe('at max_t', () => {
    it('completes the trial, at or past max_t, and keeps saying so', () => {
      const asha = acc();
      expect(asha.report('A', 27, 0.5)).toEqual({ action: 'complete', rung: 3, milestone: 27 });
      expect(asha.report('A', 28, 0.5)).toEqual({ action: 'complete', rung: 3, milestone: 27 });
      expect(asha.report('B', 30, 0.1).action).toBe('complete');
    });

    it('completes at max_t when max_t is not itself a rung', () => {
      const asha = new Asha({ minT: 2, maxT: 50, eta: 3, goal: 'maximize' });
      expect(asha.report('A', 50, 0.5)).toEqual({ action: 'complete', rung: 2, milestone: 18 });
    });
  });
});
