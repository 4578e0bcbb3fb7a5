import fc from 'fast-check';
import type { RouteEntry } from './route-table.js';

/**
 * Request generators for fuzzing the HTTP API. Requests name the fixture's ids by
 * placeholder (`$RUN`, `$EXP`, ...) and large values by marker (`$LONG:70000`, `$DEEP`), so
 * fast-check's counterexamples stay short and replayable; fuzz-harness.ts resolves them when
 * it sends a request.
 *
 * Placeholders: $RUN (an active run with metrics, params, tags and an artifact), $RUN2 (a
 * finished run), $DELETED_RUN, $EXP / $EXPNUM (the experiment id as a string / a number),
 * $EXPNAME, $ROOT ($RUN's artifact folder under the proxy root), $UNIQUE (a fresh name).
 * Markers: $LONG:<n> (n × "x"), $WIDE:<n> (n × "😀"), $DEEP (an array nested 100k deep,
 * spliced into the JSON text), $BIGIN (a search filter with 5000 IN values).
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface FuzzRequest {
  method: HttpMethod;
  /** The route pattern the request was made for (reports only). */
  route: string;
  /** URL path, unencoded where the fuzz wants raw characters; placeholders still in it. */
  path: string;
  /** Query entries (encoded when sent) or a raw query string (sent as is). */
  query?: Array<[string, string]> | { raw: string };
  headers: Record<string, string>;
  body?: { json: unknown } | { text: string };
  /** Why a 2xx answer would be wrong; absent when the request might be valid. */
  invalid?: string;
}

export type RouteFamily = 'mlflow' | 'artifacts' | 'native' | 'other';

export function routeFamily(path: string): RouteFamily {
  if (/^\/(api|ajax-api)\/2\.0\/mlflow\//.test(path)) return 'mlflow';
  if (/^\/(api|ajax-api)\/2\.0\/mlflow-artifacts\/artifacts/.test(path)) return 'artifacts';
  if (path.startsWith('/api/v1/')) return 'native';
  return 'other';
}

/** `runs/log-batch` for `/api/2.0/mlflow/runs/log-batch`, `v1/runs/search` for `/api/v1/runs/search`. */
export function routeKey(path: string): string {
  const mlflow = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/.exec(path);
  if (mlflow) return mlflow[1] as string;
  if (path.startsWith('/api/v1/')) return `v1/${path.slice('/api/v1/'.length)}`;
  return path;
}

interface Template {
  body: Record<string, unknown>;
  /** Fields whose absence (or '', null, an array, an object, a boolean) makes the request invalid. */
  required: string[];
}

const METRIC = { key: 'm', value: 1.5, timestamp: 1_700_000_000_000, step: 3 };
const DATASET = { name: 'd', digest: 'abc123', source_type: 'local', source: '/data/train.csv', schema: '{}', profile: '{}' };

/** A valid request body for each JSON route; the fuzz mutates it a field at a time. */
export const TEMPLATES: Record<string, Template> = {
  'experiments/create': { body: { name: '$UNIQUE', artifact_location: 'mlflow-artifacts:/fuzz', tags: [{ key: 'k', value: 'v' }] }, required: ['name'] },
  'experiments/get': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/get-by-name': { body: { experiment_name: '$EXPNAME' }, required: ['experiment_name'] },
  'experiments/search': {
    body: { max_results: 5, filter: "name LIKE 'fz%'", order_by: ['name ASC'], view_type: 'ALL', page_token: '' },
    required: [],
  },
  'experiments/update': { body: { experiment_id: '$EXP', new_name: '$UNIQUE' }, required: ['experiment_id', 'new_name'] },
  'experiments/delete': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/restore': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/set-experiment-tag': { body: { experiment_id: '$EXP', key: 'k', value: 'v' }, required: ['experiment_id', 'key'] },
  'runs/create': {
    body: { experiment_id: '$EXP', user_id: 'u', run_name: 'r', start_time: 1_700_000_000_000, tags: [{ key: 'k', value: 'v' }] },
    required: ['experiment_id'],
  },
  'runs/get': { body: { run_id: '$RUN' }, required: ['run_id'] },
  'runs/update': { body: { run_id: '$RUN2', status: 'FINISHED', end_time: 1_700_000_000_001, run_name: 'renamed' }, required: ['run_id'] },
  'runs/delete': { body: { run_id: '$RUN2' }, required: ['run_id'] },
  'runs/restore': { body: { run_id: '$DELETED_RUN' }, required: ['run_id'] },
  'runs/search': {
    body: { experiment_ids: ['$EXP'], filter: 'metrics.m > 0', run_view_type: 'ALL', max_results: 5, order_by: ['metrics.m DESC'], page_token: '' },
    required: [],
  },
  'runs/set-tag': { body: { run_id: '$RUN', key: 'k', value: 'v' }, required: ['run_id', 'key'] },
  'runs/delete-tag': { body: { run_id: '$RUN', key: 'k' }, required: ['run_id', 'key'] },
  'runs/log-metric': { body: { run_id: '$RUN', ...METRIC }, required: ['run_id', 'key', 'value', 'timestamp'] },
  'runs/log-batch': {
    body: { run_id: '$RUN', metrics: [METRIC], params: [{ key: 'p-$UNIQUE', value: 'v' }], tags: [{ key: 't', value: 'v' }] },
    required: ['run_id'],
  },
  'runs/log-parameter': { body: { run_id: '$RUN', key: 'p-$UNIQUE', value: 'v' }, required: ['run_id', 'key'] },
  'runs/log-inputs': { body: { run_id: '$RUN', datasets: [{ tags: [{ key: 'k', value: 'v' }], dataset: DATASET }] }, required: ['run_id'] },
  'metrics/get-history': { body: { run_id: '$RUN', metric_key: 'm', max_results: 10, page_token: '' }, required: ['run_id', 'metric_key'] },
  'artifacts/list': { body: { run_id: '$RUN', path: 'dir', page_token: '' }, required: ['run_id'] },
  'v1/metrics/history-bulk': {
    body: { run_ids: ['$RUN'], keys: ['m'], max_points: 10, x_axis: 'step', x_min: 0, x_max: 100 },
    required: ['run_ids', 'keys'],
  },
  'v1/metrics/tail': { body: { run_ids: ['$RUN'], keys: ['m'], cursor: 0, max_points: 10 }, required: ['run_ids'] },
  'v1/runs/search': {
    body: { experiment_ids: ['$EXP'], filter: "params.p = 'v'", max_results: 5, order_by: ['attributes.start_time DESC'] },
    required: [],
  },
  'v1/runs/move': { body: { run_id: '$RUN2', experiment_id: '$EXP' }, required: ['run_id', 'experiment_id'] },
  'v1/gc': { body: { older_than_ms: 86_400_000 }, required: [] },
};

/** Required fields that another field stands in for (`run_uuid` is MLflow's old name of `run_id`). */
const ALIASES: Record<string, string> = { run_id: 'run_uuid' };

export const FIELD_NAMES = [
  'run_id', 'run_uuid', 'experiment_id', 'experiment_ids', 'experiment_name', 'name', 'new_name', 'artifact_location',
  'key', 'value', 'timestamp', 'step', 'metrics', 'params', 'tags', 'datasets', 'metric_key', 'max_results', 'page_token',
  'filter', 'order_by', 'view_type', 'run_view_type', 'start_time', 'end_time', 'status', 'user_id', 'run_name', 'path',
  'run_ids', 'keys', 'cursor', 'max_points', 'x_axis', 'x_min', 'x_max', 'older_than_ms', '__proto__', 'constructor',
] as const;

const b64 = (s: string) => Buffer.from(s).toString('base64');

const NASTY_STRINGS = [
  '', ' ', '0', '-1', '1.5', '1e3', '0x10', '01', ' 1', '1 ', '+1', '9007199254740993', '99999999999999999999999', '-0',
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e309', 'null', 'true', 'undefined', '[]', '{}', '"', "'", '`', '\\',
  '\u0000', 'a\u0000b', '\n', '\r\n', '\t', '\u2028', '\ud800', 'a\udfffb', '\ufeff', '😀', 'é', '漢字', '\u202e',
  '..', '../..', '../../etc/passwd', '%2e%2e', '%2e%2e%2f', '..\\..\\windows', '/abs/path', 'C:\\x', 'file:///etc/passwd',
  'mlflow-artifacts:/../..', 'mlflow-artifacts:/', 's3://bucket/x', '%', '%zz', '%00', '%c0%ae', '%ff',
  "'; DROP TABLE runs; --", "' OR '1'='1", '$RUN', '$RUN2', '$DELETED_RUN', '$EXP', '$EXPNAME', '$UNIQUE',
  '$LONG:251', '$LONG:5001', '$LONG:6001', '$LONG:70000', '$WIDE:300', '$WIDE:6000',
  // Search grammar: half-finished, wrong types, odd quoting, operators that do not exist.
  'metrics.m > 0 AND', 'metrics.', 'params.p = ', "tags.`a` = 'b'", '((((', ')', "name = 'a' OR", 'metrics.m LIKE 1',
  "attributes.run_id IN ('a',", "attributes.start_time > 'x'", 'metrics.m >> 1', "params.p ILIKE '%a\\%'", 'attributes.status != 3',
  "metrics.m = 'NaN'", 'metrics.m < -Infinity', "name = 'a' AND (tags.t = 'b' OR params.p = 'c')", "dataset.name = 'x'",
  '$BIGIN', 'metrics.`m` DESC', 'attributes.start_time ASC DESC', 'params.p', 'tags.`', 'x DESC', 'run_name ASC',
  'ACTIVE_ONLY', 'DELETED_ONLY', 'ALL', 'RUNNING', 'FINISHED', 'KILLED', 'step', 'timestamp',
  // Page tokens: not base64, base64 of non-JSON, of JSON with the wrong field, negative, huge, fractional.
  'garbage', b64('not json'), b64('null'), b64('[]'), b64('{"offset":-1}'), b64('{"offset":1e308}'),
  b64('{"offset":9007199254740991}'), b64('{"offset":1.5}'), b64('{"offset":"3"}'), b64('{"__proto__":{"offset":1}}'),
] as const;

const NASTY_NUMBERS = [
  0, -0, 1, -1, 1.5, -1.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -(2 ** 63), 1e21, 1e308,
  -1e308, 5e-324, Number.MAX_VALUE, 0.1, 3,
] as const;

const PLACEHOLDER_IDS = ['$RUN', '$RUN2', '$DELETED_RUN', '$EXP', '$EXPNUM', '$EXPNAME'] as const;

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

const number = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 4, arbitrary: number },
  { weight: 3, arbitrary: fc.constantFrom(...PLACEHOLDER_IDS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant('$DEEP') },
);

/** Any JSON value a confused or hostile client might put in a field. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(leaf, { maxLength: 3 }), { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** An object with the API's field names and values of any type. */
const fieldSoup = fc.dictionary(fc.constantFrom(...FIELD_NAMES), nastyValue, { maxKeys: 6 });

/** Parses as JSON text the way the server does; true when the body cannot be a JSON object. */
function notAnObjectBody(bodyText: string): boolean {
  if (bodyText.trim() === '') return false;
  try {
    let v: unknown = JSON.parse(bodyText);
    if (typeof v === 'string') v = JSON.parse(v);
    return v === null || typeof v !== 'object' || Array.isArray(v);
  } catch {
    return true;
  }
}

const MALFORMED_JSON = [
  '{', '}', '{"run_id":', '{"run_id": "x",}', "{'run_id': 'x'}", '{"a":1}{"b":2}', '[1,2', 'undefined', 'NaN',
  '{"value": NaN}', '{"value": Infinity}', '{"value": -}', '{"a" 1}', '\u0000', '\ufeff{}', '{"a":"\\x"}', '{"a":"\\ud800"',
  'nul', 'tru', '01', '{"a":01}', '"unterminated', '"\\"{\\"a\\":"', '<xml/>', 'run_id=x', '{"a":1}garbage', '//comment\n{}',
] as const;

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml',
  'application/octet-stream', 'application/jsonx', 'json', 'application/vnd.api+json', '*/*',
] as const;

/** Content types that should still parse as JSON, or at worst be refused with a 4xx. */
const ODD_JSON_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1',
  'application/json; charset=utf-16', 'application/json;;', 'application/json, text/plain', ' application/json ',
] as const;

interface Mutation {
  op: 'delete' | 'set' | 'setItem' | 'push';
  field: number;
  itemPath: string;
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'set', 'set', 'setItem', 'push'),
  field: fc.nat(),
  itemPath: fc.constantFrom('key', 'value', 'timestamp', 'step', 'dataset', 'tags', 'dataset.name', 'dataset.digest', 'dataset.source_type', 'dataset.schema', 'extra'),
  value: nastyValue,
});

/** Applies mutations to a copy of the template; returns the body and, if it is now invalid by construction, why. */
function mutate(template: Template, mutations: Mutation[], forQuery: boolean): { body: Record<string, unknown>; invalid?: string } {
  const body = structuredClone(template.body);
  const own = Object.keys(body);
  const touched = new Set<string>();
  for (const m of mutations) {
    switch (m.op) {
      case 'delete': {
        if (own.length === 0) break;
        const name = own[m.field % own.length] as string;
        delete body[name];
        touched.add(name);
        break;
      }
      case 'set': {
        const names = [...own, ...FIELD_NAMES];
        const name = names[m.field % names.length] as string;
        Object.defineProperty(body, name, { value: m.value, enumerable: true, writable: true, configurable: true });
        touched.add(name);
        break;
      }
      case 'setItem':
      case 'push': {
        const lists = own.filter((k) => Array.isArray(body[k]));
        if (lists.length === 0) break;
        const name = lists[m.field % lists.length] as string;
        const list = body[name] as unknown[];
        if (m.op === 'push' || list.length === 0 || typeof list[0] !== 'object' || list[0] === null) {
          list.push(m.value);
        } else {
          let target = list[0] as Record<string, unknown>;
          const parts = m.itemPath.split('.');
          for (const part of parts.slice(0, -1)) {
            const next = target[part];
            if (next === null || typeof next !== 'object') break;
            target = next as Record<string, unknown>;
          }
          target[parts[parts.length - 1] as string] = m.value;
        }
        touched.add(name);
        break;
      }
      default: {
        const never: never = m.op;
        throw new Error(`unknown mutation ${String(never)}`);
      }
    }
  }
  for (const field of template.required) {
    const alias = ALIASES[field];
    if (alias && touched.has(alias)) continue;
    const value = Object.hasOwn(body, field) ? body[field] : undefined;
    const isList = Array.isArray(template.body[field]);
    const missing = value === undefined || value === null || value === '' || (isList && Array.isArray(value) && value.length === 0);
    const mistyped = !forQuery && (isList ? !Array.isArray(value) : typeof value === 'boolean' || (typeof value === 'object' && value !== null));
    if (missing || mistyped) return { body, invalid: `required field '${field}' is ${missing ? 'missing' : `a ${Array.isArray(value) ? 'list' : typeof value}`}` };
  }
  return { body };
}

/** A body's fields as query entries, as MLflow clients send reads: lists become repeated keys. */
function toQuery(body: Record<string, unknown>): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(body)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      entries.push([k, typeof item === 'string' ? item : (JSON.stringify(item) ?? String(item))]);
    }
  }
  return entries;
}

const queryGarbage = fc.oneof(
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '&&&', '=', '==x', 'a[b]=c', 'run_id', 'run_id=', 'run_id=%ff%fe', '?', '#frag', 'run_id=a&run_id=b'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/#/g, '%23')),
);

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Requests for one MLflow or native JSON route. */
function jsonRouteRequests(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const template = TEMPLATES[routeKey(route.path)] ?? { body: {}, required: [] };
  const canGet = route.methods.includes('GET');
  const canPost = route.methods.includes('POST');
  const readMethods = route.methods.filter((m): m is HttpMethod => m === 'GET' || m === 'HEAD');
  const base = { route: route.path, path: route.path };
  const arbitraries: Array<fc.WeightedArbitrary<FuzzRequest>> = [];

  if (canPost) {
    arbitraries.push(
      {
        weight: 6,
        arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
          const { body, invalid } = mutate(template, ms, false);
          return { ...base, method: 'POST' as const, headers: JSON_HEADERS, body: { json: body }, ...(invalid ? { invalid } : {}) };
        }),
      },
      {
        weight: 2,
        arbitrary: fieldSoup.map((body) => ({ ...base, method: 'POST' as const, headers: JSON_HEADERS, body: { json: body } })),
      },
      {
        weight: 2,
        arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => {
          const bodyText = JSON.stringify(v) ?? 'null';
          return {
            ...base,
            method: 'POST' as const,
            headers: JSON_HEADERS,
            body: { text: bodyText },
            ...(notAnObjectBody(bodyText) ? { invalid: 'the body is not a JSON object' } : {}),
          };
        }),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(fc.constantFrom(...MALFORMED_JSON), fc.string({ maxLength: 30 })).map((t) => ({
          ...base,
          method: 'POST' as const,
          headers: JSON_HEADERS,
          body: { text: t },
          ...(notAnObjectBody(t) ? { invalid: 'the body is not JSON, or not a JSON object' } : {}),
        })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(JSON.stringify(template.body), 'a=b', '<x/>', '\u0000')).map(([type, t]) => ({
          ...base,
          method: 'POST' as const,
          headers: { 'content-type': type },
          body: { text: t },
          invalid: `the content type is ${type}`,
        })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...ODD_JSON_TYPES), fc.array(mutation, { maxLength: 2 })).map(([type, ms]) => {
          const { body, invalid } = mutate(template, ms, false);
          return { ...base, method: 'POST' as const, headers: { 'content-type': type }, body: { json: body }, ...(invalid ? { invalid } : {}) };
        }),
      },
    );
  }
  if (canGet) {
    const readMethod = fc.constantFrom(...readMethods);
    arbitraries.push(
      {
        weight: canPost ? 4 : 8,
        arbitrary: fc.tuple(readMethod, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([method, ms]) => {
          const { body, invalid } = mutate(template, ms, true);
          return { ...base, method, headers: {}, query: toQuery(body), ...(invalid ? { invalid } : {}) };
        }),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(readMethod, fc.array(queryGarbage, { maxLength: 4 }), fc.boolean()).map(([method, parts, withTemplate]) => {
          const valid = withTemplate ? toQuery(template.body).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`) : [];
          return { ...base, method, headers: {}, query: { raw: [...valid, ...parts].join('&') } };
        }),
      },
    );
  }
  arbitraries.push({
    weight: 1,
    arbitrary: fc
      .constantFrom<HttpMethod>('GET', 'POST', 'PUT', 'DELETE', 'PATCH')
      .filter((m) => !route.methods.includes(m))
      .map((method) => ({
        ...base,
        method,
        headers: method === 'GET' ? {} : JSON_HEADERS,
        ...(method === 'GET' ? {} : { body: { json: template.body } }),
        invalid: `${route.path} does not serve ${method}`,
      })),
  });
  return fc.oneof(...arbitraries);
}

/** Artifact paths: ordinary, odd and hostile (traversal, encoded traversal, NUL, absolute, backslashes). */
export const artifactPath = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '$ROOT/file.txt', '$ROOT/dir/nested.json', '$ROOT', '$ROOT/', '$ROOT/missing.bin', 'fuzz/a.txt', 'fuzz/dir/b.txt', 'fuzz',
      '$ROOT/file.txt/inside', 'fuzz/a b.txt', 'fuzz/%C3%A9.txt', 'fuzz/😀.txt', 'fuzz/x.html', 'fuzz/$LONG:300',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..', '../x', 'a/../../b', '$ROOT/../../x', '.', './x', 'a/./b', 'a//b', '%2e%2e/x', '%2E%2E%2Fx', '%252e%252e/x', '.%2e/x',
      '..%2fx', '..%5cx', 'a%5c..%5cb', '..\\x', 'a\\b', '%00', 'a%00b', '/etc/passwd', '%2Fetc%2Fpasswd', 'C:/x', 'c:%5cwindows',
      '%c0%ae%c0%ae/x', '$ROOT/%2e%2e/%2e%2e', '%', '%zz', '$LONG:1025', '$LONG:2049', 'a/'.repeat(20),
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', '..', '.', '', '%2e', '%2f', '\\', '%00', '$ROOT', 'ü'), { minLength: 1, maxLength: 5 }).map((s) => s.join('/')) },
);

const artifactBody = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'hello', '{"a":1}', '\u0000\u0001\u00ff', '$LONG:100000').map((t) => ({ text: t })),
  fc.string({ maxLength: 100 }).map((t) => ({ text: t })),
);

/** Requests for the artifact proxy routes: every method, hostile paths, any content type. */
function artifactRouteRequests(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const wildcard = route.path.endsWith('/*');
  const base = wildcard ? route.path.slice(0, -1) : route.path;
  const methods = [...route.methods, 'PATCH'] as HttpMethod[];
  return fc
    .record({
      method: fc.constantFrom(...methods),
      path: wildcard ? artifactPath : fc.constant(''),
      listPath: fc.option(artifactPath, { nil: undefined }),
      query: fc.option(fc.array(queryGarbage, { maxLength: 2 }), { nil: undefined }),
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES, ...ODD_JSON_TYPES), { nil: undefined }),
      body: artifactBody,
    })
    .map((r): FuzzRequest => {
      const query: Array<[string, string]> | { raw: string } | undefined =
        r.listPath !== undefined ? [['path', r.listPath]] : r.query ? { raw: r.query.join('&') } : undefined;
      const sendsBody = r.method === 'PUT' || r.method === 'POST';
      return {
        method: r.method,
        route: route.path,
        path: base + r.path,
        ...(query ? { query } : {}),
        headers: r.contentType && sendsBody ? { 'content-type': r.contentType } : {},
        ...(sendsBody && r.body ? { body: r.body } : {}),
        ...(route.methods.includes(r.method) ? {} : { invalid: `${route.path} does not serve ${r.method}` }),
      };
    });
}

/** Requests for anything else the app serves (health, the OpenAPI document). */
function otherRouteRequests(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  return fc.record({ method: fc.constantFrom<HttpMethod>('GET', 'HEAD', 'POST', 'DELETE'), query: fc.array(queryGarbage, { maxLength: 3 }) }).map(
    (r): FuzzRequest => ({
      method: r.method,
      route: route.path,
      path: route.path,
      query: { raw: r.query.join('&') },
      headers: r.method === 'POST' ? JSON_HEADERS : {},
      ...(r.method === 'POST' ? { body: { text: '{}' } } : {}),
      ...(route.methods.includes(r.method) ? {} : { invalid: `${route.path} does not serve ${r.method}` }),
    }),
  );
}

/** Random requests for one route. */
export function requestsFor(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const family = routeFamily(route.path);
  switch (family) {
    case 'mlflow':
    case 'native':
      return jsonRouteRequests(route);
    case 'artifacts':
      return artifactRouteRequests(route);
    case 'other':
      return otherRouteRequests(route);
    default: {
      const never: never = family;
      throw new Error(`unknown route family ${String(never)}`);
    }
  }
}

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
