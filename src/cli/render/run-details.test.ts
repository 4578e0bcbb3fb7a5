import { describe, expect, it } from 'vitest';
import { makeRun, NOW } from '../test-support/fixtures.js';
import { renderRunDetails } from './run-details.js';

describe('run details', () => {
  it('shows attributes, sorted params and metrics, user tags, inputs and artifacts', () => {
    const run = makeRun({
      id: 'a1',
      name: 'baseline',
      params: { lr: '0.1', epochs: '10' },
      metrics: { loss: 0.25, acc: NaN },
      tags: { team: 'vision', 'mlflow.user': 'ada', 'mlflow.runName': 'baseline' },
    });
    run.inputs.datasetInputs.push({
      dataset: { name: 'iris', digest: 'd1g', sourceType: 'local', source: 'iris.csv' },
      tags: [{ key: 'mlflow.data.context', value: 'train' }],
    });
    const text = renderRunDetails({
      run,
      experimentName: 'mnist',
      artifacts: [
        { path: 'model', isDir: true },
        { path: 'model/weights.bin', isDir: false, fileSize: 2048 },
      ],
      now: NOW,
    });
    expect(text).toBe(
      [
        'run           a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
        'name          baseline',
        'experiment    mnist (1)',
        'status        FINISHED',
        'user          ada',
        'started       2023-12-31T23:00:00.000Z (1h ago)',
        'ended         2023-12-31T23:01:00.000Z',
        'duration      1m00s',
        'artifact uri  mlflow-artifacts:/1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/artifacts',
        '',
        'params',
        '  epochs  10',
        '  lr      0.1',
        '',
        'metrics (latest)',
        '  acc   NaN  (step 9)',
        '  loss  0.25  (step 9)',
        '',
        'tags',
        '  team  vision',
        '  (2 mlflow.* tags not shown; --json has them)',
        '',
        'inputs',
        '  iris  digest d1g  local: iris.csv  [train]',
        '',
        'artifacts',
        '  model/',
        '  model/weights.bin  2.0 KiB',
        '',
      ].join('\n'),
    );
  });

  it('says "so far" for a run still running and "(none)" for empty sections', () => {
    const text = renderRunDetails({ run: makeRun({ id: 'b2', status: 'RUNNING', durationMs: null }), now: NOW });
    expect(text).toContain('duration      1h00m so far');
    expect(text).toContain('params\n  (none)');
    expect(text).not.toContain('\nartifacts\n');
  });
});
