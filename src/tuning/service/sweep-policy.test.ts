import { describe, expect, it } from 'vitest';
import type { Trial } from '../../core/tuning-types.js';
import { parseSweepConfig } from '../config/index.js';
import { observations, reachesTarget } from './sweep-policy.js';

const config = (goal: 'minimize' | 'maximize', target?: number) =>
  parseSweepConfig(`name: p\nmetric: {name: m, goal: ${goal}${target === undefined ? '' : `, target: ${target}`}}\nmethod: tpe\nmax_trials: 9\nparameters:\n  x: {min: 0.0, max: 1.0}\n`);

const trial = (number: number, state: Trial['state'], value: number | null, lastT: number | null = null): Trial => ({
  sweepId: 's',
  number,
  state,
  params: { x: number / 10 },
  value,
  lastT,
  reports: 0,
  jobId: null,
  runId: null,
  attempt: 1,
  reason: null,
  createdTime: 0,
  endTime: null,
});

describe('observations', () => {
  it('negates a maximised metric and leaves running, failed and cancelled trials without a value', () => {
    const obs = observations('maximize', [trial(1, 'completed', 0.9), trial(2, 'running', 0.5), trial(3, 'failed', 0.1), trial(4, 'cancelled', null)]);
    expect(obs.map((o) => o.value)).toEqual([-0.9, undefined, undefined, undefined]);
    expect(obs[1]!.params).toEqual({ x: 0.2 });
  });

  it('ranks stopped trials behind every completed one: further first, then by value', () => {
    const obs = observations('minimize', [
      trial(1, 'completed', 5),
      trial(2, 'stopped', 0.1, 1),
      trial(3, 'stopped', 3, 9),
      trial(4, 'completed', 7),
      trial(5, 'stopped', 2, 9),
      trial(6, 'stopped', Number.NaN, 3),
    ]);
    expect(obs.map((o) => o.value)).toEqual([5, 10, 9, 7, 8, undefined]);
  });
});

describe('reachesTarget', () => {
  it('compares in the direction of the goal and never for NaN', () => {
    expect(reachesTarget(config('maximize', 0.9), 0.9)).toBe(true);
    expect(reachesTarget(config('maximize', 0.9), 0.89)).toBe(false);
    expect(reachesTarget(config('minimize', 0.1), 0.05)).toBe(true);
    expect(reachesTarget(config('minimize', 0.1), Number.NaN)).toBe(false);
    expect(reachesTarget(config('minimize'), 0)).toBe(false);
  });
});
