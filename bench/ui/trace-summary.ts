/**
 * Reads a Chromium trace (browser.startTracing/stopTracing) of one navigation and says where
 * the renderer's main thread spent its time: self time per trace event (script, style,
 * layout, paint, GC, ...) and, from the V8 sampling profiler's chunks in the same trace, self
 * time per JavaScript function.
 */

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

interface ProfileChunkData {
  cpuProfile?: {
    nodes?: { id: number; parent?: number; callFrame: { functionName: string; url?: string; scriptId?: number | string; lineNumber?: number; columnNumber?: number } }[];
    samples?: number[];
  };
  timeDeltas?: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  pct: number;
}

export interface TraceSummary {
  /** The renderer main thread's busy time (top-level tasks) over the trace. */
  mainThreadBusyMs: number;
  /** Self time per trace event name on that thread, largest first. */
  byEvent: TimeShare[];
  /** Self time per JavaScript function (sampled), largest first; minified names with file:line:col. */
  byFunction: TimeShare[];
  /** Sampled JS time grouped by script (the app bundle, native, GC, program). */
  byScript: TimeShare[];
}

const share = (m: Map<string, number>, total: number, top: number): TimeShare[] =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, pct: total > 0 ? Math.round((1000 * us) / total) / 10 : 0 }));

export function summarizeTrace(json: string, top = 20): TraceSummary {
  const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  // The renderer that did the work: the main thread with the most complete-event time.
  const busy = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mainThreads.has(key)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onMain = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // Self time: an event's duration less that of the events nested in it.
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let topLevelUs = 0;
  for (const e of onMain) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    else topLevelUs += e.dur!;
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }

  // The sampling profiler's chunks for that thread: the profile is announced (`Profile`) on
  // the thread it samples, its chunks come from the profiler's own thread with the same id.
  const [mainPid, mainTid] = (main ?? '0:0').split(':').map(Number);
  const profileIds = new Set(events.filter((e) => e.name === 'Profile' && e.pid === mainPid && e.tid === mainTid).map((e) => e.id));
  // Script URLs by id: profile nodes name their script by id, and give its URL only sometimes.
  const scriptUrls = new Map<string, string>();
  for (const e of events) {
    const d = (e.args as { data?: { scriptId?: unknown; url?: unknown } } | undefined)?.data;
    if (d && d.scriptId !== undefined && typeof d.url === 'string' && d.url) scriptUrls.set(String(d.scriptId), d.url);
  }
  const nodes = new Map<number, { label: string; script: string }>();
  const fnSelf = new Map<string, number>();
  const scriptSelf = new Map<string, number>();
  let sampledUs = 0;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== mainPid || !profileIds.has(e.id)) continue;
    const data = (e.args as { data?: ProfileChunkData })?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) {
      const { functionName, scriptId, lineNumber, columnNumber } = n.callFrame;
      const url = n.callFrame.url || scriptUrls.get(String(scriptId ?? '')) || '';
      const file = url.replace(/^https?:\/\/[^/]+/, '');
      const at = lineNumber !== undefined ? `:${lineNumber + 1}:${(columnNumber ?? 0) + 1}` : '';
      const name = functionName || '(anonymous)';
      // Code without a URL: V8's builtins (JSON.parse shows as `parse`), and the scripts
      // playwright and this benchmark's probe inject.
      const script = url ? file : functionName.startsWith('(') ? functionName : scriptId ? '(injected: probe, playwright)' : `(native) ${name}`;
      nodes.set(n.id, { label: url ? `${name} ${file}${at}` : scriptId ? `${name} (injected)` : name, script });
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const node = nodes.get(samples[i]!);
      // A sample's weight is the gap to the next one (the last in a chunk: the mean gap).
      const dt = deltas[i + 1] ?? (deltas.length > 0 ? deltas.reduce((a, b) => a + b, 0) / deltas.length : 0);
      if (!node || node.label === '(idle)') continue;
      sampledUs += dt;
      fnSelf.set(node.label, (fnSelf.get(node.label) ?? 0) + dt);
      scriptSelf.set(node.script, (scriptSelf.get(node.script) ?? 0) + dt);
    }
  }
  return {
    mainThreadBusyMs: Math.round(topLevelUs / 100) / 10,
    byEvent: share(self, topLevelUs, top),
    byFunction: share(fnSelf, sampledUs, top),
    byScript: share(scriptSelf, sampledUs, top),
  };
}

export function formatTrace(title: string, s: TraceSummary): string {
  const rows = (xs: TimeShare[]): string[] => xs.map((x) => `  ${x.pct.toFixed(1).padStart(5)}%  ${x.ms.toFixed(1).padStart(8)} ms  ${x.name}`);
  return [
    `${title}: renderer main thread busy ${s.mainThreadBusyMs} ms`,
    ' self time by trace event:',
    ...rows(s.byEvent),
    ' sampled JavaScript by script:',
    ...rows(s.byScript),
    ' sampled JavaScript by function (self):',
    ...rows(s.byFunction),
  ].join('\n');
}

/** Trace categories: the timeline (tasks, script, style, layout, paint) and V8's sampling profiler. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
];
