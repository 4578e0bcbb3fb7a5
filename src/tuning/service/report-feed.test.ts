import { describe, expect, it } from 'vitest';
import { ReportFeed } from './report-feed.js';

const point = (runId: string, key: string, step: number, value: number, timestamp = step) => ({ runId, key, step, value, timestamp });

describe('ReportFeed', () => {
  it('pairs the objective with the time metric logged at the same step, in either order', () => {
    const feed = new ReportFeed('val_acc', 'epoch');
    expect(feed.keys).toEqual(['val_acc', 'epoch']);
    expect(feed.add(point('r1', 'val_acc', 0, 0.5))).toEqual([]);
    expect(feed.add(point('r1', 'epoch', 0, 1))).toEqual([{ runId: 'r1', t: 1, value: 0.5 }]);
    expect(feed.add(point('r1', 'epoch', 1, 2))).toEqual([]);
    expect(feed.add(point('r1', 'val_acc', 1, 0.7))).toEqual([{ runId: 'r1', t: 2, value: 0.7 }]);
    expect(feed.reportsOf('r1')).toBe(2);
    expect(feed.latest('r1')).toBe(0.7);
  });

  it('uses the step as t when the time metric is "step"', () => {
    const feed = new ReportFeed('loss', 'step');
    expect(feed.keys).toEqual(['loss']);
    expect(feed.add(point('r', 'loss', 3, 0.1))).toEqual([{ runId: 'r', t: 3, value: 0.1 }]);
  });

  it('reports a step once, and never one older than the last reported (a replay overlapping the live tail)', () => {
    const feed = new ReportFeed('loss', 'step');
    feed.add(point('r', 'loss', 1, 0.5));
    feed.add(point('r', 'loss', 2, 0.4));
    expect(feed.add(point('r', 'loss', 2, 0.4))).toEqual([]);
    expect(feed.add(point('r', 'loss', 1, 0.5))).toEqual([]);
    expect(feed.reportsOf('r')).toBe(2);
  });

  it('keeps the latest value by step, then timestamp, like MLflow', () => {
    const feed = new ReportFeed('loss', undefined);
    expect(feed.add(point('r', 'loss', 5, 0.2, 10))).toEqual([]);
    feed.add(point('r', 'loss', 4, 0.1, 20));
    expect(feed.latest('r')).toBe(0.2);
    feed.add(point('r', 'loss', 5, 0.3, 30));
    expect(feed.latest('r')).toBe(0.3);
    expect(feed.latest('other')).toBeUndefined();
  });

  it('keeps runs apart and ignores other keys', () => {
    const feed = new ReportFeed('acc', 'epoch');
    feed.add(point('a', 'acc', 0, 0.9));
    expect(feed.add(point('b', 'epoch', 0, 1))).toEqual([]);
    expect(feed.add(point('a', 'loss', 0, 1))).toEqual([]);
    expect(feed.add(point('a', 'epoch', 0, 1))).toEqual([{ runId: 'a', t: 1, value: 0.9 }]);
    feed.forget('a');
    expect(feed.latest('a')).toBeUndefined();
  });
});
