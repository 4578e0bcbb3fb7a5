import type { Metric, Page } from '../types.js';
import { encodeDouble } from './proto-json.js';

/**
 * metrics/get-history's response, `{"metrics":[{key,value,timestamp,step}...],"next_page_token"}`.
 * A page can hold 100k points. Measured on Node 20, fresh objects of one shape through a single
 * JSON.stringify beat building the text by hand by about 2x (V8's serializer has a fast path
 * for doubles and for objects sharing a hidden class; string concatenation and number-to-string
 * conversion in JS do not). Fresh objects also keep the wire shape independent of whatever else
 * the domain objects carry.
 */
export function metricHistoryJson(page: Page<Metric>): string {
  const items = page.items;
  const metrics = new Array<{ key: string; value: number | string; timestamp: number; step: number }>(items.length);
  for (let i = 0; i < items.length; i++) {
    const m = items[i] as Metric;
    const v = m.value;
    // v - v is 0 exactly for finite numbers; NaN and ±Infinity need protobuf's strings.
    metrics[i] = { key: m.key, value: v - v === 0 ? v : encodeDouble(v), timestamp: m.timestamp, step: m.step };
  }
  return page.nextPageToken ? JSON.stringify({ metrics, next_page_token: page.nextPageToken }) : JSON.stringify({ metrics });
}
