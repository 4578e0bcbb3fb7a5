import { describe, expect, it } from 'vitest';
import { makeRun, NOW } from '../test-support/fixtures.js';
import { parseColumn } from './columns.js';
import { renderRunsTable, runsTableModel } from './runs-table.js';

const runs = [
  makeRun({ id: 'a1', name: 'lr-0.1', params: { lr: '0.1', epochs: '10', opt: 'adam' }, metrics: { acc: 0.91234, loss: 0.3 } }),
  makeRun({ id: 'b2', name: 'lr-0.01', params: { lr: '0.01', epochs: '10', opt: 'adam' }, metrics: { acc: 0.95, loss: 0.3 } }),
  makeRun({ id: 'c3', name: 'running', status: 'RUNNING', durationMs: null, startedMsAgo: 125_000, params: { lr: '0.001', epochs: '10', opt: 'adam' } }),
];

describe('runs table', () => {
  it('shows the attributes, then only the params and metrics that differ between the runs', () => {
    const model = runsTableModel({ runs, now: NOW });
    expect(model.head).toEqual(['id', 'name', 'status', 'started', 'duration', 'lr', 'acc', 'loss']);
    expect(model.rows[0]).toEqual(['a1a1a1a1', 'lr-0.1', 'FINISHED', '1h ago', '1m00s', '0.1', '0.9123', '0.3']);
    expect(model.rows[2]).toEqual(['c3c3c3c3', 'running', 'RUNNING', '2m ago', '2m05s', '0.001', '-', '-']);
    expect(model.notes).toEqual(['same in every run: epochs=10, opt=adam']);
  });

  it('renders a borderless table, numbers aligned right, with notes under it', () => {
    expect(renderRunsTable({ runs: runs.slice(0, 2), now: NOW })).toBe(
      [
        'id        name     status    started  duration  lr       acc',
        'a1a1a1a1  lr-0.1   FINISHED  1h ago      1m00s  0.1   0.9123',
        'b2b2b2b2  lr-0.01  FINISHED  1h ago      1m00s  0.01    0.95',
        'same in every run: epochs=10, opt=adam, loss=0.3',
        '',
      ].join('\n'),
    );
  });

  it('shows every param and metric of a single run', () => {
    const model = runsTableModel({ runs: runs.slice(0, 1), now: NOW });
    expect(model.head).toEqual(['id', 'name', 'status', 'started', 'duration', 'epochs', 'lr', 'opt', 'acc', 'loss']);
  });

  it('adds an experiment column when the runs span experiments', () => {
    const spread = [makeRun({ id: 'a1', experimentId: '1' }), makeRun({ id: 'b2', experimentId: '2' })];
    const model = runsTableModel({ runs: spread, now: NOW, experimentNames: new Map([['1', 'mnist'], ['2', 'cifar']]) });
    expect(model.head.slice(0, 3)).toEqual(['id', 'name', 'experiment']);
    expect(model.rows.map((r) => r[2])).toEqual(['mnist', 'cifar']);
  });

  it('puts the sort key right after the attributes even when it does not vary', () => {
    const model = runsTableModel({ runs, now: NOW, pinned: [parseColumn('metrics.loss')] });
    expect(model.head.slice(5)).toEqual(['loss', 'lr', 'acc']);
  });

  it('caps the varying columns and says what it left out', () => {
    const wide = [0, 1].map((i) => makeRun({ id: `${i}f`, params: Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`p${k}`, `${i}`])) }));
    const model = runsTableModel({ runs: wide, now: NOW, maxVarying: 3 });
    expect(model.head.slice(5)).toEqual(['p0', 'p1', 'p2']);
    expect(model.notes[0]).toBe('5 more params not shown (p3, p4, p5, p6, p7); choose with --columns');
  });

  it('shows exactly the --columns asked for, prefixing a key that is both a param and a metric', () => {
    const both = [makeRun({ id: 'a1', params: { score: 'x' }, metrics: { score: 2 } })];
    const columns = ['name', 'params.score', 'metrics.score', 'tags.team'].map(parseColumn);
    const model = runsTableModel({ runs: both, now: NOW, columns });
    expect(model.head).toEqual(['name', 'params.score', 'metrics.score', 'team']);
    expect(model.rows[0]).toEqual(['-', 'x', '2', '-']);
  });

  it('says so when there are no runs', () => {
    expect(renderRunsTable({ runs: [], now: NOW })).toBe('no runs\n');
  });
});
