import { describe, expect, it } from 'vitest';
import type { ModelVersion, RegisteredModel } from '../../sdk/index.js';
import { parseModelRef, parseVersionArg } from '../model-ref.js';
import { NOW } from '../test-support/fixtures.js';
import { renderAliasHistory, renderModelDetails, renderModelsTable, renderVersionDetails, renderVersionsTable, versionLabel } from './models-render.js';

const HOUR = 3_600_000;

function version(over: Partial<ModelVersion> = {}): ModelVersion {
  return {
    name: 'iris',
    version: 1,
    creationTime: NOW - 2 * HOUR,
    lastUpdatedTime: NOW - 2 * HOUR,
    description: '',
    userId: 'ann',
    source: 'runs:/0123456789abcdef/model',
    runId: '0123456789abcdef',
    status: 'READY',
    statusMessage: '',
    currentStage: 'None',
    tags: [],
    aliases: [],
    format: 'onnx',
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }] },
    metrics: { val_acc: 0.9667, acc: 0.975, loss: 0.08123, val_loss: Number.NaN },
    datasets: [{ name: 'iris', digest: 'abcdef0123456789' }],
    manifestHash: '',
    files: 1,
    sizeBytes: 2048,
    ...over,
  };
}

function model(over: Partial<RegisteredModel> = {}): RegisteredModel {
  return {
    name: 'iris',
    description: 'flowers',
    creationTime: NOW - 3 * HOUR,
    lastUpdatedTime: NOW - HOUR,
    tags: [{ key: 'team', value: 'vision' }],
    aliases: [{ alias: 'production', version: 2 }],
    latestVersions: [version({ version: 2 })],
    ...over,
  };
}

describe('model registry rendering', () => {
  it('labels a version with its aliases', () => {
    expect(versionLabel({ version: 3, aliases: [] })).toBe('v3');
    expect(versionLabel({ version: 3, aliases: ['production', 'canary'] })).toBe('v3 (production, canary)');
  });

  it('lists models with their newest version and aliases', () => {
    expect(renderModelsTable([model(), model({ name: 'empty', latestVersions: [], aliases: [], description: '' })], NOW)).toBe(
      ['name   latest  aliases        updated  description', 'iris   v2      production→v2  1h ago   flowers', 'empty  -       -              1h ago   -', ''].join('\n'),
    );
    expect(renderModelsTable([], NOW)).toBe('no registered models\n');
  });

  it('lists versions with format, size, a few metrics and the run', () => {
    const out = renderVersionsTable([version({ version: 2, aliases: ['production'], sizeBytes: 5 * 1024 * 1024 }), version()], NOW);
    expect(out.split('\n')).toEqual([
      'version  aliases     format     size  metrics                                  run       created',
      'v2       production  onnx    5.0 MiB  acc=0.975 loss=0.08123 val_acc=0.9667 …  01234567  2h ago',
      'v1       -           onnx    2.0 KiB  acc=0.975 loss=0.08123 val_acc=0.9667 …  01234567  2h ago',
      '',
    ]);
    expect(renderVersionsTable([], NOW)).toBe('no versions\n');
  });

  it('shows a model with its aliases and tags, then its versions', () => {
    const out = renderModelDetails(model(), [version({ version: 2, aliases: ['production'] })], NOW);
    expect(out).toContain('model        iris\n');
    expect(out).toContain('aliases      production → v2\n');
    expect(out).toContain('tags         team=vision\n');
    expect(out).toMatch(/\nversion\s+aliases/);
  });

  it('shows one version: signature, metrics (NaN included) and datasets', () => {
    const out = renderVersionDetails(version({ aliases: ['canary'], description: 'first' }), NOW);
    expect(out).toContain('version      v1 (canary)\n');
    expect(out).toContain('files        1 (2.0 KiB)\n');
    expect(out).toContain('created      2023-12-31T22:00:00.000Z (2h ago) by ann\n');
    expect(out).toContain('datasets     iris@abcdef01\n');
    expect(out).toContain('inputs\n  x FP32 [-1,4]\noutputs\n  probs FP32 [-1,3]\n');
    expect(out).toContain('  val_loss  NaN\n');
  });

  it('shows alias changes, newest first', () => {
    const out = renderAliasHistory(
      [
        { name: 'iris', alias: 'production', action: 'delete', fromVersion: 2, toVersion: null, userId: '', time: NOW - HOUR },
        { name: 'iris', alias: 'production', action: 'set', fromVersion: 1, toVersion: 2, userId: 'bob', time: NOW - 2 * HOUR },
        { name: 'iris', alias: 'production', action: 'set', fromVersion: null, toVersion: 1, userId: 'ann', time: NOW - 3 * HOUR },
      ],
      NOW,
    );
    expect(out.split('\n')).toEqual([
      'time                      age     alias       change            user',
      '2023-12-31T23:00:00.000Z  1h ago  production  removed (was v2)  -',
      '2023-12-31T22:00:00.000Z  2h ago  production  v1 → v2           bob',
      '2023-12-31T21:00:00.000Z  3h ago  production  - → v1            ann',
      '',
    ]);
    expect(renderAliasHistory([], NOW)).toBe('no alias changes\n');
  });
});

describe('model references on the command line', () => {
  it('reads name, name@alias and name/version', () => {
    expect(parseModelRef('iris')).toEqual({ name: 'iris' });
    expect(parseModelRef('iris@production')).toEqual({ name: 'iris', alias: 'production' });
    expect(parseModelRef('iris/3')).toEqual({ name: 'iris', version: 3 });
    expect(parseVersionArg('v4')).toBe(4);
  });

  it('refuses malformed references', () => {
    for (const bad of ['', 'iris@', '@prod', 'iris/', 'iris/x', 'iris/0', 'a@b/3']) expect(() => parseModelRef(bad), bad).toThrow();
    expect(() => parseVersionArg('abc')).toThrow();
  });
});
