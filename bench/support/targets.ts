import type { HistoryResult } from '../sections/history.js';
import type { IngestResult } from '../sections/ingest.js';
import type { RawInsertResult } from '../sections/raw-insert.js';
import type { SearchResult } from '../sections/search.js';
import { QUIET_OTHER_CORES, type LoadResult } from './load.js';

export interface Row {
  section: string;
  measure: string;
  ours: number;
  unit: string;
  /** The target; absent for figures shown only for context. */
  target?: { op: '>=' | '<'; value: number };
  /** MLflow 2.17.2 on a comparable 2-core machine (SQLite, 2 workers), where there is one. */
  mlflow?: number;
  pass?: boolean;
}

/** The sections' results; a section left out with --only is absent. */
export interface Figures {
  raw?: RawInsertResult;
  ingest?: IngestResult[];
  logMetric?: LoadResult[];
  history?: HistoryResult;
  search?: SearchResult;
}

const judge = (row: Row): Row =>
  row.target ? { ...row, pass: row.target.op === '>=' ? row.ours >= row.target.value : row.ours < row.target.value } : row;

/** Every reported figure, with the target and MLflow's figure beside it. */
export function targetRows(f: Figures): Row[] {
  return [...ingestRows(f), ...logMetricRows(f), ...historyRows(f), ...searchRows(f)].map(judge);
}

function ingestRows(f: Figures): Row[] {
  const rows: Row[] = [];
  for (const r of f.ingest ?? []) {
    rows.push({
      section: 'a. log-batch ingest',
      measure: `${r.connections} client${r.connections > 1 ? 's' : ''}, points/s`,
      ours: r.pointsPerSecond,
      unit: 'points/s',
      target: { op: '>=', value: 500_000 },
      ...(r.connections === 4 ? { mlflow: 20_000 } : {}),
    });
    if (r.quietPointsPerSecond !== undefined && r.otherCores >= QUIET_OTHER_CORES) {
      rows.push({
        section: 'a. log-batch ingest',
        measure: `${r.connections} client${r.connections > 1 ? 's' : ''}, the ${r.quiet!.seconds} s other processes left alone`,
        ours: r.quietPointsPerSecond,
        unit: 'points/s',
        target: { op: '>=', value: 500_000 },
      });
    }
  }
  if (!f.raw) return rows;
  const serviceLimit = Math.max(f.raw.serviceSequential, f.raw.serviceConcurrent4);
  rows.push(
    { section: 'a. log-batch ingest', measure: 'in-process, tracking service logBatch (limit 1)', ours: serviceLimit, unit: 'points/s' },
    { section: 'a. log-batch ingest', measure: 'in-process, prepared statements (limit 2)', ours: f.raw.preparedStatements, unit: 'points/s' },
  );
  if (!f.ingest?.length) return rows;
  const bestIngest = f.ingest.reduce((a, b) => (b.pointsPerSecond > a.pointsPerSecond ? b : a));
  rows.push(
    {
      section: 'a. log-batch ingest',
      measure: `best HTTP (${bestIngest.connections} clients) as % of service logBatch`,
      ours: pctOf(bestIngest.pointsPerSecond, serviceLimit),
      unit: '%',
      target: { op: '>=', value: 50 },
    },
    {
      section: 'a. log-batch ingest',
      measure: `best HTTP (${bestIngest.connections} clients) as % of prepared statements`,
      ours: pctOf(bestIngest.pointsPerSecond, f.raw.preparedStatements),
      unit: '%',
      target: { op: '>=', value: 50 },
    },
  );
  return rows;
}

function logMetricRows(f: Figures): Row[] {
  if (!f.logMetric?.length) return [];
  const bestSingle = f.logMetric.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a));
  const rows: Row[] = [{
    section: 'b. single log-metric',
    measure: `best: ${bestSingle.connections} connections, req/s (p50 ${bestSingle.latencyMs.p50} ms, p99 ${bestSingle.latencyMs.p99} ms)`,
    ours: Math.round(bestSingle.okPerSecond),
    unit: 'req/s',
    target: { op: '>=', value: 10_000 },
    mlflow: 150,
  }];
  const quiet = f.logMetric.filter((r) => r.quiet && r.otherCores >= QUIET_OTHER_CORES);
  if (quiet.length > 0) {
    const best = quiet.reduce((a, b) => (b.quiet!.okPerSecond > a.quiet!.okPerSecond ? b : a));
    rows.push({
      section: 'b. single log-metric',
      measure: `${best.connections} connections, the ${best.quiet!.seconds} s other processes left alone`,
      ours: Math.round(best.quiet!.okPerSecond),
      unit: 'req/s',
      target: { op: '>=', value: 10_000 },
    });
  }
  return rows;
}

function historyRows(f: Figures): Row[] {
  const h = f.history;
  if (!h) return [];
  const rows: Row[] = [];
  for (const [label, v, mlflow] of [
    ['cold (first request)', h.full100k.coldMs, 5500],
    [`median of ${h.full100k.samples}`, h.full100k.medianMs, 5500],
    [`p95 of ${h.full100k.samples}`, h.full100k.p95Ms, undefined],
  ] as const) {
    rows.push({
      section: 'c. get-history, 100k points in full',
      measure: label,
      ours: v,
      unit: 'ms',
      target: { op: '<', value: 100 },
      ...(mlflow !== undefined ? { mlflow } : {}),
    });
  }
  for (const [label, v] of [
    ['cold (first request)', h.downsampled1M.coldMs],
    [`median of ${h.downsampled1M.samples}`, h.downsampled1M.medianMs],
    [`p95 of ${h.downsampled1M.samples}`, h.downsampled1M.p95Ms],
  ] as const) {
    rows.push({ section: 'c. history-bulk, 1M points to 1000', measure: label, ours: v, unit: 'ms', target: { op: '<', value: 50 } });
  }
  const o = h.downsampled1MOutOfOrder;
  for (const [label, v] of [
    ['cold (first request)', o.coldMs],
    [`median of ${o.samples}`, o.medianMs],
    [`p95 of ${o.samples}`, o.p95Ms],
  ] as const) {
    rows.push({ section: 'c. same, batches logged out of step order', measure: label, ours: v, unit: 'ms', target: { op: '<', value: 50 } });
  }
  return rows;
}

function searchRows(f: Figures): Row[] {
  if (!f.search) return [];
  const rows: Row[] = [];
  for (const c of f.search.cases) {
    for (const [label, v] of [
      ['cold (first request)', c.coldMs],
      [`median of ${c.samples}`, c.medianMs],
      [`p95 of ${c.samples}`, c.p95Ms],
    ] as const) {
      rows.push({
        section: `d. runs/search ${f.search.runs} runs, max_results ${c.maxResults}`,
        measure: label,
        ours: v,
        unit: 'ms',
        target: { op: '<', value: 100 },
        ...(c.maxResults === 1000 && label.startsWith('median') ? { mlflow: 1100 } : {}),
      });
    }
  }
  return rows;
}

const pctOf = (part: number, whole: number): number => Math.round((1000 * part) / whole) / 10;

export function formatRows(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.section,
    r.measure,
    `${fmt(r.ours)} ${r.unit}`,
    r.target ? `${r.target.op} ${fmt(r.target.value)}` : '',
    r.mlflow !== undefined ? `${fmt(r.mlflow)} ${r.unit}` : '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['section', 'measure', 'Flywheel', 'target', 'MLflow 2.17.2', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
