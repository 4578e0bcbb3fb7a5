import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { MedianStoppingRule, type MedianStoppingOptions } from './median.js';

// Three trials that have reached epoch 3; running averages up to epoch 1 / 2 / 3:
// A .5 / .55 / .6, B .4 / .45 / .5, C .6 / .65 / .7 (medians .5 / .55 / .6).
const HISTORY: Record<string, number[]> = { A: [0.5, 0.6, 0.7], B: [0.4, 0.5, 0.6], C: [0.6, 0.7, 0.8] };

function withHistory(options: Partial<MedianStoppingOptions> = {}, flip = false): MedianStoppingRule {
  const rule = new MedianStoppingRule({ goal: 'maximize', metric: 'val_acc', timeUnit: 'epoch', ...options });
  for (const [id, values] of Object.entries(HISTORY))
    values.forEach((v, i) => expect(rule.report(id, i + 1, flip ? 1 - v : v).action).toBe('continue'));
  return rule;
}

describe('median stopping rule', () => {
  it('waits until min_trials others have reached the step', () => {
    const rule = new MedianStoppingRule({ goal: 'maximize' });
    rule.report('A', 1, 0.9);
    rule.report('B', 1, 0.8);
    expect(rule.report('C', 1, 0.0).action).toBe('continue'); // only 2 others
    expect(rule.report('D', 1, 0.0)).toMatchObject({ action: 'stop', cutoff: 0.8 }); // median of .9, .8, 0
  });

  it('stops a trial whose best so far is worse than the median of the others’ running averages', () => {
    const rule = withHistory();
    expect(rule.report('D', 1, 0.3)).toEqual({
      action: 'stop',
      cutoff: 0.5,
      reason: "val_acc best 0.3 by epoch 1 is worse than the median 0.5 of 3 other trials' running averages up to that epoch",
    });
    // D stays among the others (its average .3), so the median of .5 .4 .6 .3 is (.4 + .5) / 2.
    expect(rule.report('E', 1, 0.45)).toEqual({ action: 'continue', cutoff: 0.45 });
    // At epoch 2 only A, B, C have got that far: median of .55 .45 .65; E's best is .46.
    expect(rule.report('E', 2, 0.46)).toMatchObject({ action: 'stop', cutoff: 0.55 });
    expect(rule.report('E', 3, 0.99).action).toBe('stop');
  });

  it('compares the best value so far, not the latest', () => {
    const rule = withHistory();
    rule.report('F', 1, 0.9);
    expect(rule.report('F', 2, 0.1)).toEqual({ action: 'continue', cutoff: 0.55 });
  });

  it('reverses the order for a minimized metric', () => {
    const rule = withHistory({ goal: 'minimize' }, true); // losses 1 - acc: medians .5 / .45 / .4
    expect(rule.report('D', 1, 0.7)).toMatchObject({ action: 'stop', cutoff: 0.5 });
    expect(rule.report('E', 1, 0.45).action).toBe('continue');
  });

  it('judges nobody before grace_t', () => {
    expect(withHistory({ graceT: 2 }).report('D', 1, 0.0)).toEqual({ action: 'continue' });
  });

  it('stops a trial that reports only NaN, and ranks its average below every number', () => {
    const rule = withHistory();
    expect(rule.report('D', 1, Number.NaN).action).toBe('stop');
    // Averages .5 .4 .6 NaN: NaN sorts last, median (.4 + .5) / 2.
    expect(rule.report('E', 1, 0.45)).toEqual({ action: 'continue', cutoff: 0.45 });
  });

  it('replaces a repeated report at the same step, so a replayed history changes no average', () => {
    const rule = withHistory();
    rule.report('A', 1, 0.5);
    rule.report('A', 1, 0.5);
    expect(rule.report('D', 1, 0.49)).toMatchObject({ action: 'stop', cutoff: 0.5 });
  });

  it('leaves out others that first reported past the step, having no average up to it', () => {
    const rule = withHistory();
    rule.report('G', 5, 0.0);
    expect(rule.report('D', 1, 0.3)).toMatchObject({ cutoff: 0.5 });
  });

  it('completes a trial at max_t when one is set', () => {
    const rule = withHistory({ maxT: 4 });
    expect(rule.report('D', 4, 0.0)).toEqual({ action: 'complete' });
    expect(rule.report('D', 5, 0.9)).toEqual({ action: 'complete' });
  });

  it('rejects bad settings, naming them', () => {
    try {
      new MedianStoppingRule({ goal: 'maximize', minTrials: 0, graceT: -1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FlywheelError);
      expect((e as FlywheelError).issues.map((i) => i.path)).toEqual(['min_trials', 'grace_t']);
    }
  });
});
