import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { Hyperband } from './hyperband.js';

const budget = { minT: 1, maxT: 81, eta: 3, goal: 'maximize' } as const;
const feed = (hb: Hyperband, n: number) => {
  for (let i = 0; i < n; i++) hb.report(`t${i}`, 0, 0);
  return Array.from({ length: n }, (_, i) => hb.bracketOf(`t${i}`));
};

describe('Hyperband', () => {
  describe('brackets', () => {
    it('has s_max + 1 brackets, bracket s starting at min_t * eta^s, weighted as synchronous Hyperband', () => {
      const hb = new Hyperband(budget);
      expect(hb.sMax).toBe(4);
      expect(hb.bracketInfo().map(({ s, milestones, weight }) => ({ s, milestones, weight }))).toEqual([
        { s: 0, milestones: [1, 3, 9, 27, 81], weight: 81 },
        { s: 1, milestones: [3, 9, 27, 81], weight: 34 },
        { s: 2, milestones: [9, 27, 81], weight: 15 },
        { s: 3, milestones: [27, 81], weight: 8 },
        { s: 4, milestones: [81], weight: 5 },
      ]);
    });

    it('takes s_max as floor(log_eta(max_t / min_t))', () => {
      expect(new Hyperband({ ...budget, maxT: 27 }).sMax).toBe(3);
      expect(new Hyperband({ ...budget, minT: 2, maxT: 50 }).sMax).toBe(2); // 2, 6, 18
      expect(new Hyperband({ ...budget, maxT: 1 }).sMax).toBe(0);
    });

    it('uses only the first brackets when asked for fewer, and rejects more than s_max + 1', () => {
      expect(new Hyperband({ ...budget, brackets: 2 }).bracketInfo().map((b) => b.s)).toEqual([0, 1]);
      expect(() => new Hyperband({ ...budget, brackets: 6 })).toThrow(FlywheelError);
      expect(() => new Hyperband({ ...budget, brackets: 0 })).toThrow(FlywheelError);
    });
  });

  describe('assigning trials', () => {
    it('fills the brackets in the proportions of one synchronous Hyperband round', () => {
      const hb = new Hyperband(budget);
      // By hand: each trial goes to the bracket furthest below weight/143 * trials so far.
      expect(feed(hb, 12)).toEqual([0, 1, 0, 2, 0, 1, 0, 0, 3, 0, 1, 0]);
    });

    it('holds exactly 81, 34, 15, 8 and 5 trials after 143', () => {
      const hb = new Hyperband(budget);
      feed(hb, 143);
      expect(hb.bracketInfo().map((b) => b.assigned)).toEqual([81, 34, 15, 8, 5]);
    });

    it('cycles through the brackets with round-robin', () => {
      expect(feed(new Hyperband({ ...budget, assignment: 'round-robin' }), 7)).toEqual([0, 1, 2, 3, 4, 0, 1]);
    });

    it('keeps a trial in its bracket after it is removed', () => {
      const hb = new Hyperband(budget);
      feed(hb, 2);
      hb.remove('t1');
      expect(hb.report('t1', 0, 0).bracket).toBe(1);
      expect(hb.bracketInfo()[1]!.assigned).toBe(1);
    });
  });

  describe('each bracket is its own ASHA', () => {
    it('judges a trial only from its bracket’s first rung, against its bracket’s trials', () => {
      const hb = new Hyperband({ ...budget, assignment: 'round-robin' });
      // t0 -> bracket 0, t1 -> bracket 1, t2 -> 2, t3 -> 3, t4 -> 4, t5 -> 0, t6 -> 1 ...
      expect(hb.report('t0', 1, 0.5)).toEqual({ action: 'continue', rung: 0, milestone: 1, bracket: 0 });
      expect(hb.report('t1', 1, 0.1)).toEqual({ action: 'continue', bracket: 1 }); // bracket 1 starts at 3
      expect(hb.report('t1', 3, 0.1)).toEqual({ action: 'continue', rung: 0, milestone: 3, bracket: 1 });
      ['t2', 't3', 't4'].forEach((id) => hb.report(id, 0, 0));
      expect(hb.report('t5', 1, 0.4).action).toBe('continue'); // bracket 0: n=2
      ['t6', 't7', 't8', 't9'].forEach((id) => hb.report(id, 0, 0));
      expect(hb.report('t10', 1, 0.3)).toMatchObject({ action: 'stop', bracket: 0, cutoff: 0.5 }); // bracket 0: n=3
      expect(hb.report('t6', 3, 0.05).action).toBe('continue'); // bracket 1: n=2, t0's rung is not counted
    });

    it('never cuts a trial in the last bracket, which starts at max_t', () => {
      const hb = new Hyperband({ ...budget, assignment: 'round-robin' });
      feed(hb, 5);
      expect(hb.report('t4', 80, 0).action).toBe('continue');
      expect(hb.report('t4', 81, 0)).toEqual({ action: 'complete', rung: 0, milestone: 81, bracket: 4 });
    });
  });
});
