import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../bench/tuning/optuna_compare.py', import.meta.url));

export interface OptunaCurveStudy {
  epochsToTarget: number | null;
  best: number;
  trials: number;
}

export interface OptunaFigures {
  optuna: string;
  branin: number[];
  hartmann6: number[];
  learningCurve?: OptunaCurveStudy[];
}

/**
 * The first Python with Optuna importable: FW_BENCH_PYTHON, then `python3` on the PATH, then
 * Debian's /usr/bin/python3 (where `apt-get install python3-optuna` puts it, while a pyenv
 * shim may shadow it on the PATH). Undefined when none has it.
 */
export async function findOptunaPython(): Promise<string | undefined> {
  const candidates = [process.env.FW_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import optuna']);
      return python;
    } catch {
      // Not this one; try the next.
    }
  }
  return undefined;
}

export interface OptunaRunOptions {
  python: string;
  seeds: number;
  braninTrials: number;
  hartmannTrials: number;
  lcBudget: number;
  lcTarget: number;
}

export async function runOptuna(opts: OptunaRunOptions): Promise<OptunaFigures> {
  const { stdout } = await run(opts.python, [
    script,
    `--seeds=${opts.seeds}`,
    `--branin-trials=${opts.braninTrials}`,
    `--hartmann-trials=${opts.hartmannTrials}`,
    `--lc-budget=${opts.lcBudget}`,
    `--lc-target=${opts.lcTarget}`,
  ], { maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout) as OptunaFigures;
}
