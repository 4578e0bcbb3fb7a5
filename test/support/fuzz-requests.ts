import fc from 'fast-check';
import { ALIASES, JSON_HEADERS, routeFamily, routeKey, TEMPLATES, type FuzzRequest, type HttpMethod, type Template } from './fuzz-routes.js';
import {
  artifactPath,
  CONTENT_TYPES,
  FIELD_NAMES,
  fieldSoup,
  MALFORMED_JSON,
  nastyValue,
  ODD_JSON_TYPES,
  orderBy,
  queryGarbage,
  searchFilter,
} from './fuzz-values.js';
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
    // In a query string a list is repeated keys (the first one counts) and null is the text "null".
    const effective = forQuery && Array.isArray(value) ? value[0] : value;
    const missing = forQuery
      ? effective === undefined || effective === ''
      : value === undefined || value === null || value === '' || (isList && Array.isArray(value) && value.length === 0);
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

/** An Idempotency-Key header now and then (log-batch reads it; other routes must ignore it). */
const idempotencyKey = fc.option(
  fc.oneof(fc.constantFrom('', 'k', ' ', '$UNIQUE', '$LONG:200', '$LONG:201', '$LONG:10000'), fc.string({ unit: 'grapheme-ascii', maxLength: 40 })),
  { nil: undefined, freq: 3 },
);

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
        arbitrary: fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), idempotencyKey).map(([ms, key]) => {
          const { body, invalid } = mutate(template, ms, false);
          const headers = key === undefined ? JSON_HEADERS : { ...JSON_HEADERS, 'idempotency-key': key };
          return { ...base, method: 'POST' as const, headers, body: { json: body }, ...(invalid ? { invalid } : {}) };
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
  if ('filter' in template.body || 'order_by' in template.body) {
    const search = fc.record({ filter: fc.option(searchFilter, { nil: undefined }), order_by: fc.array(orderBy, { maxLength: 3 }) }).map((q) => {
      const body: Record<string, unknown> = { ...template.body, order_by: q.order_by };
      if (q.filter === undefined) delete body.filter;
      else body.filter = q.filter;
      return body;
    });
    if (canPost) {
      arbitraries.push({ weight: 3, arbitrary: search.map((body) => ({ ...base, method: 'POST' as const, headers: JSON_HEADERS, body: { json: body } })) });
    }
    if (canGet) {
      arbitraries.push({ weight: 2, arbitrary: search.map((body) => ({ ...base, method: 'GET' as const, headers: {}, query: toQuery(body) })) });
    }
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

const artifactBody = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'hello', '{"a":1}', '\u0000\u0001\u00ff', '$LONG:100000').map((t) => ({ text: t })),
  fc.string({ maxLength: 100 }).map((t) => ({ text: t })),
);

/** Requests for the artifact proxy routes: every method, hostile paths, any content type. */
function artifactRouteRequests(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const wildcard = route.path.endsWith('/*');
  const base = wildcard ? route.path.slice(0, -1) : route.path;
  const methods = [...new Set([...route.methods, 'PUT', 'DELETE', 'PATCH'])] as HttpMethod[];
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
