import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  fn: string;
  selfMs: number;
  selfPct: number;
  totalMs: number;
  totalPct: number;
}

export interface ProfileSummary {
  windowMs: number;
  busyMs: number;
  idlePct: number;
  gcPct: number;
  bySelf: FunctionTime[];
  byTotal: FunctionTime[];
}

const label = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${basename(url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  return where ? `${functionName || '(anonymous)'} ${where}` : functionName || '(anonymous)';
};

/**
 * Self and inclusive time per function in a V8 .cpuprofile, counting only samples inside the
 * given windows (microseconds on the profile's clock). Inclusive time counts a function once
 * per sample even when it recurses. Percentages are of the non-idle time.
 */
export function summarizeProfile(file: string, windows: readonly { startUs: number; endUs: number }[], top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let windowUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample's time is the gap to the next sample.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (!windows.some((w) => t >= w.startUs && t < w.endUs)) continue;
    windowUs += dt;
    const node = byId.get(profile.samples[i]!)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += dt;
      continue;
    }
    if (name === '(garbage collector)') gcUs += dt;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = label(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  const busyUs = windowUs - idleUs;
  const rows = (m: Map<string, number>): FunctionTime[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn]) => ({
        fn,
        selfMs: Math.round((self.get(fn) ?? 0) / 1000),
        selfPct: pct(self.get(fn) ?? 0, busyUs),
        totalMs: Math.round((total.get(fn) ?? 0) / 1000),
        totalPct: pct(total.get(fn) ?? 0, busyUs),
      }));
  return {
    windowMs: Math.round(windowUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idlePct: pct(idleUs, windowUs),
    gcPct: pct(gcUs, busyUs),
    bySelf: rows(self),
    byTotal: rows(total).filter((r) => !['(root)', '(program)'].includes(r.fn)),
  };
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);

export function formatProfile(name: string, s: ProfileSummary): string {
  const lines = [
    `Profile of the ${name}: ${s.windowMs} ms window, ${s.busyMs} ms busy, ` +
      `${s.idlePct}% idle, GC ${s.gcPct}% of busy`,
    '  self%   self ms  function',
    ...s.bySelf.map((r) => `  ${r.selfPct.toFixed(1).padStart(5)}  ${String(r.selfMs).padStart(8)}  ${r.fn}`),
    '  total%  total ms function (inclusive)',
    ...s.byTotal.map((r) => `  ${r.totalPct.toFixed(1).padStart(5)}  ${String(r.totalMs).padStart(8)}  ${r.fn}`),
  ];
  return lines.join('\n');
}
