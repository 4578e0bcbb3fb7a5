import { describe, expect, it } from 'vitest';
import { makeRun, NOW } from '../test-support/fixtures.js';
import { compareRuns, metricGoal, renderComparison } from './run-comparison.js';

const a = makeRun({ id: 'a1', name: 'small', params: { lr: '0.1', epochs: '10' }, metrics: { val_acc: 0.91, val_loss: 0.4, f1: 0.8 } });
const b = makeRun({ id: 'b2', name: 'big', params: { lr: '0.01', epochs: '10', dropout: '0.5' }, metrics: { val_acc: 0.95, val_loss: 0.2, f1: 0.8 } });

describe('run comparison', () => {
  it('marks params and metrics that differ, with null where a run lacks a key', () => {
    const c = compareRuns([a, b]);
    expect(c.params).toEqual([
      { key: 'dropout', values: [null, '0.5'], differs: true },
      { key: 'epochs', values: ['10', '10'], differs: false },
      { key: 'lr', values: ['0.1', '0.01'], differs: true },
    ]);
    expect(c.metrics.find((m) => m.key === 'f1')).toMatchObject({ differs: false, bestRunIds: [] });
  });

  it('picks the highest value as best, or the lowest for loss- and error-like names', () => {
    const c = compareRuns([a, b]);
    expect(c.metrics.find((m) => m.key === 'val_acc')).toMatchObject({ goal: 'max', bestRunIds: [b.info.runId] });
    expect(c.metrics.find((m) => m.key === 'val_loss')).toMatchObject({ goal: 'min', bestRunIds: [b.info.runId] });
    expect(metricGoal('test_error_rate')).toBe('min');
    expect(metricGoal('auc')).toBe('max');
  });

  it('ignores NaN when ranking and reports every run that ties for best', () => {
    const runs = [makeRun({ id: 'c3', metrics: { acc: NaN } }), makeRun({ id: 'd4', metrics: { acc: 0.9 } }), makeRun({ id: 'e5', metrics: { acc: 0.9 } }), makeRun({ id: 'f6', metrics: { acc: 0.5 } })];
    expect(compareRuns(runs).metrics[0]!.bestRunIds).toEqual([runs[1]!.info.runId, runs[2]!.info.runId]);
  });

  it('renders runs side by side with the marks and a legend', () => {
    expect(renderComparison(compareRuns([a, b]), NOW)).toBe(
      [
        '   run           a1a1a1a1  b2b2b2b2',
        '   name          small     big',
        '   status        FINISHED  FINISHED',
        '   duration      1m00s     1m00s',
        '   params',
        '≠    dropout     -         0.5',
        '     epochs      10        10',
        '≠    lr          0.1       0.01',
        '   metrics',
        '     f1 ↑        0.8       0.8',
        '≠    val_acc ↑   0.91      0.95 *',
        '≠    val_loss ↓  0.4       0.2 *',
        '≠ differs   * best (↑ higher is better, ↓ lower is better)',
        '',
      ].join('\n'),
    );
  });
});
