import { bulkHistory } from '../../api/tracking';
import { num, type Series } from '../../api/types';
import type { LivePoint } from '../../lib/live-tail';
import { bound, emptyColumns, isAfterLast, mergeRange, push, type Columns, type HistoryAxis } from './columns';

export type { Columns, HistoryAxis };

/** One run's series of a key as a chart shows it. */
export interface SeriesView extends Columns {
  runId: string;
  key: string;
}

/** How many points a chart shows of how many, when it does not show them all. */
export interface Sampling {
  shown: number;
  /** All points of the series, or, when zoomed, those in the zoomed range. */
  total: number;
  /** `total` is estimated (the server does not say how many points a zoomed range holds). */
  approximate: boolean;
  zoomed: boolean;
}

/** Everything a chart of one metric key needs. */
export interface KeyHistory {
  key: string;
  /** One per run that has the key, in the order of `runIds`. */
  series: SeriesView[];
  /** The first load (or a reload) is under way. */
  loading: boolean;
  /** Finer points for the zoomed range are on their way. */
  zoomLoading: boolean;
  error: Error | undefined;
  /** The zoomed range in axis units (steps, or ms since epoch), or null. */
  zoom: readonly [number, number] | null;
  /** Undefined when every point (in view) is drawn. */
  sampling: Sampling | undefined;
}

interface RunSeries {
  /** Downsampled over the whole x range, then live points appended. */
  base: Columns;
  /** The server's count when the base was read. */
  serverTotal: number;
  /** Points appended live since. */
  live: number;
}

interface Detail {
  range: [number, number];
  byRun: Map<string, { cols: Columns; rangePoints: number | undefined }>;
}

interface KeyState {
  key: string;
  runs: Map<string, RunSeries>;
  loaded: boolean;
  loading: boolean;
  error: Error | undefined;
  /** The base request whose answer this key waits for; older answers are ignored. */
  baseRequest: object | undefined;
  zoom: [number, number] | null;
  detail: Detail | undefined;
  detailController: AbortController | undefined;
  detailTimer: ReturnType<typeof setTimeout> | undefined;
  zoomLoading: boolean;
  liveSinceLoad: number;
  version: number;
  view: { version: number; value: KeyHistory } | undefined;
}

/** A base request in flight, and the live points that came while it was. */
interface InFlight {
  keys: Set<string>;
  buffer: LivePoint[];
  controller: AbortController;
}

const KEYS_PER_REQUEST = 20;
const ZOOM_DEBOUNCE_MS = 200;

function columnsOf(s: Series): Columns {
  const values = new Array<number>(s.values.length);
  for (let i = 0; i < values.length; i++) {
    const v = s.values[i]!;
    values[i] = typeof v === 'number' ? v : num(v);
  }
  return { steps: s.steps, timestamps: s.timestamps, values };
}


/**
 * The metric histories behind a set of charts: one downsampled read per key for the whole
 * x range, a finer read of the zoomed range of a chart, and points from the live tail
 * appended in between. Framework-free; `useMetricHistory` wraps it for React.
 */
export class HistoryStore {
  private runIds: string[] = [];
  private axis: HistoryAxis = 'step';
  private maxPoints = 1000;
  private generation = '';
  private keys = new Map<string, KeyState>();
  private inFlight = new Set<InFlight>();
  private listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify() {
    for (const l of this.listeners) l();
  }

  private bump(ks: KeyState) {
    ks.version++;
  }

  /** Makes the store hold `keys` of `runIds`: loads what is missing, drops the rest. */
  sync(runIds: readonly string[], keys: readonly string[], axis: HistoryAxis, maxPoints: number) {
    const generation = JSON.stringify([runIds, axis, maxPoints]);
    if (generation !== this.generation) {
      this.dispose();
      this.generation = generation;
      this.runIds = [...runIds];
      this.axis = axis;
      this.maxPoints = maxPoints;
    }
    const wanted = new Set(keys);
    for (const [key, ks] of this.keys) {
      if (!wanted.has(key)) {
        this.stopDetail(ks);
        this.keys.delete(key);
      }
    }
    const missing = keys.filter((k) => !this.keys.has(k));
    for (const key of missing) this.keys.set(key, this.newKey(key));
    if (missing.length > 0 && this.runIds.length > 0) this.load(missing);
    this.notify();
  }

  /** Reads every key again (e.g. once the live tail knows where it starts, or when a run ends). */
  reloadAll() {
    if (this.keys.size > 0 && this.runIds.length > 0) this.load([...this.keys.keys()]);
    this.notify();
  }

  /** Forgets everything and cancels what is in flight. */
  dispose() {
    for (const f of this.inFlight) f.controller.abort();
    this.inFlight.clear();
    for (const ks of this.keys.values()) this.stopDetail(ks);
    this.keys.clear();
    this.generation = '';
  }

  /** Zooms a key's chart into [min, max] (axis units), or back out with null. */
  setZoom(key: string, range: [number, number] | null) {
    const ks = this.keys.get(key);
    if (!ks) return;
    this.stopDetail(ks);
    ks.zoom = range;
    if (!range) {
      ks.detail = undefined;
      ks.zoomLoading = false;
    } else {
      ks.zoomLoading = true;
      ks.detailTimer = setTimeout(() => this.loadDetail(ks, range), ZOOM_DEBOUNCE_MS);
    }
    this.bump(ks);
    this.notify();
  }

  /** Live points: appended to the series they extend; those not past its last point are dropped. */
  applyLive(points: readonly LivePoint[]) {
    const changed = new Set<KeyState>();
    const runs = new Set(this.runIds);
    for (const p of points) {
      const ks = this.keys.get(p.key);
      if (!ks || !runs.has(p.runId)) continue;
      for (const f of this.inFlight) if (f.keys.has(p.key)) f.buffer.push(p);
      if (!ks.loaded) continue;
      if (this.append(ks, p)) changed.add(ks);
    }
    const compact: string[] = [];
    for (const ks of changed) {
      this.bump(ks);
      // A page left open on a fast run would grow without end: read it again, downsampled.
      if (ks.liveSinceLoad > Math.max(5000, 4 * this.maxPoints) && ks.baseRequest === undefined) compact.push(ks.key);
    }
    if (compact.length > 0) this.load(compact);
    if (changed.size > 0) this.notify();
  }

  private append(ks: KeyState, p: LivePoint): boolean {
    let rs = ks.runs.get(p.runId);
    if (!rs) {
      rs = { base: emptyColumns(), serverTotal: 0, live: 0 };
      ks.runs.set(p.runId, rs);
    }
    if (!isAfterLast(rs.base, this.axis, p.step, p.timestamp)) return false;
    push(rs.base, p);
    rs.live++;
    ks.liveSinceLoad++;
    const d = ks.detail?.byRun.get(p.runId);
    const x = this.axis === 'step' ? p.step : p.timestamp;
    if (d && ks.detail && x >= ks.detail.range[0] && x <= ks.detail.range[1] && isAfterLast(d.cols, this.axis, p.step, p.timestamp)) {
      push(d.cols, p);
      if (d.rangePoints !== undefined) d.rangePoints++;
    }
    return true;
  }

  private newKey(key: string): KeyState {
    return {
      key,
      runs: new Map(),
      loaded: false,
      loading: false,
      error: undefined,
      baseRequest: undefined,
      zoom: null,
      detail: undefined,
      detailController: undefined,
      detailTimer: undefined,
      zoomLoading: false,
      liveSinceLoad: 0,
      version: 0,
      view: undefined,
    };
  }

  private stopDetail(ks: KeyState) {
    if (ks.detailTimer !== undefined) clearTimeout(ks.detailTimer);
    ks.detailTimer = undefined;
    ks.detailController?.abort();
    ks.detailController = undefined;
  }

  private load(keys: string[]) {
    const runIds = this.runIds;
    for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
      const batch = keys.slice(i, i + KEYS_PER_REQUEST);
      const request: InFlight = { keys: new Set(batch), buffer: [], controller: new AbortController() };
      this.inFlight.add(request);
      for (const key of batch) {
        const ks = this.keys.get(key)!;
        ks.baseRequest = request;
        ks.loading = true;
        this.bump(ks);
      }
      bulkHistory({ runIds, keys: batch, maxPoints: this.maxPoints, xAxis: this.axis }, request.controller.signal).then(
        (series) => {
          this.inFlight.delete(request);
          const byKey = new Map<string, Series[]>();
          for (const s of series) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
          for (const key of batch) {
            const ks = this.keys.get(key);
            if (!ks || ks.baseRequest !== request) continue;
            ks.runs = new Map((byKey.get(key) ?? []).map((s) => [s.run_id, { base: columnsOf(s), serverTotal: s.total_points, live: 0 }]));
            ks.loaded = true;
            ks.loading = false;
            ks.error = undefined;
            ks.baseRequest = undefined;
            ks.liveSinceLoad = 0;
            // Points that came live while the read was under way; those it has are dropped.
            for (const p of request.buffer) if (p.key === key) this.append(ks, p);
            this.bump(ks);
          }
          this.notify();
        },
        (error: Error) => {
          this.inFlight.delete(request);
          if (request.controller.signal.aborted || error.name === 'AbortError') return;
          for (const key of batch) {
            const ks = this.keys.get(key);
            if (!ks || ks.baseRequest !== request) continue;
            ks.loading = false;
            ks.error = error;
            ks.baseRequest = undefined;
            this.bump(ks);
          }
          this.notify();
        },
      );
    }
  }

  private loadDetail(ks: KeyState, range: [number, number]) {
    ks.detailTimer = undefined;
    const controller = new AbortController();
    ks.detailController = controller;
    // Steps and timestamps are integers: widen to whole units so the edge points are in.
    const [xMin, xMax] = [Math.floor(range[0]), Math.ceil(range[1])];
    bulkHistory({ runIds: this.runIds, keys: [ks.key], maxPoints: this.maxPoints, xAxis: this.axis, xMin, xMax }, controller.signal).then(
      (series) => {
        if (controller.signal.aborted || this.keys.get(ks.key) !== ks) return;
        ks.detailController = undefined;
        ks.detail = {
          range: [xMin, xMax],
          byRun: new Map(
            series.map((s) => {
              // `range_points` (points in [x_min, x_max]) if the server sends it; see sampling().
              const rangePoints = (s as Series & { range_points?: number }).range_points;
              return [s.run_id, { cols: columnsOf(s), rangePoints }];
            }),
          ),
        };
        ks.zoomLoading = false;
        if (ks.loaded) ks.error = undefined;
        this.bump(ks);
        this.notify();
      },
      (error: Error) => {
        if (controller.signal.aborted || error.name === 'AbortError' || this.keys.get(ks.key) !== ks) return;
        ks.detailController = undefined;
        ks.zoomLoading = false;
        ks.error = error;
        this.bump(ks);
        this.notify();
      },
    );
  }

  /** What a chart of `key` shows; the same object until something about the key changes. */
  view(key: string): KeyHistory | undefined {
    const ks = this.keys.get(key);
    if (!ks) return undefined;
    if (ks.view?.version === ks.version) return ks.view.value;
    const series: SeriesView[] = [];
    for (const runId of this.runIds) {
      const rs = ks.runs.get(runId);
      if (!rs) continue;
      const d = ks.detail;
      const cols = d ? mergeRange(rs.base, d.byRun.get(runId)?.cols ?? emptyColumns(), d.range, this.axis) : rs.base;
      series.push({ runId, key, ...cols });
    }
    const value: KeyHistory = {
      key,
      series,
      loading: ks.loading,
      zoomLoading: ks.zoomLoading,
      error: ks.error,
      zoom: ks.zoom,
      sampling: this.sampling(ks),
    };
    ks.view = { version: ks.version, value };
    return value;
  }

  /**
   * Whether the chart shows fewer points than there are. Without a zoom: the points drawn
   * against the server's total_points (plus live ones). Zoomed: total_points counts the
   * whole series, so the points in the range are estimated from the overview, whose
   * min/max buckets hold equal numbers of points; a range answer with fewer than half of
   * max_points is known to be complete (a downsampled answer never has that few).
   */
  private sampling(ks: KeyState): Sampling | undefined {
    let shown = 0;
    let total = 0;
    let approximate = false;
    const d = ks.detail;
    for (const [runId, rs] of ks.runs) {
      const all = rs.serverTotal + rs.live;
      if (!d) {
        shown += rs.base.steps.length;
        total += all;
        continue;
      }
      const got = d.byRun.get(runId);
      const n = got?.cols.steps.length ?? 0;
      shown += n;
      if (got?.rangePoints !== undefined) total += got.rangePoints;
      else if (n < Math.floor((this.maxPoints - 2) / 2) + 2) total += n;
      else {
        const x = this.axis === 'step' ? rs.base.steps : rs.base.timestamps;
        const inRange = bound(x, d.range[1], true) - bound(x, d.range[0], false);
        const estimate = rs.base.steps.length > 0 ? Math.round((inRange / rs.base.steps.length) * all) : n;
        total += Math.max(n, estimate);
        approximate = true;
      }
    }
    return shown < total ? { shown, total, approximate, zoomed: d !== undefined } : undefined;
  }
}
