import type { Browser } from 'playwright-core';
import type { ServerChild } from '../support/server-child.js';
import { median, percentile, round } from '../support/stats.js';
import { probeInitScript, readPageTimings, type PageTimings, type ReadyCondition } from './page-probe.js';
import { coresBetween, readCpu } from './process-cpu.js';

/** One cold navigation, timed from page.goto until the page showed what `ready` asks for. */
export interface NavigationSample {
  /** Wall time in this process, from calling page.goto to the ready condition seen (+ the next frame). */
  wallMs: number;
  /** In the page, since navigation start: the element matched, and the frame after it. */
  readyMs: number;
  paintedMs: number;
  /** Where the time went, from the Performance API (ms since navigation start; see breakdown()). */
  breakdown: Breakdown;
  attributes: Record<string, string | null>;
  matching: number;
  /** Cores used during the navigation: the server, Chromium (all its processes), everything else. */
  cores: { server: number; browser: number; other: number };
  timings: PageTimings;
}

/**
 * The page's timeline cut into consecutive parts (they add up to paintedMs):
 * - `document`: navigation start until the HTML has arrived;
 * - `assets`: until the last script/stylesheet of the app has arrived;
 * - `boot`: until the app sent its first API request (script evaluation, React's first render);
 * - `api`: until the response the element shows arrived (`dataRequest`: the first runs/search
 *   page, the history-bulk answer): server time, transfer, and any requests it waited for;
 * - `afterApi`: until the element matched: JSON.parse (`jsonParseMs`), and the JavaScript that
 *   turns the data into DOM (React render, chart drawing), while later requests may run;
 * - `frame`: until the next frame had been produced (style, layout, paint).
 */
export interface Breakdown {
  document: number;
  assets: number;
  boot: number;
  api: number;
  afterApi: number;
  jsonParseMs: number;
  frame: number;
  /** The API requests that ended before the element appeared: path, start, ms, bytes (decoded). */
  apiRequests: { path: string; startMs: number; ms: number; bytes: number }[];
  /** Main-thread tasks over 50 ms before the element appeared: count and total ms. */
  longTasks: { count: number; ms: number };
}

export function breakdown(t: PageTimings, dataRequest: string | undefined): Breakdown {
  const ready = t.probe.readyAt ?? Number.NaN;
  const painted = t.probe.paintedAt ?? Number.NaN;
  const assets = t.resources.filter((r) => r.name.startsWith('/assets/'));
  const api = t.resources.filter((r) => r.name.startsWith('/api/') || r.name.startsWith('/ajax-api/')).filter((r) => r.responseEnd <= ready);
  const assetsEnd = Math.max(t.documentResponseEnd, ...assets.map((r) => r.responseEnd));
  const firstApiStart = api.length > 0 ? Math.min(...api.map((r) => r.startTime)) : ready;
  const data = api.filter((r) => dataRequest !== undefined && r.name.startsWith(dataRequest));
  const dataEnd = data.length > 0 ? Math.min(...data.map((r) => r.responseEnd)) : api.length > 0 ? Math.max(...api.map((r) => r.responseEnd)) : firstApiStart;
  const long = t.probe.longTasks.filter((l) => l.start < ready);
  const parse = t.probe.jsonParse.calls.filter((c) => c.at >= firstApiStart && c.at < ready).reduce((a, c) => a + c.ms, 0);
  return {
    document: round(t.documentResponseEnd),
    assets: round(assetsEnd - t.documentResponseEnd),
    boot: round(firstApiStart - assetsEnd),
    api: round(dataEnd - firstApiStart),
    afterApi: round(ready - dataEnd),
    jsonParseMs: round(parse),
    frame: round(painted - ready),
    apiRequests: api.map((r) => ({ path: r.name.slice(0, 120), startMs: round(r.startTime), ms: round(r.responseEnd - r.startTime), bytes: r.decodedBodySize })),
    longTasks: { count: long.length, ms: round(long.reduce((a, l) => a + l.duration, 0)) },
  };
}

/**
 * Opens `url` in a fresh browser context (empty HTTP cache and storage: a cold navigation)
 * and waits until `ready` holds in the page and one more frame has been produced.
 */
export async function navigateOnce(options: {
  browser: Browser;
  server: ServerChild;
  url: string;
  ready: ReadyCondition;
  timeoutMs: number;
  /** Called with the page before page.goto (tracing, CDP). */
  before?: (page: import('playwright-core').Page) => Promise<void>;
  after?: (page: import('playwright-core').Page) => Promise<void>;
}): Promise<NavigationSample> {
  const { browser, server, url, ready } = options;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  try {
    await context.addInitScript(probeInitScript, { selector: ready.selector, predicate: ready.predicate ?? null, record: [...(ready.record ?? [])], recordText: [...(ready.recordText ?? [])] });
    const page = await context.newPage();
    await options.before?.(page);
    const cpu0 = readCpu({ serverPid: server.pid });
    const server0 = await server.cpuMicros();
    const start = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: options.timeoutMs });
    await page.waitForFunction(() => (globalThis as unknown as { __fwProbe?: { paintedAt: number | null } }).__fwProbe?.paintedAt != null, null, {
      timeout: options.timeoutMs,
      polling: 'raf',
    });
    const wallMs = performance.now() - start;
    const serverMicros = (await server.cpuMicros()) - server0;
    const cpu = coresBetween(cpu0, readCpu({ serverPid: server.pid }));
    await options.after?.(page);
    const timings = await page.evaluate(readPageTimings);
    return {
      wallMs: round(wallMs),
      readyMs: round(timings.probe.readyAt ?? Number.NaN),
      paintedMs: round(timings.probe.paintedAt ?? Number.NaN),
      breakdown: breakdown(timings, ready.dataRequest),
      attributes: timings.probe.attributes,
      matching: timings.probe.matching,
      cores: { server: round(serverMicros / 1000 / wallMs), browser: cpu.browser, other: cpu.other },
      timings,
    };
  } finally {
    await context.close();
  }
}

export interface NavigationResult {
  url: string;
  /** The first navigation after seeding: nothing in the server's caches, a fresh renderer. */
  first: NavigationSample;
  samples: NavigationSample[];
  wall: { medianMs: number; p95Ms: number; minMs: number; maxMs: number };
  inPage: { medianMs: number; p95Ms: number };
  /** The median of each part of the breakdown over the samples. */
  medianBreakdown: Omit<Breakdown, 'apiRequests' | 'longTasks'> & { longTaskMs: number };
  /** Samples during which other processes took more than 0.2 cores. */
  contendedSamples: number;
}

/** One navigation with the server cold, then `samples` more; median and p95 of the latter. */
export async function measureNavigation(options: {
  browser: Browser;
  server: ServerChild;
  url: string;
  ready: ReadyCondition;
  samples: number;
  timeoutMs: number;
  check?: (s: NavigationSample) => void;
}): Promise<NavigationResult> {
  const once = async (): Promise<NavigationSample> => {
    const s = await navigateOnce(options);
    options.check?.(s);
    return s;
  };
  const first = await once();
  const samples: NavigationSample[] = [];
  for (let i = 0; i < options.samples; i++) samples.push(await once());
  const wall = samples.map((s) => s.wallMs);
  const med = (f: (b: Breakdown) => number): number => round(median(samples.map((s) => f(s.breakdown))));
  return {
    url: options.url,
    first,
    samples,
    wall: { medianMs: round(median(wall)), p95Ms: round(percentile(wall, 95)), minMs: Math.min(...wall), maxMs: Math.max(...wall) },
    inPage: { medianMs: round(median(samples.map((s) => s.paintedMs))), p95Ms: round(percentile(samples.map((s) => s.paintedMs), 95)) },
    medianBreakdown: {
      document: med((b) => b.document),
      assets: med((b) => b.assets),
      boot: med((b) => b.boot),
      api: med((b) => b.api),
      afterApi: med((b) => b.afterApi),
      jsonParseMs: med((b) => b.jsonParseMs),
      frame: med((b) => b.frame),
      longTaskMs: med((b) => b.longTasks.ms),
    },
    contendedSamples: samples.filter((s) => s.cores.other > 0.2).length,
  };
}
