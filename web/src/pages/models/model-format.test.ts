import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../api/models-types';
import { aliasChips, aliasMoveText, aliasesByVersion, gateText, keyMetricsText, latestVersion, metricText, modelVersionUrl, signatureSummary, tensorText } from './model-format';

const sig = {
  inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
  outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
};

describe('model formatting', () => {
  describe('signatures', () => {
    it('write a tensor as name, datatype and shape', () => {
      expect(tensorText(sig.inputs[0]!)).toBe('features FP32[-1,4]');
    });
    it('summarise inputs → outputs on one line', () => {
      expect(signatureSummary(sig)).toBe('features FP32[-1,4] → probs FP32[-1,3]');
    });
    it('join several tensors with commas and show a dash with none', () => {
      const two = { inputs: [...sig.inputs, { name: 'mask', datatype: 'BOOL', shape: [-1] }], outputs: sig.outputs };
      expect(signatureSummary(two)).toBe('features FP32[-1,4], mask BOOL[-1] → probs FP32[-1,3]');
      expect(signatureSummary({ inputs: [], outputs: [] })).toBe('—');
      expect(signatureSummary(undefined)).toBe('—');
    });
  });

  describe('aliases', () => {
    const aliases = [
      { alias: 'staging', version: '3' },
      { alias: 'production', version: '2' },
      { alias: 'canary', version: '3' },
    ];
    it('make chips sorted by alias, reading alias → version', () => {
      expect(aliasChips(aliases).map((c) => c.label)).toEqual(['canary → v3', 'production → v2', 'staging → v3']);
    });
    it('group the aliases by the version they point at', () => {
      expect(aliasesByVersion(aliases)).toEqual(
        new Map([
          ['3', ['canary', 'staging']],
          ['2', ['production']],
        ]),
      );
    });
    it('describe a move, a first set and a removal', () => {
      expect(aliasMoveText({ action: 'set', from_version: '2', to_version: '3' })).toBe('v2 → v3');
      expect(aliasMoveText({ action: 'set', from_version: null, to_version: '1' })).toBe('set to v1');
      expect(aliasMoveText({ action: 'delete', from_version: '3', to_version: null })).toBe('removed from v3');
    });
  });

  it('finds the newest version among the latest of each stage', () => {
    const v = (version: string) => ({ version }) as ModelVersion;
    expect(latestVersion({ latest_versions: [v('2'), v('10'), v('7')] })).toBe(10);
    expect(latestVersion({ latest_versions: [] })).toBeUndefined();
  });

  it('shows metrics compactly, reading the wire strings for NaN and infinities', () => {
    expect(metricText(0.123456)).toBe('0.12346');
    expect(metricText('NaN')).toBe('NaN');
    expect(metricText('Infinity')).toBe('∞');
    expect(keyMetricsText({ loss: 0.1, acc: 0.96 })).toBe('acc 0.96 · loss 0.1');
    expect(keyMetricsText({ a: 1, b: 2, c: 3, d: 4 }, 2)).toBe('a 1 · b 2 · +2');
    expect(keyMetricsText({})).toBe('');
  });

  it('writes gates as lines of a gates file', () => {
    expect(gateText({ metric: { metric: 'val_acc', op: '>=', value: 0.9 } })).toBe('metric: val_acc >= 0.9');
    expect(gateText({ latency: { p99_ms: 10, batch_size: 1, runs: 200 } })).toBe('latency: { p99_ms: 10, batch_size: 1, runs: 200 }');
    expect(
      gateText({ beats_current: { dataset: 'iris@eval', file: 'iris.csv', label: 'species', classes: ['a', 'b c'], metric: 'accuracy', min_improvement: 0 } }),
    ).toBe('beats_current: { dataset: iris@eval, file: iris.csv, label: species, classes: [a, "b c"], metric: accuracy, min_improvement: 0 }');
  });

  it('links to a version with the name escaped', () => {
    expect(modelVersionUrl('a b', 3)).toBe('/models/a%20b/versions/3');
  });
});
