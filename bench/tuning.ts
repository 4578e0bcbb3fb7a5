/**
 * The tuning benchmark (`npm run bench:tuning`): best value found after N trials on Branin
 * and Hartmann-6 (median over seeds) for random search and TPE, and on a synthetic
 * learning-curve benchmark the compute (trial-epochs) random search without stopping and
 * TPE+ASHA need to reach a target loss. Optuna's TPESampler and SuccessiveHalvingPruner run
 * on the same functions when a Python with Optuna is found. Trials run one at a time
 * (parallelism 1). Prints the figures with the issue's targets and writes
 * bench/results/tuning-<date>.json.
 *
 *   --quick     3 seeds instead of 20 (checks the script; figures not comparable)
 *   --seeds=N   N seeds (0..N-1) instead of 20, for both sides: medians of 20 seeds move by
 *               a few hundredths between seed sets, so a close comparison needs more
 *   --no-curves Branin and Hartmann-6 only (the learning-curve studies take most of the time)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { branin, hartmann6, learningCurve } from './sections/tuning-functions.js';
import { findOptunaPython, runOptuna, type OptunaFigures } from './sections/tuning-optuna.js';
import { bestAfter, curveStudy, type CurveStudy } from './sections/tuning-runs.js';
import { machine } from './support/machine.js';
import { median } from './support/stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noCurves = args.includes('--no-curves');
const seedsArg = args.find((a) => a.startsWith('--seeds='));
const seedCount = seedsArg ? Number(seedsArg.slice('--seeds='.length)) : quick ? 3 : 20;
if (args.some((a) => a !== '--quick' && a !== '--no-curves' && a !== seedsArg) || !Number.isInteger(seedCount) || seedCount < 1) {
  console.error('usage: node dist/bench/tuning.js [--quick] [--seeds=N] [--no-curves]');
  process.exit(2);
}
const seeds = Array.from({ length: seedCount }, (_, i) => i);
const BRANIN_TRIALS = 50;
const HARTMANN_TRIALS = 100;
// Random search without stopping runs LC_TRIALS full trials; every study gets that many epochs.
const LC_TRIALS = 100;
const LC_BUDGET = LC_TRIALS * learningCurve.maxEpochs;
// Random search without stopping reaches it within its budget in 17 of the 20 seeds.
const LC_TARGET = Number(process.env.FW_BENCH_LC_TARGET ?? 0.3);

const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const fmt = (x: number, d = 4): string => (Number.isFinite(x) ? x.toFixed(d) : 'never');
const figures: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), quick, seeds: seeds.length, parallelism: 1 };

console.log(`tuning benchmark: ${seeds.length} seeds, trials run one at a time (parallelism 1)`);

const python = await findOptunaPython();
let optuna: OptunaFigures | undefined;
if (python) {
  optuna = await runOptuna({ python, seeds: seeds.length, braninTrials: BRANIN_TRIALS, hartmannTrials: HARTMANN_TRIALS, lcBudget: noCurves ? 0 : LC_BUDGET, lcTarget: LC_TARGET });
  figures.optuna = { python, version: optuna.optuna };
} else {
  console.log('Optuna: skipped (no Python with `import optuna` working; `apt-get install python3-optuna` or set FW_BENCH_PYTHON)');
  figures.optuna = { skipped: 'no python with optuna' };
}

for (const [fn, trials] of [[branin, BRANIN_TRIALS], [hartmann6, HARTMANN_TRIALS]] as const) {
  const random = seeds.map((s) => bestAfter(fn, 'random', trials, s));
  const tpe = seeds.map((s) => bestAfter(fn, 'tpe', trials, s));
  const opt = optuna?.[fn.name as 'branin' | 'hartmann6'];
  const row = {
    trials,
    optimum: fn.optimum,
    randomMedian: median(random),
    tpeMedian: median(tpe),
    ...(opt ? { optunaTpeMedian: median(opt), optunaTpe: opt } : {}),
    random,
    tpe,
  };
  figures[fn.name] = row;
  console.log(`\n${fn.name}: best value after ${trials} trials, median over ${seeds.length} seeds (optimum ${fn.optimum})`);
  console.log(`  random ${fmt(row.randomMedian)}   TPE ${fmt(row.tpeMedian)}   Optuna TPE ${opt ? fmt(median(opt)) : 'skipped'}`);
  if (opt) {
    const ok = row.tpeMedian <= median(opt);
    console.log(`  target: TPE at least as good as Optuna's TPE -> ${ok ? 'met' : 'NOT met'} (gap to optimum: ours ${fmt(row.tpeMedian - fn.optimum)}, Optuna ${fmt(median(opt) - fn.optimum)})`);
  }
}

/** The learning-curve studies: compute to the target with and without early stopping. */
function curveSection(): void {
  const study = (sampler: 'random' | 'tpe', asha: boolean): CurveStudy[] =>
    seeds.map((seed) => curveStudy({ sampler, asha, seed, budget: LC_BUDGET, target: LC_TARGET }));
  const curves = { random: study('random', false), tpe: study('tpe', false), tpeAsha: study('tpe', true) };
  const summary = (runs: readonly { epochsToTarget: number | null; best: number; trials: number }[]) => {
    const toTarget = runs.map((r) => r.epochsToTarget ?? Infinity);
    return {
      reached: toTarget.filter(Number.isFinite).length,
      epochsToTargetMedian: median(toTarget),
      bestMedian: median(runs.map((r) => r.best)),
      trialsMedian: median(runs.map((r) => r.trials)),
      epochsToTarget: toTarget.map((e) => (Number.isFinite(e) ? e : null)),
    };
  };
  const lc: Record<string, unknown> = {
    maxEpochs: learningCurve.maxEpochs,
    budgetEpochs: LC_BUDGET,
    target: LC_TARGET,
    asha: { minT: 1, maxT: learningCurve.maxEpochs, eta: 3 },
    random: summary(curves.random),
    tpe: summary(curves.tpe),
    tpeAsha: summary(curves.tpeAsha),
    ...(optuna?.learningCurve ? { optunaTpeSuccessiveHalving: summary(optuna.learningCurve) } : {}),
  };
  figures.learningCurve = lc;
  const rnd = summary(curves.random);
  const asha = summary(curves.tpeAsha);
  console.log(`\nlearning curve: ${learningCurve.maxEpochs} epochs a trial, budget ${LC_BUDGET} trial-epochs (${LC_TRIALS} full trials), target loss ${LC_TARGET} (optimum ${learningCurve.optimum})`);
  console.log('  study                           reached  epochs to target (median)  best loss (median)  trials (median)');
  const line = (name: string, s: ReturnType<typeof summary>): void =>
    console.log(`  ${name.padEnd(31)} ${`${s.reached}/${seeds.length}`.padEnd(8)} ${String(s.epochsToTargetMedian).padEnd(26)} ${fmt(s.bestMedian).padEnd(19)} ${s.trialsMedian}`);
  line('random, no stopping', rnd);
  line('TPE, no stopping', summary(curves.tpe));
  line('TPE + ASHA (1, 27, eta 3)', asha);
  if (optuna?.learningCurve) line('Optuna TPE + SuccessiveHalving', summary(optuna.learningCurve));
  const ratio = asha.epochsToTargetMedian / rnd.epochsToTargetMedian;
  lc.ashaToRandomComputeRatio = ratio;
  console.log(`  target: TPE+ASHA compute <= 1/3 of random's -> ratio ${fmt(ratio, 3)} -> ${ratio <= 1 / 3 ? 'met' : 'NOT met'}`);
}
if (!noCurves) curveSection();

mkdirSync(resultsDir, { recursive: true });
const suffix = `${quick ? '-quick' : seedCount === 20 ? '' : `-${seedCount}-seeds`}${noCurves ? '-no-curves' : ''}`;
const file = `${resultsDir}tuning-${new Date().toISOString().slice(0, 10)}${suffix}.json`;
writeFileSync(file, JSON.stringify(figures, null, 2));
console.log(`\nfigures written to ${file}`);
