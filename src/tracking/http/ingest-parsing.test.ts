import { describe, expect, it } from 'vitest';
import { mlflowTrackingRoutes } from '../../contracts/index.js';
import { FlywheelError } from '../../core/index.js';
import { parseLogBatch, parseLogMetric } from './ingest-parsing.js';
import { bodyObject } from './request-parsing.js';

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

describe('the hand parsers and the contracts that document them', () => {
  // log-batch and log-metric skip Zod for speed; their contracts must still say what they accept.
  const batch = (over: Record<string, unknown>) => ({ run_id: RUN, ...over });
  const metric = (over: Record<string, unknown>) => ({ key: 'loss', value: 0.5, timestamp: 1, ...over });
  const bodies: Array<[string, Record<string, unknown>]> = [
    ['a plain batch', batch({ metrics: [metric({ step: 3 })], params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 't', value: 'v' }] })],
    ['NaN and ±Infinity as strings', batch({ metrics: ['NaN', 'Infinity', '-Infinity'].map((value) => metric({ value })) })],
    ['numbers as strings', batch({ metrics: [metric({ value: '1.5e3', timestamp: '1700000000000', step: '-2' })] })],
    ['no step', batch({ metrics: [metric({})] })],
    ['null lists and values', batch({ metrics: null, params: [{ key: 'p', value: null }] })],
    ['a value that is not a number', batch({ metrics: [metric({ value: 'abc' })] })],
    ['no timestamp', batch({ metrics: [{ key: 'loss', value: 1 }] })],
    ['a negative timestamp', batch({ metrics: [metric({ timestamp: -1 })] })],
    ['a fractional step', batch({ metrics: [metric({ step: 1.5 })] })],
    ['an empty key', batch({ metrics: [metric({ key: '' })] })],
    ['a key past 250 characters', batch({ params: [{ key: 'k'.repeat(251), value: '' }] })],
    ['a param value past 6000 characters', batch({ params: [{ key: 'k', value: 'v'.repeat(6001) }] })],
    ['1001 metrics', batch({ metrics: Array.from({ length: 1001 }, () => metric({})) })],
    ['101 params', batch({ params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '' })) })],
    ['1000 metrics and 100 tags', batch({ metrics: Array.from({ length: 1000 }, () => metric({})), tags: Array.from({ length: 100 }, (_, i) => ({ key: `t${i}` })) })],
  ];

  it.each(bodies)('log-batch: the parser and the contract agree on %s', (_, body) => {
    const contractAccepts = mlflowTrackingRoutes.logBatch.fields.safeParse(bodyObject(structuredClone(body))).success;
    let parserAccepts = true;
    try {
      parseLogBatch(structuredClone(body));
    } catch {
      parserAccepts = false;
    }
    expect(parserAccepts).toBe(contractAccepts);
  });

  it.each(bodies.filter(([, b]) => Array.isArray(b.metrics) && b.metrics.length === 1))('log-metric: the parser and the contract agree on %s', (_, body) => {
    const single = { run_id: RUN, ...(body.metrics as unknown[])[0] as object };
    const contractAccepts = mlflowTrackingRoutes.logMetric.fields.safeParse(bodyObject(structuredClone(single))).success;
    let parserAccepts = true;
    try {
      parseLogMetric(structuredClone(single));
    } catch {
      parserAccepts = false;
    }
    expect(parserAccepts).toBe(contractAccepts);
  });
});
