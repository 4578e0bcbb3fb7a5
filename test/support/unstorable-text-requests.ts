import { ROUTE_CONTRACTS, type RouteContract } from '../../src/contracts/index.js';
import { routeKey, TEMPLATES } from './fuzz-routes.js';

/*
 * Requests that put text no engine can store as sent (a NUL; half a surrogate pair) in one
 * text input of one route at a time: each path parameter, each query or MLflow field, each
 * string in a valid body. Built from the route contracts, so a new route is covered as
 * soon as it has one; bodies start from the fuzz's valid templates (fuzz-routes.ts), so a
 * lookup that needs the other fields right (a metric key of an existing run) gets that far.
 */

/** The fixture the requests name: real entities, so lookups go past the first one. */
export interface TextFixture {
  exp: string;
  expName: string;
  run: string;
  run2: string;
  deletedRun: string;
  /** The run's artifact folder under the proxy root. */
  root: string;
  model: string;
  dataset: string;
  job: string;
  sweep: string;
}

export interface TextRequest {
  /** Route, input and value, for the failure report. */
  label: string;
  method: string;
  /** Path and query, encoded. */
  url: string;
  /** JSON text. */
  body?: string;
}

/** In a URL only a NUL can arrive (`%00`): invalid UTF-8 such as a lone surrogate's bytes is refused or kept as text. */
const URL_VALUES = ['a\u0000b', '\u0000'];
/** In JSON both arrive, as escapes. */
const JSON_VALUES = ['a\u0000b', '\u0000', 'x\uD800y', '\uDC00'];

/** Routes of other servers (`fw serve` answers the inference routes; its tensors may hold any text). */
const ELSEWHERE = new Set(['inference']);

/** Fastify's `*` parameter is named so in params; the fixture's value for each parameter of each path. */
function paramValue(contract: RouteContract, name: string, f: TextFixture): string {
  const path = contract.path;
  if (name === '*') return path.includes('mlflow-artifacts') ? `${f.root}/file.txt` : 'model.onnx';
  if (name === 'id') return path.includes('/sweeps/') ? f.sweep : f.job;
  if (name === 'name') return path.includes('/models/') ? f.model : f.dataset;
  if (name === 'hash') return '0'.repeat(64);
  if (name === 'alias') return 'champion';
  if (name === 'tag') return 't';
  return '1'; // version, ref, number
}

function resolve(value: unknown, f: TextFixture, unique: () => string): unknown {
  if (typeof value === 'string') {
    return value
      .replaceAll('$UNIQUE', unique())
      .replaceAll('$RUN2', f.run2)
      .replaceAll('$DELETED_RUN', f.deletedRun)
      .replaceAll('$RUN', f.run)
      .replaceAll('$EXPNAME', f.expName)
      .replaceAll('$EXP', f.exp);
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, f, unique));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, f, unique)]));
  return value;
}

/** The field names of an object schema (through optional, default and pipe wrappers). */
function schemaKeys(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown; innerType?: unknown } } } | undefined;
  for (let i = 0; i < 5 && current; i++) {
    if (current.shape) return Object.keys(current.shape);
    const def = current._zod?.def;
    current = (def?.in ?? def?.innerType) as typeof current;
  }
  return [];
}

type Path = Array<string | number>;

/** Every string in a JSON value, by path. */
function stringLeaves(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function setAt(value: unknown, path: Path, leaf: string): unknown {
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1] as string | number] = leaf;
  return copy;
}

const shown = (text: string) => JSON.stringify(text);

function queryString(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(typeof item === 'string' ? item : JSON.stringify(item))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** One request per text input of every route this server serves, and per unstorable value. */
export function unstorableTextRequests(f: TextFixture): TextRequest[] {
  let counter = 0;
  const unique = () => `unstorable-${process.pid}-${++counter}`;
  const requests: TextRequest[] = [];
  for (const contract of ROUTE_CONTRACTS) {
    if (ELSEWHERE.has(contract.tag)) continue;
    const names = [...contract.path.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
    const params = Object.fromEntries(names.map((n) => [n, paramValue(contract, n, f)]));
    const pathWith = (values: Record<string, string>) =>
      contract.path.replace(/:(\w+)|\*/g, (_, n: string | undefined) => {
        const value = values[n ?? '*'] as string;
        // The wildcard keeps its slashes; a parameter is one segment.
        return n === undefined ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
      });
    const template = TEMPLATES[routeKey(contract.path)];
    const inputKeys = [...schemaKeys(contract.fields), ...schemaKeys(contract.body), ...schemaKeys(contract.query)];
    const base = (resolve(template?.body ?? {}, f, unique) ?? {}) as Record<string, unknown>;
    // A field the template leaves out is sent alone beside it.
    const slots: Path[] = [...stringLeaves(base), ...inputKeys.filter((k) => !(k in base)).map((k) => [k])];

    for (const method of contract.methods) {
      if (method === 'HEAD') continue;
      const label = (what: string, value: string) => `${method} ${contract.path} with ${what} = ${shown(value)}`;
      for (const name of names) {
        for (const value of URL_VALUES) {
          const url = pathWith({ ...params, [name]: name === '*' ? `${f.root}/${value}` : value });
          const withBody = method !== 'GET' && method !== 'DELETE' && !contract.rawBody;
          requests.push({ label: label(`path parameter ${name}`, value), method, url: url + (withBody ? '' : queryString(base)), ...(withBody ? { body: JSON.stringify(base) } : {}) });
        }
      }
      if (contract.rawBody) continue;
      const inQuery = method === 'GET' || (method === 'DELETE' && !contract.body);
      for (const slot of slots) {
        for (const value of inQuery ? URL_VALUES : JSON_VALUES) {
          const fields = setAt(base, slot, value) as Record<string, unknown>;
          // A query string is flat: a list's items are repeats, an object is its JSON.
          if (inQuery && slot.length > 2) continue;
          requests.push({
            label: label(slot.join('.'), value),
            method,
            url: pathWith(params) + (inQuery ? queryString(fields) : ''),
            ...(inQuery ? {} : { body: JSON.stringify(fields) }),
          });
        }
      }
    }
  }
  return requests;
}
