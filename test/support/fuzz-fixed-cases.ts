import type { FuzzRequest } from './fuzz-routes.js';
import { DATASET, JSON_HEADERS, METRIC, routeKey, TEMPLATES } from './fuzz-routes.js';
import type { RouteEntry } from './route-table.js';

/** Requests that are invalid by construction and must get a 4xx: limits, sizes, nesting. */
export function knownInvalidRequests(route: RouteEntry): FuzzRequest[] {
  const key = routeKey(route.path);
  const template = TEMPLATES[key];
  if (!template || !route.methods.includes('POST')) return [];
  const post = (body: Record<string, unknown>, invalid: string): FuzzRequest => ({
    method: 'POST', route: route.path, path: route.path, headers: JSON_HEADERS, body: { json: body }, invalid,
  });
  const out: FuzzRequest[] = [
    { method: 'POST', route: route.path, path: route.path, headers: JSON_HEADERS, body: { text: '$DEEP' }, invalid: 'the body is an array nested 100k deep' },
  ];
  for (const field of template.required) {
    out.push(post({ ...template.body, [field]: '$DEEP' }, `'${field}' is an array nested 100k deep`));
  }
  const metrics = (n: number) => Array.from({ length: n }, (_, i) => ({ ...METRIC, step: i }));
  const kv = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  switch (key) {
    case 'runs/log-batch':
      out.push(
        post({ run_id: '$RUN', metrics: metrics(1001) }, '1001 metrics'),
        post({ run_id: '$RUN', params: kv(101) }, '101 params'),
        post({ run_id: '$RUN', tags: kv(101) }, '101 tags'),
        post({ run_id: '$RUN', metrics: metrics(950), params: kv(50), tags: kv(1) }, '1001 entities'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, key: '$LONG:251' }] }, 'a 251-character key'),
        post({ run_id: '$RUN', params: [{ key: 'p-$UNIQUE', value: '$LONG:6001' }] }, 'a 6001-character param value'),
        post({ run_id: '$RUN', tags: [{ key: 't', value: '$LONG:5001' }] }, 'a 5001-character tag value'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, value: 'NaNx' }] }, 'a value that is no double'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, timestamp: -1 }] }, 'a negative timestamp'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, step: 2 ** 64 }] }, 'a step beyond int64'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, step: '1.5' }] }, 'a fractional step'),
        post({ run_id: '$RUN', metrics: '$DEEP' }, 'metrics nested 100k deep'),
        post({ run_id: '$RUN', metrics: ['$DEEP'] }, 'a metric nested 100k deep'),
        post({ run_id: '$RUN', metrics: [{ ...METRIC, value: '$DEEP' }] }, 'a metric value nested 100k deep'),
      );
      break;
    case 'runs/log-metric':
      out.push(post({ ...template.body, value: '$DEEP' }, 'a value nested 100k deep'), post({ ...template.body, step: '$DEEP' }, 'a step nested 100k deep'));
      break;
    case 'runs/log-inputs':
      out.push(
        post({ run_id: '$RUN', datasets: Array.from({ length: 1001 }, () => ({ dataset: DATASET })) }, '1001 datasets'),
        post({ run_id: '$RUN', datasets: [{ dataset: { ...DATASET, digest: '$LONG:37' } }] }, 'a 37-character digest'),
      );
      break;
    case 'experiments/create':
      out.push(post({ name: '$LONG:501' }, 'a 501-character name'), post({ name: '$UNIQUE', tags: [{ key: 'k', value: '$LONG:5001' }] }, 'a 5001-character tag'));
      break;
    case 'experiments/search':
    case 'runs/search':
    case 'v1/runs/search':
      out.push(post({ ...template.body, max_results: 50_001 }, 'max_results over 50000'), post({ ...template.body, max_results: 0 }, 'max_results 0'));
      break;
    case 'v1/metrics/history-bulk':
      out.push(
        post({ ...template.body, run_ids: Array.from({ length: 101 }, () => '$RUN') }, '101 run ids'),
        post({ ...template.body, keys: Array.from({ length: 101 }, (_, i) => `k${i}`) }, '101 keys'),
        post({ ...template.body, x_min: 10, x_max: 1 }, 'x_min above x_max'),
        post({ ...template.body, x_axis: 'value' }, 'an x_axis that does not exist'),
      );
      break;
    case 'v1/metrics/tail':
      out.push(post({ ...template.body, run_ids: Array.from({ length: 101 }, () => '$RUN') }, '101 run ids'), post({ ...template.body, cursor: -1 }, 'a negative cursor'));
      break;
    default:
      break;
  }
  return out;
}

/**
 * Requests at the edges of what is valid: the largest and smallest numbers a field takes,
 * lists as long as a database statement can bind. They may succeed or be refused; they must
 * not fail.
 */
export function extremeRequests(route: RouteEntry): FuzzRequest[] {
  const key = routeKey(route.path);
  const template = TEMPLATES[key];
  if (!template || !route.methods.includes('POST')) return [];
  const post = (body: Record<string, unknown>): FuzzRequest => ({ method: 'POST', route: route.path, path: route.path, headers: JSON_HEADERS, body: { json: body } });
  const max = Number.MAX_SAFE_INTEGER;
  const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
  switch (key) {
    case 'runs/log-batch':
      return [
        post({ run_id: '$RUN', metrics: [{ key: 'big', value: 1e308, timestamp: max, step: max }, { key: 'big', value: 5e-324, timestamp: 0, step: -max }] }),
        post({ run_id: '$RUN', metrics: many(1000, (i) => ({ key: `k${i}`, value: i, timestamp: 1, step: 0 })) }),
        post({ run_id: '$RUN', metrics: many(1000, () => ({ key: 'same', value: 'NaN', timestamp: 1, step: 0 })) }),
        post({ run_id: '$RUN', params: many(100, (i) => ({ key: `p-$UNIQUE-${i}`, value: '$LONG:6000' })), tags: many(100, (i) => ({ key: `t${i}`, value: '$LONG:5000' })) }),
        post({ run_id: '$RUN', params: [{ key: 'dup-$UNIQUE', value: 'a' }], tags: [{ key: 'dup', value: 'a' }, { key: 'dup', value: 'b' }] }),
        post({ run_id: '$RUN', params: [{ key: 'same-param', value: 'a' }, { key: 'same-param', value: 'b' }] }),
        post({ run_id: '$RUN2', metrics: [{ key: '$LONG:250', value: -0, timestamp: '9007199254740991', step: '-9007199254740991' }] }),
      ];
    case 'runs/log-metric':
      return [post({ ...template.body, value: -1e308, timestamp: max, step: -max }), post({ ...template.body, key: '$LONG:250' })];
    case 'runs/create':
      return [post({ ...template.body, start_time: max }), post({ ...template.body, tags: many(1000, (i) => ({ key: `t${i}`, value: 'v' })) })];
    case 'runs/update':
      return [post({ ...template.body, end_time: max }), post({ ...template.body, end_time: 0, status: 1 })];
    case 'metrics/get-history':
      return [post({ ...template.body, max_results: max }), post({ ...template.body, max_results: 1, page_token: Buffer.from(`{"offset":${max}}`).toString('base64') })];
    case 'runs/search':
    case 'v1/runs/search':
      return [
        post({ ...template.body, max_results: 50_000 }),
        post({ ...template.body, experiment_ids: many(40_000, (i) => String(i)) }),
        post({ ...template.body, filter: `attributes.run_id IN (${many(40_000, (i) => `'r${i}'`).join(',')})` }),
        post({ ...template.body, filter: many(500, (i) => `params.p${i} = 'v'`).join(' AND ') }),
        post({ ...template.body, filter: `${'('.repeat(5000)}metrics.m > 0${')'.repeat(5000)}` }),
        post({ ...template.body, order_by: many(1000, (i) => `metrics.m${i} DESC`) }),
        post({ ...template.body, page_token: Buffer.from(`{"offset":${max}}`).toString('base64') }),
      ];
    case 'experiments/search':
      return [
        post({ ...template.body, max_results: 50_000 }),
        post({ ...template.body, filter: many(500, (i) => `tags.t${i} = 'v'`).join(' AND ') }),
        post({ ...template.body, filter: `${'('.repeat(5000)}name = 'x'${')'.repeat(5000)}` }),
        post({ ...template.body, order_by: many(1000, () => 'name ASC') }),
      ];
    case 'experiments/create':
      return [post({ name: '$UNIQUE', tags: many(1000, (i) => ({ key: `t${i}`, value: '$LONG:5000' })) }), post({ name: '$WIDE:500' })];
    case 'runs/log-inputs':
      return [post({ run_id: '$RUN', datasets: many(1000, (i) => ({ dataset: { ...DATASET, name: `d${i}` } })) })];
    case 'v1/metrics/history-bulk':
      return [
        post({ ...template.body, max_points: max }),
        post({ ...template.body, max_points: 0 }),
        post({ ...template.body, max_points: 1, x_min: -1e308, x_max: 1e308 }),
        post({ ...template.body, x_axis: 'timestamp', x_min: max, x_max: max }),
        post({ ...template.body, run_ids: many(100, () => '$RUN'), keys: many(100, (i) => `k${i}`) }),
      ];
    case 'v1/metrics/tail':
      return [post({ ...template.body, cursor: max, max_points: max }), post({ ...template.body, run_ids: many(100, (i) => `r${i}`) })];
    case 'v1/gc':
      return [post({ older_than_ms: max }), post({ older_than_ms: 0 })];
    default:
      return [];
  }
}
