import { describe, expect, it } from 'vitest';
import { HistoryJsonCache } from './history-json-cache.js';

const page = (n: number, last = n - 1) => ({
  items: Array.from({ length: n }, (_, i) => ({ key: 'k', value: i === n - 1 ? last : i, timestamp: i, step: i })),
});

describe('the metric-history JSON cache', () => {
  it('answers a repeated page with the same text, and a grown history with new text', () => {
    const cache = new HistoryJsonCache();
    const scope = { runId: 'r', key: 'k' };
    const first = cache.json(scope, page(2000));
    expect(cache.json(scope, page(2000))).toBe(first);
    const grown = cache.json(scope, page(2001));
    expect(JSON.parse(grown).metrics).toHaveLength(2001);
  });

  it('tells pages apart by run, key, page token and last point', () => {
    const cache = new HistoryJsonCache();
    const a = cache.json({ runId: 'r', key: 'k' }, page(1500));
    expect(cache.json({ runId: 'r', key: 'k' }, page(1500, 42))).not.toBe(a);
    expect(JSON.parse(cache.json({ runId: 'r', key: 'k' }, page(1500, 42))).metrics[1499].value).toBe(42);
    expect(JSON.parse(cache.json({ runId: 'other', key: 'k' }, page(1500))).metrics).toHaveLength(1500);
  });

  it('stays within its budget by dropping the least recently used pages', () => {
    const cache = new HistoryJsonCache(100_000);
    for (let i = 0; i < 5; i++) cache.json({ runId: `r${i}`, key: 'k' }, page(1000));
    expect((cache as unknown as { chars: number }).chars).toBeLessThanOrEqual(100_000);
  });
});
