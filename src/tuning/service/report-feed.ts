/** One (t, value) observation of a trial, as the early-stopping rule takes it. */
export interface TrialReport {
  runId: string;
  t: number;
  value: number;
}

interface RunSeries {
  /** step -> time-metric value (absent when t is the step itself). */
  t: Map<number, number>;
  /** step -> objective value, waiting for its t. */
  pending: Map<number, number>;
  /** Highest step already reported: a replayed or repeated point is not reported twice. */
  reportedStep: number;
  latest?: { step: number; timestamp: number; value: number };
  reports: number;
}

/**
 * Turns the metric points trials log into early-stopping reports. A trial logs the
 * objective (`val_acc`) and a time metric (`epoch`) at the same step; a report is made once
 * both are known for a step, whichever arrives first. With `timeMetric: 'step'` the step is
 * the time. Points may arrive more than once (a replay after a restart overlapping the live
 * tail): each step is reported at most once, and never one older than the last reported.
 */
export class ReportFeed {
  private readonly runs = new Map<string, RunSeries>();

  constructor(
    private readonly metric: string,
    private readonly timeMetric: string | undefined,
  ) {}

  /** The keys to read from tracking. */
  get keys(): string[] {
    return this.timeMetric === undefined || this.timeMetric === 'step' || this.timeMetric === this.metric ? [this.metric] : [this.metric, this.timeMetric];
  }

  /** Records a point; returns the reports it completes (zero or one). */
  add(point: { runId: string; key: string; step: number; timestamp: number; value: number }): TrialReport[] {
    const run = this.series(point.runId);
    if (point.key === this.metric) {
      const l = run.latest;
      // MLflow's "latest": the highest step, then the latest timestamp.
      if (!l || point.step > l.step || (point.step === l.step && point.timestamp >= l.timestamp)) {
        run.latest = { step: point.step, timestamp: point.timestamp, value: point.value };
      }
      if (this.timeMetric === undefined) return [];
      if (this.timeMetric === 'step' || this.timeMetric === this.metric) return this.emit(point.runId, run, point.step, point.step, point.value);
      const t = run.t.get(point.step);
      if (t !== undefined) return this.emit(point.runId, run, point.step, t, point.value);
      run.pending.set(point.step, point.value);
      return [];
    }
    if (point.key === this.timeMetric) {
      run.t.set(point.step, point.value);
      const value = run.pending.get(point.step);
      if (value === undefined) return [];
      run.pending.delete(point.step);
      return this.emit(point.runId, run, point.step, point.value, value);
    }
    return [];
  }

  /** The objective's latest value for a run (its final value once the run has ended). */
  latest(runId: string): number | undefined {
    return this.runs.get(runId)?.latest?.value;
  }

  reportsOf(runId: string): number {
    return this.runs.get(runId)?.reports ?? 0;
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }

  private series(runId: string): RunSeries {
    let run = this.runs.get(runId);
    if (!run) {
      run = { t: new Map(), pending: new Map(), reportedStep: -Infinity, reports: 0 };
      this.runs.set(runId, run);
    }
    return run;
  }

  private emit(runId: string, run: RunSeries, step: number, t: number, value: number): TrialReport[] {
    if (step <= run.reportedStep || !Number.isFinite(t)) return [];
    run.reportedStep = step;
    run.reports++;
    return [{ runId, t, value }];
  }
}
