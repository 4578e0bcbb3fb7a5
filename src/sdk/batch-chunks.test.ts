import { describe, expect, it } from 'vitest';
import { takeBatch, type BatchEntry } from './batch-chunks.js';

const RUN_ID = 'b'.repeat(32);
const metrics = (n: number, key = 'm'): BatchEntry[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'metric', metric: { key, value: i, step: i, timestamp: i } }));
const params = (n: number): BatchEntry[] => Array.from({ length: n }, (_, i) => ({ kind: 'param', param: { key: `p${i}`, value: '1' } }));
const tags = (n: number): BatchEntry[] => Array.from({ length: n }, (_, i) => ({ kind: 'tag', tag: { key: `t${i}`, value: '1' } }));

/** Splits everything into requests the way the batcher does. */
function chunkAll(entries: BatchEntry[]) {
  const bodies = [];
  for (let start = 0; start < entries.length; ) {
    const batch = takeBatch(RUN_ID, entries, start, entries.length);
    expect(batch.count).toBeGreaterThan(0);
    bodies.push(batch.body);
    start += batch.count;
  }
  return bodies;
}

describe('takeBatch', () => {
  it('puts at most 1000 metrics in one request', () => {
    const bodies = chunkAll(metrics(2500));
    expect(bodies.map((b) => b.metrics.length)).toEqual([1000, 1000, 500]);
  });

  it('puts at most 100 params and 100 tags in one request', () => {
    const bodies = chunkAll([...params(150), ...tags(150)]);
    for (const b of bodies) {
      expect(b.params.length).toBeLessThanOrEqual(100);
      expect(b.tags.length).toBeLessThanOrEqual(100);
    }
    expect(bodies.flatMap((b) => b.params)).toHaveLength(150);
    expect(bodies.flatMap((b) => b.tags)).toHaveLength(150);
  });

  it('keeps the total of metrics, params and tags at 1000 or fewer', () => {
    const bodies = chunkAll([...params(100), ...tags(100), ...metrics(1000)]);
    for (const b of bodies) expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(1000);
    expect(bodies[0]!.metrics).toHaveLength(800);
  });

  it('stops at the first entry that does not fit rather than skipping ahead, so order is kept', () => {
    const entries = [...params(101), ...metrics(5)];
    const first = takeBatch(RUN_ID, entries, 0, entries.length);
    expect(first.count).toBe(100);
    expect(first.full).toBe(true);
    expect(first.body.metrics).toHaveLength(0);
  });

  it('marks a batch that ends with the queue below every limit as not full', () => {
    const batch = takeBatch(RUN_ID, metrics(10), 0, 10);
    expect(batch).toMatchObject({ count: 10, full: false });
  });

  it('marks a batch that reached a limit exactly at the end of the queue as full', () => {
    expect(takeBatch(RUN_ID, metrics(1000), 0, 1000).full).toBe(true);
  });
});
