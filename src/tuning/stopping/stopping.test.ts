import { describe, expect, it } from 'vitest';
import { Asha, Hyperband, MedianStoppingRule, type Stopper } from './index.js';

describe('every stopper', () => {
  const stoppers: [string, () => Stopper][] = [
    ['ASHA', () => new Asha({ minT: 1, maxT: 9, eta: 3, goal: 'maximize' })],
    ['Hyperband', () => new Hyperband({ minT: 1, maxT: 9, eta: 3, goal: 'maximize', brackets: 1 })],
    ['median', () => new MedianStoppingRule({ goal: 'maximize', minTrials: 2 })],
  ];

  for (const [name, make] of stoppers) {
    describe(name, () => {
      it('stops the worst of three at the first step, keeps it stopped, and judges it afresh once removed', () => {
        const stopper = make();
        stopper.report('a', 1, 0.9);
        stopper.report('b', 1, 0.8);
        expect(stopper.report('c', 1, 0.1).action).toBe('stop');
        expect(stopper.report('c', 2, 0.99).action).toBe('stop');
        stopper.remove('c');
        expect(stopper.report('c', 2, 0.99).action).toBe('continue');
      });

      it('gives the same decisions when the same reports are replayed into a fresh stopper', () => {
        const reports: [string, number, number][] = [];
        for (let t = 1; t <= 9; t++) for (let i = 0; i < 6; i++) reports.push([`t${i}`, t, Math.sin(i * 7 + t)]);
        const decide = () => {
          const stopper = make();
          return reports.map(([id, t, v]) => stopper.report(id, t, v));
        };
        expect(decide()).toEqual(decide());
      });
    });
  }
});
