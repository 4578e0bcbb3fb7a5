import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { FlywheelError } from '../../../core/index.js';
import {
  parseSacct,
  parseScontrolJob,
  parseSinfo,
  parseSqueue,
  SQUEUE_FIELDS,
  type AccountingRecord,
  type JobRecord,
  type NodeGroup,
  type QueueRow,
} from './slurm-parsers.js';

export interface SlurmCommandsOptions {
  /** Folder of sbatch, squeue, ...; default: found on PATH. */
  binDir?: string;
  /** Passed to the commands as SLURM_CONF; default: this process's SLURM_CONF, if any. */
  slurmConf?: string;
  /** Per command (default 30 s; a controller that does not answer takes MessageTimeout, 10 s). */
  timeoutMs?: number;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const SACCT_FIELDS = 'JobID,State,ExitCode,Elapsed,UserCPU,SystemCPU,MaxRSS,NodeList,End';

/**
 * SLURM's client commands, run with execFile and a small fixed environment: the server's
 * own variables (SQUEUE_FORMAT, SLURM_TIME_FORMAT, FW_DATABASE_URL, ...) must neither
 * change the output parsed here nor reach jobs through sbatch's default --export=ALL.
 */
export class SlurmCommands {
  private readonly env: Record<string, string>;
  private accounting: Promise<boolean> | undefined;

  constructor(private readonly options: SlurmCommandsOptions = {}) {
    // Times in UTC and SLURM's standard format, whatever the host's zone: parseSlurmTime reads them so.
    this.env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', TZ: 'UTC', SLURM_TIME_FORMAT: 'standard' };
    for (const k of ['HOME', 'USER', 'LOGNAME']) if (process.env[k] !== undefined) this.env[k] = process.env[k];
    const conf = options.slurmConf ?? process.env.SLURM_CONF;
    if (conf !== undefined) this.env.SLURM_CONF = conf;
  }

  /** Submits a batch script; resolves with the SLURM job id. */
  async sbatch(args: string[]): Promise<string> {
    const r = await this.run('sbatch', ['--parsable', ...args]);
    if (r.code !== 0) throw commandFailed('sbatch', r);
    // --parsable prints `<id>` or `<id>;<cluster>`.
    const id = r.stdout.trim().split(';')[0] ?? '';
    if (!/^\d+$/.test(id)) throw new FlywheelError('INTERNAL', `sbatch answered without a job id: ${r.stdout.trim()}`);
    return id;
  }

  /** The jobs SLURM's controller still holds (ended ones for MinJobAge), by id. */
  async squeue(ids: string[]): Promise<Map<string, QueueRow>> {
    if (ids.length === 0) return new Map();
    const r = await this.run('squeue', ['-h', '-t', 'all', '-O', SQUEUE_FIELDS, '-j', ids.join(',')]);
    // squeue fails with "Invalid job id specified" when none of the ids is known (any
    // known id among them and it prints those): that is an empty answer, not an error.
    if (r.code !== 0 && /invalid job id/i.test(r.stderr)) return new Map();
    if (r.code !== 0) throw commandFailed('squeue', r);
    return parseSqueue(r.stdout);
  }

  /** Ids of jobs with this name that the controller still holds, oldest first. */
  async idsByName(name: string): Promise<string[]> {
    const r = await this.run('squeue', ['-h', '-t', 'all', '-o', '%i', '--name', name]);
    if (r.code !== 0) throw commandFailed('squeue', r);
    return r.stdout.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).sort((a, b) => Number(a) - Number(b));
  }

  /** undefined when the controller no longer knows the job (or never did). */
  async showJob(id: string): Promise<JobRecord | undefined> {
    const r = await this.run('scontrol', ['show', 'job', '-o', id]);
    if (r.code !== 0 && /invalid job id/i.test(r.stderr)) return undefined;
    if (r.code !== 0) throw commandFailed('scontrol', r);
    return parseScontrolJob(r.stdout);
  }

  /** Whether the cluster keeps accounting (sacct works); asked once. */
  hasAccounting(): Promise<boolean> {
    this.accounting ??= this.run('scontrol', ['show', 'config']).then(
      (r) => {
        if (r.code !== 0) {
          this.accounting = undefined;
          return false;
        }
        const line = r.stdout.split('\n').find((l) => l.startsWith('AccountingStorageType'));
        return line !== undefined && !line.includes('accounting_storage/none');
      },
      () => {
        this.accounting = undefined;
        return false;
      },
    );
    return this.accounting;
  }

  /** A job as accounting recorded it; undefined without accounting or a record. */
  async sacct(id: string): Promise<AccountingRecord | undefined> {
    if (!(await this.hasAccounting())) return undefined;
    const r = await this.run('sacct', ['-n', '-P', '-j', id, '-o', SACCT_FIELDS]);
    return r.code === 0 ? parseSacct(r.stdout) : undefined;
  }

  /** Ids of jobs with this name in accounting (the last week), oldest first. */
  async sacctIdsByName(name: string): Promise<string[]> {
    if (!(await this.hasAccounting())) return [];
    const r = await this.run('sacct', ['-n', '-P', '-X', '-S', 'now-7days', '--name', name, '-o', 'JobID']);
    if (r.code !== 0) return [];
    return r.stdout.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).sort((a, b) => Number(a) - Number(b));
  }

  /** Sends SIGTERM to every step, SIGKILL after the cluster's KillWait. */
  async scancel(id: string): Promise<void> {
    const r = await this.run('scancel', [id]);
    // A job that has just ended is not an error: its end is seen by the poll.
    if (r.code !== 0 && !/invalid job id|already completing or completed/i.test(r.stderr)) throw commandFailed('scancel', r);
  }

  async sinfo(): Promise<NodeGroup[]> {
    const r = await this.run('sinfo', ['-h', '-o', '%P|%a|%D|%c|%m|%G|%l']);
    if (r.code !== 0) throw commandFailed('sinfo', r);
    return parseSinfo(r.stdout);
  }

  private run(command: string, args: string[]): Promise<Result> {
    const file = this.options.binDir ? join(this.options.binDir, command) : command;
    return new Promise((resolve, reject) => {
      execFile(file, args, { env: this.env, timeout: this.options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          const where = this.options.binDir ? `in ${this.options.binDir}` : 'on PATH';
          reject(new FlywheelError('UNAVAILABLE', `SLURM's ${command} was not found ${where}: is SLURM installed here?`, { cause: error }));
          return;
        }
        if (error && error.killed) {
          reject(new FlywheelError('UNAVAILABLE', `SLURM's ${command} did not answer in time: is slurmctld running?`, { cause: error }));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  }
}

/**
 * A failed command. One that could not reach the controller means the cluster is not
 * there (UNAVAILABLE); anything else is a refusal of the request.
 */
function commandFailed(command: string, r: Result): FlywheelError {
  const text = (r.stderr.trim() || r.stdout.trim() || `exit code ${r.code}`).split('\n').slice(0, 5).join('; ');
  const unreachable = /unable to contact slurm controller|connection refused|zero bytes were transmitted|socket timed out|munge/i.test(r.stderr);
  return new FlywheelError(unreachable ? 'UNAVAILABLE' : 'FAILED_PRECONDITION', `${command} failed: ${text}`);
}
