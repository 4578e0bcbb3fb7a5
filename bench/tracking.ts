/**
 * The tracking server benchmark (`npm run bench:tracking`): ingest, single-metric logging,
 * history reads and run search over HTTP against a server in a child process, plus the
 * in-process insert rate the ingest figure is compared to. Prints a table with the issue's
 * targets and writes bench/results/tracking-<date>.json.
 *
 *   --profile          run each server child under --cpu-prof and summarise its timed phases
 *   --quick            short runs, for checking the script itself (figures not comparable)
 *   --only=a,b,...     only these sections: raw, ingest, log-metric, history, search
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureHistory } from './sections/history.js';
import { measureIngest, requestBytes } from './sections/ingest.js';
import { measureLogMetric } from './sections/log-metric.js';
import { measureRawInsert } from './sections/raw-insert.js';
import { measureSearch } from './sections/search.js';
import { QUIET_OTHER_CORES, type LoadResult } from './support/load.js';
import { waitForQuiet } from './support/machine-cpu.js';
import { phases } from './support/phases.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './support/profile-summary.js';
import { startServerChild, type ServerChild } from './support/server-child.js';
import { formatRows, targetRows, type Figures } from './support/targets.js';
import { machine } from './support/machine.js';

const SECTIONS = ['raw', 'ingest', 'log-metric', 'history', 'search'] as const;
type Section = (typeof SECTIONS)[number];
const args = process.argv.slice(2);
const profile = args.includes('--profile');
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = new Set((onlyArg?.slice('--only='.length).split(',') ?? SECTIONS) as Section[]);
const unknown = args.filter((a) => !['--profile', '--quick'].includes(a) && a !== onlyArg);
const badSections = [...only].filter((s) => !SECTIONS.includes(s));
if (unknown.length > 0 || badSections.length > 0) {
  console.error(
    `unknown argument(s): ${[...unknown, ...badSections].join(' ')}\n` +
      `usage: node dist/bench/tracking.js [--profile] [--quick] [--only=${SECTIONS.join(',')}]`,
  );
  process.exit(2);
}
const runs = (section: Section): boolean => only.has(section);

// dist/bench/tracking.js -> <repo>/bench/results
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const profileDir = join(resultsDir, 'profiles');
const settings = quick
  ? { rawSeconds: 1, loadSeconds: 2, logMetricSeconds: 2, warmupSeconds: 1, logMetricConnections: [16, 64], samples: 5, searchRuns: 1000 }
  : { rawSeconds: 3, loadSeconds: 10, logMetricSeconds: 6, warmupSeconds: 2, logMetricConnections: [16, 32, 64], samples: 20, searchRuns: 10_000 };

const log = (s: string): void => console.log(s);
// Other processes on the machine (tests, builds, other benchmarks) take cores from the server.
const QUIET_CORES = 0.25;
const QUIET_TIMEOUT_S = 20;

/** Who used the cores during a timed phase: other processes slow the server down. */
function machineNote(server: string, name: string): string {
  const p = phases.find((x) => x.server === server && x.name === name);
  return p ? `; CPU cores: server ${p.serverCores}, client ${p.clientCores}, other processes ${p.otherCores}` : '';
}

/** Before each section: the machine's busy cores while we were idle, and how long we waited for quiet. */
const quiet: Record<string, { busy: number; waitedSeconds: number }> = {};
async function waitQuiet(section: string): Promise<void> {
  const q = await waitForQuiet({ cores: cpus().length, maxBusyCores: QUIET_CORES, timeoutSeconds: quick ? 2 : QUIET_TIMEOUT_S });
  quiet[section] = q;
  if (q.busy > QUIET_CORES) log(`   (the machine is not quiet: ${q.busy} cores busy by other processes after waiting ${q.waitedSeconds} s; figures will be low)`);
}

async function withServer<T>(name: string, fn: (server: ServerChild) => Promise<T>): Promise<T> {
  const server = await startServerChild({ name, ...(profile ? { profileDir } : {}) });
  try {
    await waitQuiet(name);
    return await fn(server);
  } finally {
    await server.close();
  }
}

const started = performance.now();
const env = machine();
// Other work on the machine skews every figure here; the load average says whether there was any.
const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
log(`Flywheel tracking benchmark${quick ? ' (--quick: figures not comparable)' : ''}${profile ? ' (--profile)' : ''}`);
log(`machine: ${env.cores} cores, ${env.cpu}, ${env.memoryGiB} GiB, Node ${env.node}; load average ${loadAverageAtStart.join(' ')}\n`);

const figures: Figures = {};
const cpuLine = (r: LoadResult): string =>
  `CPU cores: server ${r.serverCores}, client ${r.clientCores}, kernel ${r.kernelCores}, other processes ${r.otherCores}` +
  (r.quiet && r.otherCores >= QUIET_OTHER_CORES ? `; in the ${r.quiet.seconds} s others left alone: ${Math.round(r.quiet.okPerSecond).toLocaleString()} req/s` : '');

if (runs('raw')) {
  log(`a. in-process insert rate (${settings.rawSeconds} s each) ...`);
  await waitQuiet('raw');
  const raw = (figures.raw = await measureRawInsert({ seconds: settings.rawSeconds }));
  log(`   service logBatch sequential ${raw.serviceSequential.toLocaleString()} points/s, 4 in flight ${raw.serviceConcurrent4.toLocaleString()}, prepared statements ${raw.preparedStatements.toLocaleString()}`);
}

if (runs('ingest')) {
  log(`a. log-batch over HTTP, 1000 metrics (${requestBytes().toLocaleString()} bytes) per request ...`);
  figures.ingest = await withServer('ingest', (server) =>
    measureIngest({ server, connections: [1, 4], seconds: settings.loadSeconds, warmupSeconds: settings.warmupSeconds }),
  );
  for (const r of figures.ingest) {
    log(`   ${r.connections} client(s): ${r.pointsPerSecond.toLocaleString()} points/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `non-2xx ${r.non2xx}, errors ${r.errors}; ${cpuLine(r)}`);
  }
}

if (runs('log-metric')) {
  log('b. single log-metric requests ...');
  figures.logMetric = await withServer('log-metric', (server) =>
    measureLogMetric({ server, connections: settings.logMetricConnections, seconds: settings.logMetricSeconds, warmupSeconds: settings.warmupSeconds }),
  );
  for (const r of figures.logMetric) {
    log(`   ${r.connections} connections: ${Math.round(r.okPerSecond).toLocaleString()} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `non-2xx ${r.non2xx}, errors ${r.errors}; ${cpuLine(r)}`);
  }
}

if (runs('history')) {
  log('c. metric history (loading 100k + 2 × 1M points through log-batch, one request at a time) ...');
  const history = (figures.history = await withServer('history', (server) => measureHistory({ server, samples: settings.samples })));
  log(`   loaded 2.1M points in ${history.loadSeconds} s (${history.loadPointsPerSecond.toLocaleString()} points/s, 1 fetch client)`);
  log(`   get-history 100k: cold ${history.full100k.coldMs} ms, median ${history.full100k.medianMs} ms, p95 ${history.full100k.p95Ms} ms (${(history.full100k.responseBytes / 1e6).toFixed(1)} MB)${machineNote('history', 'get-history-100k')}`);
  for (const [label, r, phaseName] of [
    ['in step order', history.downsampled1M, 'history-bulk-1m'],
    ['out of step order', history.downsampled1MOutOfOrder, 'history-bulk-1m-out-of-order'],
  ] as const) {
    log(`   history-bulk 1M (${label}) -> ${r.points}: cold ${r.coldMs} ms, median ${r.medianMs} ms, p95 ${r.p95Ms} ms${machineNote('history', phaseName)}`);
  }
}

if (runs('search')) {
  log(`d. runs/search over ${settings.searchRuns.toLocaleString()} runs (creating them, 8 fetch clients) ...`);
  const search = (figures.search = await withServer('search', (server) => measureSearch({ server, runs: settings.searchRuns, samples: settings.samples })));
  log(`   created in ${search.createSeconds} s; ${search.matching} runs match "${search.filter}"`);
  for (const c of search.cases) {
    log(`   max_results ${c.maxResults}: ${c.returned} runs, cold ${c.coldMs} ms, median ${c.medianMs} ms, p95 ${c.p95Ms} ms${machineNote('search', `max-results-${c.maxResults}`)}`);
  }
}

const rows = targetRows(figures);
log(`\n${formatRows(rows)}\n`);

const profiles: Record<string, ProfileSummary> = {};
if (profile) {
  for (const name of (['ingest', 'log-metric', 'history', 'search'] as const).filter(runs)) {
    const file = join(profileDir, `${name}.cpuprofile`);
    const own = phases.filter((p) => p.server === name);
    const summary = summarizeProfile(file, own);
    profiles[name] = summary;
    const text = formatProfile(`${name} server, all timed phases`, summary);
    // The file also has each timed phase on its own (e.g. get-history apart from history-bulk).
    const each = own.map((p) => formatProfile(`${name} server, phase ${p.name}`, summarizeProfile(file, [p], 15)));
    writeFileSync(join(profileDir, `${name}.txt`), `${[text, ...each].join('\n\n')}\n`);
    log(`${text}\n`);
  }
  log(`Profiles and per-phase summaries: ${profileDir}\n`);
}

const seconds = Math.round((performance.now() - started) / 1000);
const failed = rows.filter((r) => r.pass === false).length;
mkdirSync(resultsDir, { recursive: true });
const date = new Date().toISOString().slice(0, 10);
// Profiled, quick and partial runs get their own names: their figures are not the plain run's.
const file = join(resultsDir, `tracking-${date}${quick ? '-quick' : ''}${onlyArg ? '-partial' : ''}${profile ? '-profile' : ''}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), machine: env, loadAverageAtStart, quiet, settings, quick, sections: [...only], seconds, figures, rows, phases, ...(profile ? { profiles } : {}) }, null, 2)}\n`,
);
log(`${rows.filter((r) => r.pass).length} targets met, ${failed} missed; ${seconds} s in all. Results: ${file}`);
