import { describe, expect, it } from 'vitest';
import type { Run } from '../../api/types';
import { bestRuns, defaultMetric, differingKeys, isNumericParam, lowerIsBetter, toComparedRun, unionKeys } from './compare-data';

function run(id: string, params: Record<string, string>, metrics: Record<string, number | 'NaN'>): Run {
  return {
    info: { run_id: id, run_name: id, experiment_id: '0', user_id: '', status: 'FINISHED', start_time: 0, artifact_uri: '', lifecycle_stage: 'active' },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: 0 })),
      tags: [
        { key: 'mlflow.runName', value: id },
        { key: 'team', value: 'a' },
      ],
    },
    inputs: { dataset_inputs: [] },
  };
}

const runs = [
  run('a', { lr: '0.1', opt: 'adam', epochs: '10' }, { 'val/loss': 0.5, acc: 0.8 }),
  run('b', { lr: '1e-2', opt: 'sgd', epochs: '10' }, { 'val/loss': 0.3, acc: 0.9 }),
  run('c', { opt: 'sgd', epochs: '10' }, { 'val/loss': 'NaN', acc: 0.9 }),
].map((r) => toComparedRun(r, 'red'));

describe('compare data', () => {
  it('leaves mlflow system tags out', () => {
    expect([...runs[0]!.tags.keys()]).toEqual(['team']);
  });

  it('lists every key, and as differing only those not the same in every run', () => {
    expect(unionKeys(runs, (r) => r.params)).toEqual(['epochs', 'lr', 'opt']);
    expect(differingKeys(runs, (r) => r.params)).toEqual(['lr', 'opt']);
  });

  it('reads a param as numeric when every run that has it has a number', () => {
    expect(isNumericParam(runs, 'lr')).toBe(true);
    expect(isNumericParam(runs, 'opt')).toBe(false);
    expect(isNumericParam(runs, 'missing')).toBe(false);
  });

  it('knows losses and errors are better low, by the tokens of their name', () => {
    expect(lowerIsBetter('val/loss')).toBe(true);
    expect(lowerIsBetter('train_error_rate')).toBe(true);
    expect(lowerIsBetter('eval.rmse')).toBe(true);
    expect(lowerIsBetter('accuracy')).toBe(false);
    expect(lowerIsBetter('power')).toBe(false);
  });

  describe('the best run of a metric', () => {
    it('is the lowest loss, ignoring NaN', () => {
      expect([...bestRuns(runs, 'val/loss')]).toEqual(['b']);
    });

    it('is shared by ties', () => {
      expect([...bestRuns(runs, 'acc')].sort()).toEqual(['b', 'c']);
    });

    it('is none when fewer than two runs have the metric', () => {
      expect(bestRuns(runs.slice(0, 1), 'acc').size).toBe(0);
    });
  });

  it('starts on a validation metric when there is one', () => {
    expect(defaultMetric(['lr', 'train/loss', 'val/accuracy'])).toBe('val/accuracy');
    expect(defaultMetric(['lr', 'throughput'])).toBe('lr');
    expect(defaultMetric([])).toBeUndefined();
  });
});
