/**
 * The web UI benchmark (`npm run bench:ui`): a server in a child process seeded with 10,000
 * runs in one experiment and one run with a 1,000,000-point metric, then Chromium (Debian's,
 * driven by playwright-core) opens the runs table and that run's page, each time in a fresh
 * browser context (cold HTTP cache), and times page.goto until the rows, or the chart, are on
 * screen; for context also the experiments list until its run counts are filled in. Prints a
 * table with the issue's targets and writes bench/results/ui-<date>.json.
 *
 *   --profile        one more traced navigation per page (Chromium tracing + V8 sampling);
 *                    summaries to bench/results/profiles/ui-<page>.txt, traces to the temp dir
 *   --quick          1,000 runs, 100k points, 3 samples: for checking the script
 *   --samples=N      timed navigations per page after the first (default 20)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { waitForQuiet } from './support/machine-cpu.js';
import { startServerChild } from './support/server-child.js';
import type { Row } from './support/targets.js';
import { measureNavigation, navigateOnce, type NavigationResult, type NavigationSample } from './ui/navigation.js';
import type { ReadyCondition } from './ui/page-probe.js';
import { seedUiData } from './ui/seed.js';
import { formatTrace, summarizeTrace, TRACE_CATEGORIES, type TraceSummary } from './ui/trace-summary.js';
import { machine } from './support/machine.js';

const CHROMIUM_PATH = '/usr/bin/chromium';
// As in test/support/browser.ts: without the networking flags Chromium keeps calling Google's services.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const args = process.argv.slice(2);
const profile = args.includes('--profile');
const quick = args.includes('--quick');
const samplesArg = args.find((a) => a.startsWith('--samples='));
const unknown = args.filter((a) => !['--profile', '--quick'].includes(a) && a !== samplesArg);
const samples = samplesArg ? Number(samplesArg.slice('--samples='.length)) : quick ? 3 : 20;
if (unknown.length > 0 || !Number.isInteger(samples) || samples < 1) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: node dist/bench/ui.js [--profile] [--quick] [--samples=N]`);
  process.exit(2);
}

// dist/bench/ui.js -> <repo>/bench/results, <repo>/dist/web
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const profileDir = join(resultsDir, 'profiles');
const builtUi = fileURLToPath(new URL('../web/index.html', import.meta.url));
if (!existsSync(builtUi)) {
  console.error(`The web UI is not built (${builtUi} is missing): run \`npm run build\` first.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium is missing at ${CHROMIUM_PATH}: apt-get install chromium.`);
  process.exit(1);
}

const settings = quick ? { runs: 1000, points: 100_000, samples } : { runs: 10_000, points: 1_000_000, samples };
const TARGETS = { runsTableMs: 1500, chartMs: 1000 };
const NAVIGATION_TIMEOUT_MS = 60_000;

/** The runs table is rendered when its first row is in the DOM (and a frame has been drawn). */
const RUNS_READY: ReadyCondition = { selector: '[data-testid="run-row"]', record: ['data-run-id'], dataRequest: '/api/2.0/mlflow/runs/search' };
/**
 * The run page's chart of the big metric is drawn when its legend shows the latest value (the
 * downsampled history has arrived) and its canvas has been stroked since: uPlot draws the new
 * data in a microtask after setData, so the first stroke after the legend changed is that draw.
 */
const chartReady = (key: string): ReadyCondition => ({
  selector: `[data-testid="metric-chart"][data-key="${key}"]`,
  predicate: `(el) => {
    const value = el.querySelector('[data-testid="chart-legend"] .value');
    const canvas = el.querySelector('canvas');
    if (!value || !canvas || value.textContent === '—') return false;
    if (el.__fwValueAt === undefined) el.__fwValueAt = performance.now();
    return (canvas.__fwLastStroke ?? -1) >= el.__fwValueAt;
  }`,
  recordText: ['[data-testid="chart-legend"] .value', '[data-testid="downsampled-note"]'],
  dataRequest: '/api/v1/metrics/history-bulk',
});

/** The experiments list with the run count of the big experiment filled in. */
const countsReady = (experimentId: string, runs: number): ReadyCondition => ({
  selector: `[data-testid="experiment-row"][data-experiment-id="${experimentId}"] [data-testid="experiment-run-count"]`,
  predicate: `(el) => (el.textContent ?? '').startsWith(${JSON.stringify(runs.toLocaleString('en-US'))})`,
  dataRequest: '/api/2.0/mlflow/runs/search',
});

const log = (s: string): void => console.log(s);

const started = performance.now();
const env = machine();
const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
log(`Flywheel web UI benchmark${quick ? ' (--quick: figures not comparable)' : ''}${profile ? ' (--profile)' : ''}`);
log(`machine: ${env.cores} cores, ${env.cpu}, ${env.memoryGiB} GiB, Node ${env.node}; load average ${loadAverageAtStart.join(' ')}\n`);

const server = await startServerChild({ name: 'ui' });
let browser: Browser | undefined;
try {
  log(`seeding: ${settings.runs.toLocaleString()} runs (8 clients), then ${settings.points.toLocaleString()} points of one metric (1000 per log-batch) ...`);
  const data = await seedUiData({ url: server.url, runs: settings.runs, points: settings.points, log });
  log(`   runs in ${data.createRunsSeconds} s; points in ${data.loadPointsSeconds} s`);

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const chromiumVersion = browser.version();
  const quiet = await waitForQuiet({ cores: cpus().length, maxBusyCores: 0.25, timeoutSeconds: quick ? 2 : 20 });
  if (quiet.busy > 0.25) log(`   (the machine is not quiet: ${quiet.busy} cores busy after waiting ${quiet.waitedSeconds} s; figures will be high)`);

  const runsUrl = `${server.url}/experiments/${data.experimentId}`;
  const chartUrl = `${server.url}/runs/${data.bigRunId}?tab=charts`;
  const chart = chartReady(data.bigMetricKey);

  log(`\na. runs table, ${settings.runs.toLocaleString()} runs: ${runsUrl}`);
  const runsTable = await measureNavigation({
    browser,
    server,
    url: runsUrl,
    ready: RUNS_READY,
    samples: settings.samples,
    timeoutMs: NAVIGATION_TIMEOUT_MS,
  });
  report(runsTable);

  log(`\nb. run page, chart of a ${settings.points.toLocaleString()}-point metric: ${chartUrl}`);
  const bigChart = await measureNavigation({
    browser,
    server,
    url: chartUrl,
    ready: chart,
    samples: settings.samples,
    timeoutMs: NAVIGATION_TIMEOUT_MS,
    check: (s) => {
      const note = s.attributes['[data-testid="downsampled-note"]'] ?? '';
      if (!note.includes(settings.points.toLocaleString('en-US'))) throw new Error(`the chart does not show the ${settings.points}-point metric: "${note}"`);
    },
  });
  report(bigChart);

  // Not a target of the issue: the experiments list fills in its run counts from a runs/search
  // that downloads the runs themselves (there is no count endpoint), so 10,000 runs cost it.
  const experimentsUrl = `${server.url}/experiments`;
  log(`\nc. experiments list until the run count of the ${settings.runs.toLocaleString()}-run experiment shows: ${experimentsUrl}`);
  const experimentsList = await measureNavigation({
    browser,
    server,
    url: experimentsUrl,
    ready: countsReady(data.experimentId, settings.runs),
    samples: Math.min(settings.samples, 10),
    timeoutMs: NAVIGATION_TIMEOUT_MS,
  });
  report(experimentsList);

  const traces: Record<string, TraceSummary> = {};
  if (profile) {
    mkdirSync(profileDir, { recursive: true });
    for (const [name, url, ready] of [
      ['runs-table', runsUrl, RUNS_READY],
      ['chart-1m', chartUrl, chart],
    ] as const) {
      const b = browser;
      let trace: Buffer | undefined;
      const sample = await navigateOnce({
        browser: b,
        server,
        url,
        ready,
        timeoutMs: NAVIGATION_TIMEOUT_MS,
        before: (page) => b.startTracing(page, { categories: TRACE_CATEGORIES }),
        after: async () => {
          trace = await b.stopTracing();
        },
      });
      const tracePath = join(tmpdir(), `fw-bench-ui-${name}.trace.json`);
      writeFileSync(tracePath, trace!);
      const summary = (traces[name] = summarizeTrace(trace!.toString('utf8')));
      const text = `${formatTrace(`${name}, traced navigation (${sample.wallMs} ms wall; ${JSON.stringify(sample.breakdown)})`, summary)}\n`;
      writeFileSync(join(profileDir, `ui-${name}.txt`), text);
      log(`\n${text}   trace (open in chrome://tracing or Perfetto): ${tracePath}`);
    }
  }

  const rows = targetRows(runsTable, bigChart, experimentsList, settings);
  log(`\n${formatTable(rows)}\n`);
  const seconds = Math.round((performance.now() - started) / 1000);
  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const file = join(resultsDir, `ui-${date}${quick ? '-quick' : ''}${profile ? '-profile' : ''}.json`);
  const strip = (r: NavigationResult) => ({ ...r, first: lean(r.first), samples: r.samples.map(lean) });
  writeFileSync(
    file,
    `${JSON.stringify(
      { date: new Date().toISOString(), machine: env, chromium: chromiumVersion, loadAverageAtStart, quiet, settings, quick, seconds, data, runsTable: strip(runsTable), chart: strip(bigChart), experimentsList: strip(experimentsList), rows, ...(profile ? { traces } : {}) },
      null,
      2,
    )}\n`,
  );
  const failed = rows.filter((r) => r.pass === false).length;
  log(`${rows.filter((r) => r.pass).length} targets met, ${failed} missed; ${seconds} s in all. Results: ${file}`);
} finally {
  await browser?.close();
  await server.close();
}

/** A sample without the raw resource list (the breakdown keeps what matters). */
function lean(s: NavigationSample): Omit<NavigationSample, 'timings'> & { jsonParse: { count: number; ms: number; chars: number } } {
  const { timings, ...rest } = s;
  const { count, ms, chars } = timings.probe.jsonParse;
  return { ...rest, jsonParse: { count, ms: Math.round(ms * 10) / 10, chars } };
}

function report(r: NavigationResult): void {
  const b = r.medianBreakdown;
  log(`   first (server cold): ${r.first.wallMs} ms wall, ${r.first.paintedMs} ms in page; ${JSON.stringify(r.first.attributes)}`);
  log(`   ${r.samples.length} cold navigations: median ${r.wall.medianMs} ms, p95 ${r.wall.p95Ms} ms (min ${r.wall.minMs}, max ${r.wall.maxMs}); in page median ${r.inPage.medianMs} ms`);
  log(
    `   median breakdown: document ${b.document} + assets ${b.assets} + boot ${b.boot} + api ${b.api} + after api ${b.afterApi} ` +
      `(JSON.parse ${b.jsonParseMs}) + frame ${b.frame} ms; long tasks ${b.longTaskMs} ms`,
  );
  const apis = r.samples[Math.floor(r.samples.length / 2)]?.breakdown.apiRequests ?? [];
  for (const a of apis) log(`     ${a.path}: ${a.ms} ms, ${a.bytes.toLocaleString()} bytes`);
  const cores = r.samples.map((s) => s.cores);
  const avg = (f: (c: NavigationSample['cores']) => number): number => Math.round((cores.reduce((a, c) => a + f(c), 0) / cores.length) * 100) / 100;
  log(`   CPU cores during navigations (mean): server ${avg((c) => c.server)}, Chromium ${avg((c) => c.browser)}, other processes ${avg((c) => c.other)}` +
    (r.contendedSamples > 0 ? `; ${r.contendedSamples} sample(s) with other processes above 0.2 cores` : ''));
}

function targetRows(runs: NavigationResult, chart: NavigationResult, experiments: NavigationResult, s: typeof settings): Row[] {
  const rows: Row[] = [];
  const judge = (row: Row): Row => (row.target ? { ...row, pass: row.ours < row.target.value } : row);
  for (const [section, r, target] of [
    [`a. runs table, ${s.runs.toLocaleString()} runs`, runs, TARGETS.runsTableMs],
    [`b. run page, chart of ${s.points.toLocaleString()} points`, chart, TARGETS.chartMs],
  ] as const) {
    rows.push(
      { section, measure: 'first navigation (server cold)', ours: r.first.wallMs, unit: 'ms' },
      { section, measure: `median of ${r.samples.length} cold navigations`, ours: r.wall.medianMs, unit: 'ms', target: { op: '<', value: target } },
      { section, measure: `p95 of ${r.samples.length}`, ours: r.wall.p95Ms, unit: 'ms', target: { op: '<', value: target } },
    );
  }
  const section = `c. experiments list, counts of ${s.runs.toLocaleString()} runs`;
  rows.push(
    { section, measure: 'first navigation (server cold)', ours: experiments.first.wallMs, unit: 'ms' },
    { section, measure: `median of ${experiments.samples.length} cold navigations`, ours: experiments.wall.medianMs, unit: 'ms' },
    { section, measure: `p95 of ${experiments.samples.length}`, ours: experiments.wall.p95Ms, unit: 'ms' },
  );
  return rows.map(judge);
}

/** The rows as a text table (support/targets.ts's formatRows has an MLflow column, which has nothing to compare here). */
function formatTable(rows: readonly Row[]): string {
  const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const cells = rows.map((r) => [r.section, r.measure, `${fmt(r.ours)} ${r.unit}`, r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL']);
  const header = ['page', 'measure', 'Flywheel', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
