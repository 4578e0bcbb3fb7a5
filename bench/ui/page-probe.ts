/**
 * What the benchmark learns from inside the page: an init script (runs before the app's own
 * scripts) that notes when the "rendered" element first appears and when the frame after it
 * has been produced, times every JSON.parse (the API client parses response text with it),
 * and collects long tasks; then, once the page is ready, the Performance API's navigation and
 * resource timings. All times are milliseconds since the navigation started (performance.now()).
 */

/*
 * The functions below run in the browser, serialized by playwright. The project compiles
 * without the DOM library (it is a Node project), so the few browser globals they use are
 * declared here, for this file only, with just the shapes used.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  textContent: string | null;
}
interface CanvasContext {
  canvas: Record<string, unknown>;
  stroke(...args: unknown[]): void;
}
interface PageEntry {
  name: string;
  startTime: number;
  duration: number;
  initiatorType: string;
  responseStart: number;
  responseEnd: number;
  encodedBodySize: number;
  decodedBodySize: number;
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
}
declare const window: Record<string, unknown>;
declare const document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const location: { origin: string };
declare const performance: { now(): number; getEntriesByType(type: string): PageEntry[] };
declare const PerformanceObserver: new (cb: (list: { getEntries(): PageEntry[] }) => void) => { observe(options: { type: string; buffered: boolean }): void };
declare const MutationObserver: new (cb: () => void) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void };
declare const requestAnimationFrame: (cb: () => void) => number;
declare const CanvasRenderingContext2D: { prototype: CanvasContext } | undefined;

export interface ReadyCondition {
  /** CSS selector of the element whose appearance means the page is rendered. */
  selector: string;
  /**
   * Source of a function `(el: Element) => boolean` evaluated in the page on each DOM change,
   * e.g. `(el) => Number(el.getAttribute('data-points')) > 0`. Absent: appearing is enough.
   */
  predicate?: string;
  /** Attributes of that element to record when it is ready (shown in the results). */
  record?: readonly string[];
  /** Selectors inside that element whose text to record when it is ready. */
  recordText?: readonly string[];
  /** Path prefix of the API request whose answer the element shows (for the breakdown). */
  dataRequest?: string;
}

export interface ProbeState {
  /** When the element matched the condition (a DOM mutation made it so). */
  readyAt: number | null;
  /** When the frame after that had been produced (rAF, then a task). */
  paintedAt: number | null;
  /** The recorded attributes and texts, and how many elements matched the selector. */
  attributes: Record<string, string | null>;
  matching: number;
  jsonParse: { count: number; ms: number; chars: number; calls: { at: number; ms: number; chars: number }[] };
  longTasks: { start: number; duration: number }[];
}

export interface ResourceTiming {
  name: string;
  initiatorType: string;
  startTime: number;
  responseStart: number;
  responseEnd: number;
  /** Body bytes as sent (compressed, if it was) and after decoding. */
  encodedBodySize: number;
  decodedBodySize: number;
}

export interface PageTimings {
  /** The HTML document's response had fully arrived. */
  documentResponseEnd: number;
  domContentLoaded: number;
  loadEvent: number;
  resources: ResourceTiming[];
  probe: ProbeState;
}

/** The init script, as a function playwright serializes into the page with its argument. */
export function probeInitScript(cfg: { selector: string; predicate: string | null; record: string[]; recordText: string[] }): void {
  const state: ProbeState = {
    readyAt: null,
    paintedAt: null,
    attributes: {},
    matching: 0,
    jsonParse: { count: 0, ms: 0, chars: 0, calls: [] },
    longTasks: [],
  };
  window.__fwProbe = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the field stays empty.
  }
  const parse = JSON.parse;
  JSON.parse = function timedParse(this: unknown, text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    const t = performance.now();
    try {
      return parse.call(this, text, reviver) as unknown;
    } finally {
      const ms = performance.now() - t;
      const chars = typeof text === 'string' ? text.length : 0;
      state.jsonParse.count++;
      state.jsonParse.ms += ms;
      state.jsonParse.chars += chars;
      if (ms >= 1) state.jsonParse.calls.push({ at: t, ms, chars });
    }
  } as typeof JSON.parse;
  const predicate = cfg.predicate ? (new Function('el', `return (${cfg.predicate})(el);`) as (el: PageElement) => boolean) : () => true;
  const check = (): void => {
    if (state.readyAt !== null) return;
    const els = Array.from(document.querySelectorAll(cfg.selector));
    const el = els.find((e) => predicate(e));
    if (!el) return;
    state.readyAt = performance.now();
    state.matching = els.length;
    for (const a of cfg.record) state.attributes[a] = el.getAttribute(a);
    for (const sel of cfg.recordText) state.attributes[sel] = el.querySelector(sel)?.textContent ?? null;
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        state.paintedAt = performance.now();
      }, 0),
    );
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // Canvas drawing changes no DOM: each stroke notes its time on the canvas (as `__fwLastStroke`,
  // for predicates) and checks the condition again.
  const proto = typeof CanvasRenderingContext2D === 'undefined' ? undefined : CanvasRenderingContext2D.prototype;
  if (proto) {
    const stroke = proto.stroke;
    proto.stroke = function timedStroke(this: CanvasContext, ...args: unknown[]) {
      stroke.apply(this, args);
      this.canvas.__fwLastStroke = performance.now();
      check();
    };
  }
}

/** Runs in the page once the probe is ready: the navigation and resource timings. */
export function readPageTimings(): PageTimings {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource').map((r) => ({
    name: r.name.replace(location.origin, ''),
    initiatorType: r.initiatorType,
    startTime: r.startTime,
    responseStart: r.responseStart,
    responseEnd: r.responseEnd,
    encodedBodySize: r.encodedBodySize,
    decodedBodySize: r.decodedBodySize,
  }));
  return {
    documentResponseEnd: nav?.responseEnd ?? Number.NaN,
    domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
    loadEvent: nav?.loadEventEnd ?? Number.NaN,
    resources,
    probe: window.__fwProbe as ProbeState,
  };
}
