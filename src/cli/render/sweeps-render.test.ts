import { describe, expect, it } from 'vitest';
import { NOW } from '../test-support/fixtures.js';
import { makeSweep, makeTrial } from '../test-support/sweep-fixtures.js';
import { renderBestTrial, renderSweepDetails } from './sweep-details.js';
import { formatParameter, formatProgress, paramNames } from './sweep-format.js';
import { renderSweepsTable, renderTrialsTable } from './sweeps-table.js';

const ended = { total: 12, running: 0, completed: 12, stopped: 0, failed: 0, cancelled: 0 };

describe('sweep rendering', () => {
  it('counts ended trials against max_trials, the grid, or nothing', () => {
    expect(formatProgress(makeSweep())).toBe('9/60');
    expect(formatProgress(makeSweep({ maxTrials: null, gridSize: 12, counts: ended }))).toBe('12/12');
    expect(formatProgress(makeSweep({ maxTrials: null, gridSize: null }))).toBe('9');
  });

  it('describes each kind of parameter and its condition', () => {
    expect(
      [
        { name: 'lr', kind: 'log_uniform', min: 0.0001, max: 0.1 },
        { name: 'h', kind: 'categorical', values: [16, 'wide', true] },
        { name: 'm', kind: 'uniform', min: 0, max: 1, condition: { parameter: 'opt', values: ['sgd', 'nesterov'] } },
        { name: 'seed', kind: 'constant', value: 7 },
        { name: 'drop', kind: 'q_uniform', min: 0, max: 0.5, q: 0.1 },
        { name: 'init', kind: 'normal', mu: 0, sigma: 0.1 },
      ].map((p) => formatParameter(p as Parameters<typeof formatParameter>[0])),
    ).toEqual([
      ['lr', 'log_uniform', '1e-4 .. 0.1'],
      ['h', 'categorical', '16, wide, true'],
      ['m', 'uniform', '0 .. 1  (when opt is sgd or nesterov)'],
      ['seed', 'constant', '7'],
      ['drop', 'q_uniform', '0 .. 0.5 step 0.1'],
      ['init', 'normal', 'mean 0, sd 0.1'],
    ]);
  });

  it('orders parameter columns as the space does, then any others by name', () => {
    const trials = [makeTrial({ params: { z: 1, hidden: 2 } }), makeTrial({ params: { lr: 1, a: 0 } })];
    expect(paramNames(trials, makeSweep().parameters)).toEqual(['lr', 'hidden', 'a', 'z']);
  });

  it('lists sweeps in a table', () => {
    const sweeps = [
      makeSweep(),
      makeSweep({
        sweepId: 's000000000001',
        name: 'grid-search',
        state: 'finished',
        method: 'grid',
        maxTrials: null,
        gridSize: 12,
        metric: { name: 'loss', goal: 'minimize', target: null },
        counts: ended,
        reason: 'grid done (12 points)',
        bestTrial: makeTrial({ value: 0.0123, number: 4 }),
      }),
      makeSweep({ sweepId: 's000000000000', state: 'paused', bestTrial: null, counts: { ...ended, total: 0, completed: 0 } }),
    ];
    expect(renderSweepsTable(sweeps, NOW)).toBe(
      [
        'id             name         state     method  trials  running  metric            best  age     reason',
        's0123456789ab  iris-mlp     running   tpe       9/60        4  ↑ val_acc    0.93 (#7)  1h ago  -',
        's000000000001  grid-search  finished  grid     12/12        0  ↓ loss     0.0123 (#4)  1h ago  grid done (12 points)',
        's000000000000  iris-mlp     paused    tpe       0/60        0  ↑ val_acc            -  1h ago  -',
        '',
      ].join('\n'),
    );
    expect(renderSweepsTable([], NOW)).toBe('no sweeps\n');
  });

  it('lists trials with a column per parameter, named after the metric and the time step', () => {
    const trials = [
      makeTrial({ number: 1 }),
      makeTrial({ number: 2, state: 'stopped', value: 0.71, lastT: 6, reason: 'stopped early by ASHA at epoch 6: 0.71 below the rung cutoff 0.84', params: { lr: 0.05, hidden: 16 } }),
      makeTrial({ number: 3, state: 'running', value: null, lastT: null, endTime: null, params: { lr: 1.5e-4, hidden: 128 } }),
      makeTrial({ number: 4, state: 'failed', attempt: 2, value: null, lastT: null, reason: 'exit 1' }),
    ];
    expect(renderTrialsTable(trials, { sweep: makeSweep(), now: NOW })).toBe(
      [
        '        #  state      val_acc  epoch      lr  hidden  duration  reason',
        '        1  completed     0.93     10  0.0031      64     2m00s  -',
        '        2  stopped       0.71      6    0.05      16     2m00s  stopped early by ASHA at epoch 6: 0.71 below th…',
        '        3  running          -      -  1.5e-4     128     1h00m  -',
        '4 (try 2)  failed           -      -  0.0031      64     2m00s  exit 1',
        '',
      ].join('\n'),
    );
    expect(renderTrialsTable([], { now: NOW })).toBe('no trials\n');
  });

  it('shows the best trial with its parameters and where its run is', () => {
    expect(renderBestTrial(makeSweep())).toBe(
      ['best trial  #7: val_acc = 0.93 (completed, run rrrrrrrr, job j0123456789ab)', '  lr      0.0031', '  hidden  64', ''].join('\n'),
    );
    expect(renderBestTrial(makeSweep({ bestTrial: null }))).toBe('best trial  none yet (no trial has reported a value)\n');
  });

  it('shows a sweep: facts, counts, best trial, space and importance', () => {
    const text = renderSweepDetails(makeSweep(), [{ parameter: 'lr', importance: 0.81 }, { parameter: 'hidden', importance: 0.19 }], NOW);
    expect(text).toContain('sweep        s0123456789ab\n');
    expect(text).toContain('metric       val_acc (maximize)\n');
    expect(text).toContain('trials       9/60 done: 6 completed, 2 stopped early, 1 failed, 0 cancelled; 4 running\n');
    expect(text).toContain("command      node train.js --lr '${lr}'\n");
    expect(text).toContain('early stop   ASHA on epoch: min 2, max 50, reduction factor 3\n');
    expect(text).toContain('duration     1h00m so far\n');
    expect(text).toContain('\n\nbest trial  #7: val_acc = 0.93 (completed, run rrrrrrrr, job j0123456789ab)\n  lr      0.0031\n  hidden  64\n');
    expect(text).toContain(['parameters', '  name    kind         values', '  lr      log_uniform  1e-4 .. 0.1', '  hidden  categorical  16, 32, 64, 128'].join('\n'));
    expect(text).toContain(['importance', '  parameter  share', '  lr          0.81  ████████████████', '  hidden      0.19  ████', ''].join('\n'));
  });

  it('shows an ended client-driven sweep without a command, stopper or importance', () => {
    const text = renderSweepDetails(
      makeSweep({
        state: 'finished',
        reason: 'max_trials (60) reached',
        drivenBy: 'client',
        command: null,
        earlyStop: { type: 'median', timeMetric: 'step', graceT: 3, minTrials: 5 },
        metric: { name: 'loss', goal: 'minimize', target: 0.1 },
        timeBudgetSeconds: 7200,
        endTime: NOW - 60_000,
        parameters: [],
      }),
      [],
      NOW,
    );
    expect(text).toContain('reason       max_trials (60) reached\n');
    expect(text).toContain('metric       loss (minimize, target 0.1)\n');
    expect(text).toContain('driven by    client (ask/tell)\nearly stop   median on step: grace 3, at least 5 trials\ntime budget  2h00m\n');
    expect(text).toContain('duration     59m00s\n');
    expect(text).not.toContain('command');
    expect(text).toContain('parameters\n  (none)\n');
    expect(text).not.toContain('importance');
  });
});
