import { request as httpRequest } from 'node:http';
import { pino, type Logger } from 'pino';
import type { RunningServer } from '../../src/server/index.js';
import { routeFamily, type FuzzRequest } from './fuzz-routes.js';

/**
 * Sends fuzz requests (fuzz-requests.ts) to a running server, in-process with `app.inject`
 * or over real HTTP, and judges each answer: never a 5xx or a hang, never a 2xx for a request
 * that is invalid by construction, and every error a JSON body with `error_code` and
 * `message`. A failure describes the request, the answer and what the server logged.
 */

/** A logger that keeps error-level lines (with stacks), so a 500 is reported with its cause. */
export function capturingLogger(): { logger: Logger; drain(): string[] } {
  let lines: string[] = [];
  const logger = pino(
    { level: 'error' },
    {
      write(line: string) {
        try {
          const entry = JSON.parse(line) as { msg?: string; err?: { stack?: string }; method?: string; url?: string };
          lines.push(`${entry.msg ?? ''} ${entry.method ?? ''} ${entry.url?.slice(0, 300) ?? ''}\n${entry.err?.stack ?? line}`);
        } catch {
          lines.push(line);
        }
      },
    },
  );
  return {
    logger,
    drain: () => {
      const out = lines;
      lines = [];
      return out;
    },
  };
}

/** The fixture's ids that placeholders stand for, and the protected data the fuzz must not reach. */
export interface FuzzIds {
  run: string;
  run2: string;
  deletedRun: string;
  exp: string;
  expName: string;
  /** $RUN's artifact folder relative to the proxy root: `<exp>/<run>/artifacts`. */
  root: string;
  /** The experiment and run whose data is checked after the fuzzing; requests never name them. */
  protectedExp: string;
  protectedRun: string;
}

export interface PreparedRequest {
  method: string;
  route: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: Record<string, string>;
  payload?: string;
  invalid?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** Set when no answer came within the time limit. */
  hung?: boolean;
  /** The request never reached an answer (connection refused or reset). */
  transportError?: string;
}

const DEEP_LEVELS = 100_000;
const DEEP_TEXT = '['.repeat(DEEP_LEVELS) + ']'.repeat(DEEP_LEVELS);
const BIG_IN = `attributes.run_id IN (${Array.from({ length: 5000 }, (_, i) => `'r${i}'`).join(',')})`;
const TIMEOUT_MS = 15_000;

let uniqueCounter = 0;

/** Fields that carry experiment ids, where the protected experiment's id must not appear. */
const EXPERIMENT_ID_FIELDS = new Set(['experiment_id', 'experiment_ids']);

/** Percent-encodes UTF-8 bytes; unlike encodeURIComponent it takes lone surrogates (as U+FFFD). */
function encodeQueryText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function fullyDecoded(text: string): string {
  let current = text;
  for (let i = 0; i < 8; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * MLflow's rule for artifact paths (validate_path_is_safe), written out independently of the
 * server: relative, no '.', '..' or empty segments, no backslash or NUL, after any amount of
 * percent-decoding.
 */
export function unsafeArtifactPath(raw: string, allowEmpty: boolean): boolean {
  const decoded = fullyDecoded(raw);
  if (decoded.includes('\0') || decoded.includes('\\')) return true;
  if (decoded.startsWith('/') || /^[a-zA-Z]:/.test(decoded)) return true;
  const trimmed = decoded.replace(/\/+$/, '');
  if (trimmed === '') return !allowEmpty;
  return trimmed.split('/').some((s) => s === '' || s === '.' || s === '..');
}

export class FuzzHarness {
  constructor(
    private readonly server: RunningServer,
    private readonly logs: { drain(): string[] },
    public ids: FuzzIds,
  ) {}

  /** Placeholders and markers in one string. */
  private resolveText(text: string): string {
    return text.replace(/\$(RUN2|RUN|DELETED_RUN|EXPNAME|EXPNUM|EXP|ROOT|UNIQUE|BIGIN|LONG:(\d+)|WIDE:(\d+))/g, (_m, name: string, long?: string, wide?: string) => {
      if (long) return 'x'.repeat(Number(long));
      if (wide) return '\u{1F600}'.repeat(Number(wide));
      switch (name) {
        case 'RUN2':
          return this.ids.run2;
        case 'RUN':
          return this.ids.run;
        case 'DELETED_RUN':
          return this.ids.deletedRun;
        case 'EXPNAME':
          return this.ids.expName;
        case 'EXPNUM':
        case 'EXP':
          return this.ids.exp;
        case 'ROOT':
          return this.ids.root;
        case 'UNIQUE':
          return `fz-${process.pid}-${++uniqueCounter}`;
        case 'BIGIN':
          return BIG_IN;
        default:
          return _m;
      }
    });
  }

  /**
   * A value that would name the protected run, or the protected experiment in a field that
   * takes an experiment id, names the fuzz victim instead. Other fields keep their values (a
   * step of 1 stays 1 even when the protected experiment's id is 1).
   */
  private protect(value: unknown, field: string | undefined): unknown {
    const { protectedExp, protectedRun } = this.ids;
    if (value === protectedRun) return this.ids.run;
    if (field === undefined || !EXPERIMENT_ID_FIELDS.has(field)) return value;
    if (typeof value === 'string' && /^\s*\+?\d+(\.0*)?\s*$/.test(value) && Number(value) === Number(protectedExp)) return this.ids.exp;
    if (typeof value === 'number' && value === Number(protectedExp)) return Number(this.ids.exp);
    return value;
  }

  private resolveJson(value: unknown, field?: string): unknown {
    if (typeof value === 'string') {
      if (value === '$EXPNUM') return Number(this.ids.exp);
      if (value === '$DEEP') return value;
      return this.protect(this.resolveText(value), field);
    }
    if (Array.isArray(value)) return value.map((v) => this.resolveJson(v, field));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        // defineProperty: a '__proto__' field stays an own property, as JSON.parse makes it.
        Object.defineProperty(out, k, { value: this.resolveJson(v, k), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return this.protect(value, field);
  }

  private protectArtifactPath(path: string): string {
    const segments = fullyDecoded(path).split(/[\\/]/);
    return segments.includes(this.ids.protectedExp) || segments.includes(this.ids.protectedRun) ? `z${path}` : path;
  }

  prepare(req: FuzzRequest): PreparedRequest {
    let path = this.resolveText(req.path);
    const family = routeFamily(req.route);
    if (family === 'artifacts') {
      const base = req.route.replace(/\/\*$/, '');
      if (path.startsWith(`${base}/`)) path = `${base}/${this.protectArtifactPath(path.slice(base.length + 1))}`;
    }
    let query = '';
    if (Array.isArray(req.query)) {
      query = req.query
        .map(([k, v]) => {
          let value = String(this.protect(this.resolveText(v), k));
          if (k === 'path' && family === 'artifacts') value = this.protectArtifactPath(value);
          return `${encodeQueryText(k)}=${encodeQueryText(value)}`;
        })
        .join('&');
    } else if (req.query) {
      query = this.resolveText(req.query.raw);
    }
    let payload: string | undefined;
    if (req.body && 'json' in req.body) {
      payload = (JSON.stringify(this.resolveJson(req.body.json)) ?? 'null').replaceAll('"$DEEP"', DEEP_TEXT);
    } else if (req.body) {
      payload = req.body.text === '$DEEP' ? DEEP_TEXT : this.resolveText(req.body.text);
    }
    return {
      method: req.method,
      route: req.route,
      url: query ? `${path}?${query}` : path,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, this.resolveText(v)])),
      ...(payload !== undefined ? { payload } : {}),
      ...(req.invalid ? { invalid: req.invalid } : {}),
    };
  }

  async inject(prepared: PreparedRequest): Promise<Answer> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ status: 0, contentType: '', body: '', hung: true }), TIMEOUT_MS);
    });
    const answer = this.server.app
      .inject({
        method: prepared.method as 'GET',
        url: prepared.url,
        headers: prepared.headers,
        ...(prepared.payload !== undefined ? { payload: prepared.payload } : {}),
      })
      .then(
        (res): Answer => ({ status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body }),
        (e: Error): Answer => ({ status: 0, contentType: '', body: '', transportError: e.stack ?? e.message }),
      );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Over a socket: fetch when the URL would reach the server unchanged, node:http otherwise
   * (fetch normalises `..` and backslashes away, which would hide the paths under test).
   */
  async http(prepared: PreparedRequest): Promise<Answer> {
    const normalized = new URL(prepared.url, this.server.url);
    if (normalized.pathname + normalized.search === prepared.url) return this.fetch(prepared);
    return this.rawHttp(prepared);
  }

  private async fetch(prepared: PreparedRequest): Promise<Answer> {
    try {
      const res = await fetch(this.server.url + prepared.url, {
        method: prepared.method,
        headers: prepared.headers,
        ...(prepared.payload !== undefined ? { body: prepared.payload } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError') return { status: 0, contentType: '', body: '', hung: true };
      return { status: 0, contentType: '', body: '', transportError: `${err.message} ${String(err.cause ?? '')}` };
    }
  }

  /** Sends the path verbatim; only characters HTTP cannot carry are percent-encoded. */
  rawHttp(prepared: PreparedRequest): Promise<Answer> {
    const path = prepared.url.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const { hostname, port } = new URL(this.server.url);
    return new Promise<Answer>((resolve) => {
      const req = httpRequest(
        { host: hostname, port, method: prepared.method, path, headers: prepared.headers, agent: false, timeout: TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (e) => resolve({ status: 0, contentType: '', body: '', transportError: e.message }));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        resolve({ status: 0, contentType: '', body: '', hung: true });
      });
      req.on('error', (e) => resolve({ status: 0, contentType: '', body: '', transportError: e.message }));
      req.end(prepared.payload);
    });
  }

  /** Why the answer is wrong, or undefined. `viaHttp` answers are judged on the path as sent. */
  judge(prepared: PreparedRequest, answer: Answer, viaHttp: boolean): string | undefined {
    const serverLog = this.logs.drain();
    const invalid = prepared.invalid ?? this.invalidArtifactPath(prepared, viaHttp);
    let problem: string | undefined;
    if (answer.hung) problem = `no answer within ${TIMEOUT_MS} ms`;
    else if (answer.transportError) problem = `the request failed: ${answer.transportError}`;
    else if (answer.status >= 500) problem = `a ${answer.status}`;
    else if (serverLog.length > 0) problem = 'the server logged an error';
    else if (invalid && answer.status < 400) problem = `${answer.status} for an invalid request (${invalid})`;
    else if (answer.status < 200) problem = `an unexpected status ${answer.status}`;
    else if (prepared.method !== 'HEAD') problem = this.judgeBody(prepared, answer);
    if (!problem) return undefined;
    return describeFailure(prepared, answer, problem, serverLog);
  }

  private judgeBody(prepared: PreparedRequest, answer: Answer): string | undefined {
    const isDownload = routeFamily(prepared.route) === 'artifacts' && prepared.method === 'GET' && answer.status < 400;
    if (isDownload) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return `a ${answer.status} whose body is not JSON`;
    }
    if (answer.status >= 400) {
      if (!answer.contentType.startsWith('application/json')) return `a ${answer.status} with content-type '${answer.contentType}'`;
      const error = body as { message?: unknown; error_code?: unknown } | null;
      if (error === null || typeof error !== 'object') return `a ${answer.status} whose body is not an object`;
      if (typeof error.message !== 'string' || error.message.trim() === '') return `a ${answer.status} without a message`;
      if (typeof error.error_code !== 'string' || error.error_code === '') return `a ${answer.status} without an error_code`;
    }
    return undefined;
  }

  /**
   * For artifact routes, whether the path that reaches the server is unsafe. `inject` parses
   * the URL as WHATWG does (dot segments and backslashes normalised before routing), so the
   * path is judged as the server will see it; a raw HTTP request is judged as sent.
   */
  private invalidArtifactPath(prepared: PreparedRequest, viaHttp: boolean): string | undefined {
    if (routeFamily(prepared.route) !== 'artifacts') return undefined;
    const base = prepared.route.replace(/\/\*$/, '');
    const parsed = new URL(prepared.url, 'http://localhost');
    // The router ignores one trailing slash (ignoreTrailingSlash), so `artifacts//` lists the root.
    const sentPath = (viaHttp ? (prepared.url.split('?')[0] as string) : parsed.pathname).replace(/(.)\/$/, '$1');
    const listPath = parsed.searchParams.get('path');
    const isList = (prepared.method === 'GET' || prepared.method === 'HEAD') && (sentPath === base || sentPath === `${base}/`);
    if (isList) return listPath !== null && unsafeArtifactPath(listPath, true) ? `an unsafe listing path '${listPath.slice(0, 80)}'` : undefined;
    if (!sentPath.startsWith(`${base}/`)) return undefined;
    const wildcard = sentPath.slice(base.length + 1);
    if (wildcard === '' && (prepared.method === 'GET' || prepared.method === 'HEAD')) return undefined;
    return unsafeArtifactPath(wildcard, false) ? `an unsafe artifact path '${wildcard.slice(0, 80)}'` : undefined;
  }
}

const clip = (text: string, n = 1500) => (text.length > n ? `${text.slice(0, n)}... (${text.length} chars)` : text);

export function describeFailure(prepared: PreparedRequest, answer: Answer, problem: string, serverLog: string[]): string {
  return [
    `${problem}: ${prepared.method} ${clip(prepared.url, 600)}`,
    `route: ${prepared.route}`,
    `request headers: ${JSON.stringify(prepared.headers)}`,
    `request body: ${prepared.payload === undefined ? '(none)' : clip(prepared.payload)}`,
    `answer: HTTP ${answer.status} ${answer.contentType}`,
    `response body: ${clip(answer.body)}`,
    ...(serverLog.length > 0 ? ['server log:', ...serverLog.map((l) => clip(l, 3000))] : []),
  ].join('\n');
}
