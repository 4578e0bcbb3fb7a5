import { describe, expect, it } from 'vitest';
import { earlyStopText, formatParam, metricText, sweepProgress, timeBudgetText } from './sweep-format';

const counts = { total: 10, running: 3, completed: 5, stopped: 1, failed: 1, cancelled: 0 };

describe('sweep formatting', () => {
  it('counts every trial that is not running as done, out of max_trials', () => {
    expect(sweepProgress({ counts, max_trials: 60, grid_size: null })).toEqual({ done: 7, limit: 60, text: '7 / 60' });
  });
  it('uses the grid size when a grid sweep has no limit, and no denominator when neither is known', () => {
    expect(sweepProgress({ counts, max_trials: null, grid_size: 12 }).text).toBe('7 / 12');
    expect(sweepProgress({ counts, max_trials: null, grid_size: null }).text).toBe('7');
  });
  it('shows the goal as an arrow and the target when there is one', () => {
    expect(metricText({ name: 'loss', goal: 'minimize', target: null })).toBe('loss ↓');
    expect(metricText({ name: 'val_acc', goal: 'maximize', target: 0.97 })).toBe('val_acc ↑ to 0.97');
  });
  it('describes each early stopper and says off without one', () => {
    expect(earlyStopText(null)).toBe('off');
    expect(earlyStopText({ type: 'asha', time_metric: 'epoch', min_t: 2, max_t: 50, reduction_factor: 3 })).toBe('ASHA on epoch: min 2, max 50, reduction ×3');
    expect(earlyStopText({ type: 'hyperband', time_metric: 'epoch', min_t: 1, max_t: 27, reduction_factor: 3 })).toBe('Hyperband on epoch: min 1, max 27, reduction ×3');
    expect(earlyStopText({ type: 'median', time_metric: 'step', grace_t: 5, min_trials: 4 })).toBe('median on step: after 5, once 4 trials report');
  });
  it('formats parameter values of every type', () => {
    expect(formatParam(0.000123456)).toBe('1.2346e-4');
    expect(formatParam(64)).toBe('64');
    expect(formatParam('adam')).toBe('adam');
    expect(formatParam(true)).toBe('true');
    expect(formatParam(undefined)).toBe('—');
    expect(formatParam(null)).toBe('—');
  });
  it('shows a time budget as a duration', () => {
    expect(timeBudgetText(null)).toBe('none');
    expect(timeBudgetText(3600)).toBe('1 h 00 m');
  });
});
