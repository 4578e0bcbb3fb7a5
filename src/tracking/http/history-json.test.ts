import { describe, expect, it } from 'vitest';
import { metricHistoryJson } from './history-json.js';
import { bulkHistoryJson, tailJson } from './series-json.js';

describe('metric history responses', () => {
  it('writes MLflow\'s get-history shape with special values as strings', () => {
    const text = metricHistoryJson({
      items: [
        { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
        { key: 'loss', value: Number.NaN, timestamp: 11, step: 1 },
        { key: 'loss', value: Number.NEGATIVE_INFINITY, timestamp: 12, step: 2 },
      ],
      nextPageToken: 'tok"en',
    });
    expect(JSON.parse(text)).toEqual({
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
        { key: 'loss', value: 'NaN', timestamp: 11, step: 1 },
        { key: 'loss', value: '-Infinity', timestamp: 12, step: 2 },
      ],
      next_page_token: 'tok"en',
    });
  });

  it('leaves next_page_token out on the last page', () => {
    expect(metricHistoryJson({ items: [] })).toBe('{"metrics":[]}');
  });

  it("replaces NaN and ±Infinity in a copy, leaving the service's points unchanged", () => {
    const items = [
      { key: 'k', value: 1, timestamp: 2, step: 3 },
      { key: 'k', value: Number.NaN, timestamp: 4, step: 5 },
    ];
    expect(JSON.parse(metricHistoryJson({ items }))).toEqual({
      metrics: [
        { key: 'k', value: 1, timestamp: 2, step: 3 },
        { key: 'k', value: 'NaN', timestamp: 4, step: 5 },
      ],
    });
    expect(items[1]!.value).toBeNaN();
  });

  it('writes bulk series as columns and tail points as objects', () => {
    const bulk = bulkHistoryJson([
      { runId: 'r', key: 'k"', steps: [0, 1], timestamps: [5, 6], values: [1, Number.POSITIVE_INFINITY], totalPoints: 9, rangePoints: 2, cursor: 7 },
      { runId: 'r', key: 'b', steps: [], timestamps: [], values: [], totalPoints: 3, rangePoints: 0, cursor: 5 },
    ]);
    expect(JSON.parse(bulk)).toEqual({
      series: [
        { run_id: 'r', key: 'k"', steps: [0, 1], timestamps: [5, 6], values: [1, 'Infinity'], total_points: 9, range_points: 2, cursor: 7 },
        { run_id: 'r', key: 'b', steps: [], timestamps: [], values: [], total_points: 3, range_points: 0, cursor: 5 },
      ],
      cursor: 5,
    });
    const tail = tailJson({ points: [{ runId: 'r', key: 'k', value: Number.NaN, timestamp: 1, step: 2 }], cursor: 42 });
    expect(JSON.parse(tail)).toEqual({ points: [{ run_id: 'r', key: 'k', value: 'NaN', timestamp: 1, step: 2 }], cursor: 42 });
  });
});
