import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../sdk/index.js';
import { NOW } from '../test-support/fixtures.js';
import { renderExperimentsTable } from './experiments-table.js';

const experiment = (id: string, name: string, stage: Experiment['lifecycleStage'] = 'active'): Experiment => ({
  experimentId: id,
  name,
  artifactLocation: `mlflow-artifacts:/${id}`,
  lifecycleStage: stage,
  creationTime: NOW - 2 * 86_400_000,
  lastUpdateTime: NOW - 3_600_000,
  tags: [],
});

describe('experiments table', () => {
  it('lists id, name and ages, ids aligned right', () => {
    expect(renderExperimentsTable([experiment('0', 'Default'), experiment('12', 'mnist')], { now: NOW, showStage: false })).toBe(
      ['id  name     created  updated', ' 0  Default  2d ago   1h ago', '12  mnist    2d ago   1h ago', ''].join('\n'),
    );
  });

  it('adds the stage when deleted experiments are listed', () => {
    const text = renderExperimentsTable([experiment('3', 'old', 'deleted')], { now: NOW, showStage: true });
    expect(text.split('\n')[1]).toBe(' 3  old   deleted  2d ago   1h ago');
  });

  it('says so when there are none', () => {
    expect(renderExperimentsTable([], { now: NOW, showStage: false })).toBe('no experiments\n');
  });
});
