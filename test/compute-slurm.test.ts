import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError, silentLogger } from '../src/core/index.js';
import type { ExecutionSink, Launch, Outcome } from '../src/compute/executors/executor.js';
import { SlurmExecutor } from '../src/compute/executors/slurm/slurm-executor.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * The SLURM executor against a real cluster: `bash scripts/slurm-cluster.sh start` (root)
 * starts one on this machine with two emulated nodes; .ci/run does so before the tests.
 */

const SKIP = slurmSkipReason();

/** Records what the executor reports, in order, and lets a test wait for an attempt's end. */
class RecordingSink implements ExecutionSink {
  readonly events: { kind: 'running' | 'finished'; jobId: string; host?: string | null; outcome?: Outcome }[] = [];
  private waiters: (() => void)[] = [];

  running(jobId: string, _attempt: number, detail: { host: string | null }): void {
    this.events.push({ kind: 'running', jobId, host: detail.host });
    this.wake();
  }

  finished(jobId: string, _attempt: number, outcome: Outcome): void {
    this.events.push({ kind: 'finished', jobId, outcome });
    this.wake();
  }

  kinds(jobId: string): string[] {
    return this.events.filter((e) => e.jobId === jobId).map((e) => e.kind);
  }

  async until(jobId: string, kind: 'running' | 'finished', ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.kinds(jobId).includes(kind)) {
      if (Date.now() > deadline) throw new Error(`no ${kind} for ${jobId} within ${ms} ms; saw ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async outcome(jobId: string): Promise<Outcome> {
    await this.until(jobId, 'finished');
    return this.events.find((e) => e.jobId === jobId && e.kind === 'finished')!.outcome!;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

let root = '';
let seq = 0;

function launch(command: string[], over: Partial<Launch> = {}): Launch {
  const jobId = `t${process.pid}x${++seq}`;
  return {
    jobId,
    attempt: 1,
    name: `test ${jobId}`,
    command,
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FW_RUN_ID: `run-${jobId}`, FW_JOB_ID: jobId, NOTE: "it's $HOME" },
    resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 1 },
    partition: null,
    timeoutSeconds: null,
    gpuIndices: [],
    dir: join(root, jobId, 'attempt-1'),
    ...over,
  };
}

const sh = (script: string): string[] => ['bash', '-c', script];

describe.skipIf(SKIP)(`SLURM executor on a real cluster${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 60_000 }, () => {
  let sink: RecordingSink;
  let executor: SlurmExecutor;
  const extra: SlurmExecutor[] = [];

  beforeAll(async () => {
    // The cluster's nodes run as root and read the attempt folders: a plain temp dir on this host.
    root = await mkdtemp(join(tmpdir(), 'fw-slurm-test-'));
    sink = new RecordingSink();
    executor = new SlurmExecutor({ sink, logger: silentLogger, pollIntervalMs: 100 });
  });

  afterEach(async () => {
    for (const e of extra.splice(0)) await e.close();
  });

  afterAll(async () => {
    await executor?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs a job to success, with its output and environment in output.log', async () => {
    const l = launch(sh('echo hello; echo "run=$FW_RUN_ID rank=$RANK world=$WORLD_SIZE note=$NOTE"; pwd'));
    const started = await executor.start(l);
    expect(started.externalId).toMatch(/^\d+$/);
    expect(started.host).toBeNull();
    const outcome = await sink.outcome(l.jobId);
    expect(sink.kinds(l.jobId)).toEqual(['running', 'finished']);
    expect(outcome).toMatchObject({ state: 'succeeded', exitCode: 0, reason: null, logs: [{ name: 'output.log', path: join(l.dir, 'output.log') }] });
    expect(outcome.usage?.wallSeconds).toBeGreaterThanOrEqual(0);
    const log = await readFile(join(l.dir, 'output.log'), 'utf8');
    expect(log).toBe(`hello\nrun=run-${l.jobId} rank=0 world=1 note=it's $HOME\n${root}\n`);
    expect(sink.events.find((e) => e.jobId === l.jobId && e.kind === 'running')?.host).toMatch(/\S/);
  });

  it('reports a failing command as failed with its exit code', async () => {
    const l = launch(sh('echo oops >&2; exit 3'));
    await executor.start(l);
    const outcome = await sink.outcome(l.jobId);
    expect(sink.kinds(l.jobId)).toEqual(['running', 'finished']);
    expect(outcome).toMatchObject({ state: 'failed', exitCode: 3, reason: 'the command exited with code 3' });
    expect(await readFile(join(l.dir, 'output.log'), 'utf8')).toBe('oops\n');
  });

  it('fails a job whose working directory is missing on the node, rather than run it elsewhere', async () => {
    const l = launch(['pwd'], { cwd: join(root, 'no-such-dir') });
    await executor.start(l);
    expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(await readFile(join(l.dir, 'output.log'), 'utf8')).toContain('working directory');
  });

  it('cancels a running job through scancel', async () => {
    const l = launch(['sleep', '30']);
    await executor.start(l);
    await sink.until(l.jobId, 'running');
    await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'cancelled by user' });
    expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'cancelled by user', exitCode: 143 });
  });

  it('cancels a job at once after submitting it, whether or not SLURM has started it yet', async () => {
    const l = launch(['sleep', '30']);
    await executor.start(l);
    await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'changed my mind' });
    expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'changed my mind' });
    // Cancelled while pending it never ran, so there is no running report then.
    expect(sink.kinds(l.jobId).at(-1)).toBe('finished');
  });

  it('reports a job stopped at its timeout as timed out', async () => {
    const l = launch(['sleep', '30'], { timeoutSeconds: 1 });
    await executor.start(l);
    await sink.until(l.jobId, 'running');
    await executor.stop(l.jobId, 1, { state: 'timed_out', reason: 'exceeded its timeout of 1 s' });
    expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'timed_out', reason: 'exceeded its timeout of 1 s' });
  });

  it('runs a 2-worker job on two nodes, each worker with its rank and its own log', async () => {
    const l = launch(sh('echo "RANK=$RANK LOCAL_RANK=$LOCAL_RANK WORLD_SIZE=$WORLD_SIZE MASTER_ADDR=$MASTER_ADDR MASTER_PORT=$MASTER_PORT run=$FW_RUN_ID"'), {
      resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 2 },
    });
    const { externalId } = await executor.start(l);
    const outcome = await sink.outcome(l.jobId);
    expect(outcome).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(outcome.logs.map((x) => x.name)).toEqual(expect.arrayContaining(['rank-0.log', 'rank-1.log']));
    const port = 20000 + (Number(externalId) % 20000);
    for (const rank of [0, 1]) {
      const log = await readFile(join(l.dir, `rank-${rank}.log`), 'utf8');
      expect(log).toMatch(new RegExp(`^RANK=${rank} LOCAL_RANK=0 WORLD_SIZE=2 MASTER_ADDR=\\S+ MASTER_PORT=${port} run=run-${l.jobId}\\n$`));
    }
    // Both workers agree on the rendezvous address.
    const addrs = await Promise.all([0, 1].map(async (r) => /MASTER_ADDR=(\S+)/.exec(await readFile(join(l.dir, `rank-${r}.log`), 'utf8'))?.[1]));
    expect(addrs[0]).toBe(addrs[1]);
    expect(sink.events.find((e) => e.jobId === l.jobId && e.kind === 'running')?.host).toMatch(/\S/);
  });

  it('fails a 2-worker job when one worker fails, blaming that worker and stopping the other', async () => {
    const l = launch(sh('if [ "$RANK" = 1 ]; then exit 3; fi; sleep 30'), { resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 2 } });
    const t0 = Date.now();
    await executor.start(l);
    const outcome = await sink.outcome(l.jobId);
    expect(outcome).toMatchObject({ state: 'failed', exitCode: 3, reason: 'worker rank 1 exited with code 3' });
    expect(Date.now() - t0).toBeLessThan(25_000);
  });

  it('re-attaches to a running job by its id from a new executor, and stops it there', async () => {
    const l = launch(['sleep', '30']);
    const { externalId } = await executor.start(l);
    await sink.until(l.jobId, 'running');
    const sink2 = new RecordingSink();
    const again = new SlurmExecutor({ sink: sink2, logger: silentLogger, pollIntervalMs: 100 });
    extra.push(again);
    expect(await again.recover(l, externalId)).toBe('attached');
    expect(sink2.kinds(l.jobId)).toEqual(['running']);
    await again.stop(l.jobId, 1, { state: 'cancelled', reason: 'cancelled after a restart' });
    expect(await sink2.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'cancelled after a restart' });
  });

  it('finds a job whose id was never stored by its name', async () => {
    const l = launch(['sleep', '30']);
    const { externalId } = await executor.start(l);
    await sink.until(l.jobId, 'running');
    // As if the server died right after sbatch answered: no stored id, no id file.
    await unlink(join(l.dir, 'slurm-job-id'));
    const sink2 = new RecordingSink();
    const again = new SlurmExecutor({ sink: sink2, logger: silentLogger, pollIntervalMs: 100 });
    extra.push(again);
    expect(await again.recover(l, null)).toBe('attached');
    expect(sink2.events[0]).toMatchObject({ kind: 'running', jobId: l.jobId });
    await again.stop(l.jobId, 1, { state: 'cancelled', reason: 'test over' });
    expect((await sink2.outcome(l.jobId)).state).toBe('cancelled');
    expect(externalId).toMatch(/^\d+$/);
  });

  it('reports a job that ended while no executor watched as finished', async () => {
    const l = launch(['true']);
    const { externalId } = await executor.start(l);
    await sink.outcome(l.jobId);
    const sink2 = new RecordingSink();
    const again = new SlurmExecutor({ sink: sink2, logger: silentLogger });
    extra.push(again);
    expect(await again.recover(l, externalId)).toBe('finished');
    expect(sink2.kinds(l.jobId)).toEqual(['running', 'finished']);
    expect((await sink2.outcome(l.jobId)).state).toBe('succeeded');
  });

  it('says not_started for an attempt that was never submitted', async () => {
    expect(await executor.recover(launch(['true']), null)).toBe('not_started');
  });

  it('accepts what the cluster holds and refuses what it cannot', async () => {
    const [debug] = await executor.partitions();
    expect(debug).toMatchObject({ isDefault: true });
    await expect(executor.validate({ cpus: 1, memoryMb: 100, gpus: 0, nodes: 1 }, null)).resolves.toBeUndefined();
    await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, debug!.name)).resolves.toBeUndefined();
    const tooMany = executor.validate({ cpus: debug!.cpus + 1, memoryMb: 0, gpus: 0, nodes: 1 }, null);
    await expect(tooMany).rejects.toBeInstanceOf(FlywheelError);
    await expect(tooMany).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: 'resources.cpus' }] });
    await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, 'no-such-partition')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 1, nodes: 1 }, null)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('is UNAVAILABLE when the controller does not answer', async () => {
    // The same cluster's configuration with a port nothing listens on (and a short timeout).
    const conf = await readFile(process.env.SLURM_CONF ?? '/etc/slurm/slurm.conf', 'utf8');
    const bad = join(root, 'unreachable.conf');
    await writeFile(bad, conf.replace(/^SlurmctldPort=.*$/m, 'SlurmctldPort=1').replace(/^MessageTimeout=.*$/m, 'MessageTimeout=1'));
    const unreachable = new SlurmExecutor({ sink: new RecordingSink(), logger: silentLogger, slurmConf: bad });
    extra.push(unreachable);
    await expect(unreachable.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, null)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('SLURM executor without SLURM', () => {
  it('is UNAVAILABLE when the SLURM commands are not there', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fw-no-slurm-'));
    const executor = new SlurmExecutor({ sink: new RecordingSink(), logger: silentLogger, binDir: empty });
    try {
      await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, null)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(executor.partitions()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await executor.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
