import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { parseLogBatch, parseLogMetric } from './ingest-parsing.js';

const RUN = '0123456789abcdef0123456789abcdef';

function failure(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FlywheelError);
    return e as FlywheelError;
  }
  throw new Error('expected a FlywheelError');
}

describe('log-batch parsing', () => {
  it('hands on the parsed items themselves, normalised in place', () => {
    const metric = { key: 'loss', value: 'NaN', timestamp: '1700000000000' };
    const body = { run_id: RUN, metrics: [metric], params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'note' }] };
    const req = parseLogBatch(body);
    expect(req.runId).toBe(RUN);
    expect(req.metrics?.[0]).toBe(metric);
    expect(metric).toEqual({ key: 'loss', value: Number.NaN, timestamp: 1_700_000_000_000, step: 0 });
    expect(req.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(req.tags).toEqual([{ key: 'note', value: '' }]);
  });

  it('treats missing or null lists as empty', () => {
    expect(parseLogBatch({ run_id: RUN, metrics: null })).toEqual({ runId: RUN, metrics: [], params: [], tags: [] });
  });

  it('falls back to run_uuid', () => {
    expect(parseLogBatch({ run_uuid: RUN }).runId).toBe(RUN);
  });

  it('names the first bad field by its JSON path', () => {
    const e = failure(() => parseLogBatch({ run_id: RUN, metrics: [{ key: 'a', value: 1, timestamp: 1 }, { key: 'b', value: 'x', timestamp: 1 }] }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.issues).toEqual([{ path: 'metrics[1].value', message: expect.stringContaining("'metrics[1].value'") }]);
  });

  it.each([
    [{ metrics: 'nope' }, 'metrics'],
    [{ metrics: [7] }, 'metrics[0]'],
    [{ metrics: [{ value: 1, timestamp: 1 }] }, 'metrics[0].key'],
    [{ metrics: [{ key: 'k', timestamp: 1 }] }, 'metrics[0].value'],
    [{ metrics: [{ key: 'k', value: 1 }] }, 'metrics[0].timestamp'],
    [{ metrics: [{ key: 'k', value: 1, timestamp: 1, step: 1.5 }] }, 'metrics[0].step'],
    [{ params: [{ key: 'p', value: 3 }] }, 'params[0].value'],
    [{ tags: [{ key: '' }] }, 'tags[0].key'],
  ])('refuses %j at %s', (batch, path) => {
    expect(failure(() => parseLogBatch({ run_id: RUN, ...batch })).issues[0]?.path).toBe(path);
  });

  it('refuses a missing run_id with MLflow\'s message', () => {
    expect(failure(() => parseLogBatch({})).message).toBe(
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    );
  });
});

describe('log-metric parsing', () => {
  it('builds one metric from the top-level fields', () => {
    expect(parseLogMetric({ run_id: RUN, key: 'acc', value: '-Infinity', timestamp: 5, step: '3', extra: 1 })).toEqual({
      runId: RUN,
      metric: { key: 'acc', value: Number.NEGATIVE_INFINITY, timestamp: 5, step: 3 },
    });
  });

  it('names top-level fields without a list prefix', () => {
    expect(failure(() => parseLogMetric({ run_id: RUN, key: 'acc', value: 1 })).issues[0]?.path).toBe('timestamp');
  });
});
