import { join } from 'node:path';
import type { Launch } from '../executor.js';

/** The name an attempt's SLURM job gets: how `recover` finds it when its id was never stored. */
export const slurmJobName = (jobId: string, attempt: number): string => `fw-${jobId}-${attempt}`;

/** The files of an attempt in its folder (which every node must see: a shared filesystem). */
export function attemptFiles(dir: string, workers: number) {
  return {
    script: join(dir, 'slurm-job.sh'),
    /** The SLURM job id, written as soon as sbatch answers. */
    jobId: join(dir, 'slurm-job-id'),
    /** stdout+stderr of the batch script: the command's for one worker, srun's for several. */
    batchLog: join(dir, workers === 1 ? 'output.log' : 'batch.log'),
    rankLog: (rank: number) => join(dir, `rank-${rank}.log`),
    /** A distributed worker's exit status, so the first failure can be told from the workers it took down. */
    rankExit: (rank: number) => join(dir, `rank-${rank}.exit`),
  };
}

/** The options sbatch is called with (before the script's path). */
export function sbatchArgs(launch: Launch): string[] {
  const r = launch.resources;
  const files = attemptFiles(launch.dir, r.nodes);
  const args = [
    `--job-name=${slurmJobName(launch.jobId, launch.attempt)}`,
    `--chdir=${launch.cwd}`,
    `--output=${slurmPath(files.batchLog)}`,
    // Nothing of sbatch's environment but SLURM_* (SLURM_CONF, for srun in the job): the
    // job's whole environment is written into the script, and that is all it gets. SLURM
    // starts the script in the user's login environment, which the exports then override.
    '--export=NONE',
    // Retries are the service's decision, not SLURM's (after a node failure, say).
    '--no-requeue',
    `--nodes=${r.nodes}`,
    '--ntasks-per-node=1',
    `--cpus-per-task=${r.cpus}`,
  ];
  if (r.memoryMb > 0) args.push(`--mem=${r.memoryMb}M`);
  if (r.gpus > 0) args.push(`--gres=gpu:${r.gpus}`);
  // A minute of slack: the service stops the job at its exact timeout; SLURM's limit is the backstop.
  if (launch.timeoutSeconds !== null) args.push(`--time=${Math.ceil(launch.timeoutSeconds / 60) + 1}`);
  if (launch.partition !== null) args.push(`--partition=${launch.partition}`);
  return args;
}

/**
 * Set by bash, or by SLURM per job and node: the server's values would be wrong in the job.
 * SLURM_CONF stays, so srun inside the job finds the same configuration.
 */
const NOT_PASSED = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', 'HOSTNAME', 'SHELLOPTS', 'BASHOPTS', 'BASH_VERSINFO', 'EUID', 'UID', 'PPID', 'GROUPS']);

export function passesToJob(name: string, gpus: number): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || NOT_PASSED.has(name)) return false;
  if (name.startsWith('SLURM_') && name !== 'SLURM_CONF') return false;
  // With GPUs SLURM sets CUDA_VISIBLE_DEVICES to the ones it gave the job.
  return !(name === 'CUDA_VISIBLE_DEVICES' && gpus > 0);
}

/**
 * The batch script: the launch's environment (the job's own, Flywheel's variables and the
 * few the server passes on, see `job-env.ts`) as exports, the command as positional
 * parameters, then the worker variables of torchrun's conventions. One worker runs the
 * command itself; several run it through srun, one task per node, each with its own log.
 */
export function batchScript(launch: Launch): string {
  const r = launch.resources;
  const lines = [
    '#!/bin/bash',
    `# Flywheel job ${launch.jobId}, attempt ${launch.attempt} (${oneLine(launch.name)}), submitted by the SLURM executor.`,
  ];
  for (const [k, v] of Object.entries(launch.env).sort(([a], [b]) => a.localeCompare(b))) {
    if (passesToJob(k, r.gpus)) lines.push(`export ${k}=${shellQuote(v)}`);
  }
  // Without a GPU grant a job must not see any GPU, as with the local executor.
  if (r.gpus === 0) lines.push("export CUDA_VISIBLE_DEVICES=''");
  lines.push(`set -- ${launch.command.map(shellQuote).join(' ')}`);
  // SLURM runs a job whose --chdir is missing on the node in /tmp instead, with a warning only.
  const cwd = shellQuote(launch.cwd);
  lines.push(`cd ${cwd} || { echo "flywheel: working directory "${cwd}" not found on $(hostname)" >&2; exit 1; }`);
  // Derived from the job id, so workers agree on it without talking; collisions need two
  // distributed jobs sharing a first node with ids 20000 apart.
  const port = 'MASTER_PORT=$((20000 + SLURM_JOB_ID % 20000))';
  if (r.nodes === 1) {
    lines.push(`export RANK=0 LOCAL_RANK=0 WORLD_SIZE=1 LOCAL_WORLD_SIZE=1 MASTER_ADDR=127.0.0.1 ${port}`);
    lines.push('exec "$@"');
    return lines.join('\n') + '\n';
  }
  const srun = ['srun', '--export=ALL', '--kill-on-bad-exit=1', `--nodes=${r.nodes}`, `--ntasks=${r.nodes}`, '--ntasks-per-node=1'];
  // SLURM 22.05's srun no longer inherits the job's --cpus-per-task; memory is given again alike.
  srun.push(`--cpus-per-task=${r.cpus}`);
  if (r.memoryMb > 0) srun.push(`--mem=${r.memoryMb}M`);
  srun.push(shellQuote(`--output=${slurmPath(join(launch.dir, 'rank-'))}%t.log`));
  const exitFile = `${shellQuote(join(launch.dir, 'rank-'))}"$RANK".exit`;
  const worker = `export RANK=$SLURM_PROCID LOCAL_RANK=$SLURM_LOCALID; "$@"; c=$?; echo $c > ${exitFile}; exit $c`;
  lines.push(
    '# MASTER_ADDR is the first node. A node name need not resolve (a test cluster',
    "# emulating nodes on one host): then it is the node's address as SLURM knows it.",
    'first=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)',
    'if ! getent hosts "$first" >/dev/null 2>&1; then',
    '  addr=$(scontrol show node -o "$first" | sed -n \'s/.* NodeAddr=\\([^ ]*\\).*/\\1/p\')',
    '  first=${addr:-$first}',
    'fi',
    `export MASTER_ADDR=$first ${port} WORLD_SIZE=$SLURM_NTASKS LOCAL_WORLD_SIZE=1`,
    // --norc: bash reads ~/.bashrc even non-interactively when its stdin is a socket, as a task's may be.
    `exec ${srun.join(' ')} bash --norc -c ${shellQuote(worker)} fw-worker "$@"`,
  );
  return lines.join('\n') + '\n';
}

export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** sbatch and srun read `%j`, `%t`, ... in file names; a literal % is written %%. */
function slurmPath(path: string): string {
  return path.replaceAll('%', '%%');
}

function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ');
}
