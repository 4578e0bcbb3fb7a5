import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobResources } from '../../src/core/compute-types.js';
import { FlywheelError } from '../../src/core/index.js';
import type { ExecutionSink, Executor, Launch, Outcome } from '../../src/compute/executors/executor.js';

export type SinkEvent =
  | { kind: 'running'; jobId: string; attempt: number; host: string | null; externalId: string }
  | { kind: 'finished'; jobId: string; attempt: number; outcome: Outcome };

/**
 * Records what an executor reports, in order. A test waits for an event with a promise that
 * the report itself resolves (never a timer): `await sink.outcome(jobId)`.
 */
export class RecordingSink implements ExecutionSink {
  readonly events: SinkEvent[] = [];
  private readonly waiting = new Map<string, ((e: SinkEvent) => void)[]>();

  running(jobId: string, attempt: number, detail: { host: string | null; externalId: string }): void {
    this.record({ kind: 'running', jobId, attempt, ...detail });
  }

  finished(jobId: string, attempt: number, outcome: Outcome): void {
    this.record({ kind: 'finished', jobId, attempt, outcome });
  }

  /** What was reported for a job, in order: e.g. ['running', 'finished']. */
  kinds(jobId: string): SinkEvent['kind'][] {
    return this.events.filter((e) => e.jobId === jobId).map((e) => e.kind);
  }

  /** The first `kind` event of a job: at once if it came already, else when it comes. */
  next(jobId: string, kind: SinkEvent['kind']): Promise<SinkEvent> {
    const seen = this.events.find((e) => e.jobId === jobId && e.kind === kind);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const key = `${jobId}#${kind}`;
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]);
    });
  }

  async outcome(jobId: string): Promise<Outcome> {
    return ((await this.next(jobId, 'finished')) as Extract<SinkEvent, { kind: 'finished' }>).outcome;
  }

  private record(e: SinkEvent): void {
    this.events.push(e);
    const key = `${e.jobId}#${e.kind}`;
    for (const resolve of this.waiting.get(key) ?? []) resolve(e);
    this.waiting.delete(key);
  }
}

/** Variables of the server's own environment that no job may see unless its launch lists them. */
const SERVER_SECRET = 'FW_CONTRACT_SERVER_SECRET';

const sh = (script: string): string[] => ['sh', '-c', script];

/**
 * Resolves once the file holds `text`: the command's own word that it has begun, for the
 * tests about what a stop does to a running command (one that has set its own handling of
 * SIGTERM, say). SLURM reports an allocation as RUNNING before the node has started the
 * script. The file is looked at every 50 ms (a condition waited for, not a time): on a
 * shared filesystem a write from another host raises no local event.
 */
async function untilFileHas(path: string, text: string): Promise<void> {
  while (!(await readFile(path, 'utf8').catch(() => '')).includes(text)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * How an attempt stopped before its command has begun ends, where executors may differ.
 * 'as-sigterm': as if the SIGTERM had reached the command, with exit code 143 (local: the
 * command is not started, even if the signal came while the worker was still forking it).
 * 'exit-0-no-log': SLURM's own behaviour when scancel comes before the node has started
 * the batch script: the job ends CANCELLED with exit code 0, and no output file is written.
 */
const STOP_BEFORE_BEGUN: Record<Executor['kind'], 'as-sigterm' | 'exit-0-no-log'> = { local: 'as-sigterm', slurm: 'exit-0-no-log' };

/**
 * The Executor contract (src/compute/executors/executor.ts): every executor must pass all
 * of it. `makeExecutor` builds one that reports to `sink`; the suite closes it. Attempts'
 * folders are in a temp dir on this host, which the SLURM test cluster's nodes share.
 * Timeouts are the service's timers (job-lifecycle.ts), so an executor sees one only as
 * `stop` with the state 'timed_out'.
 */
export function runExecutorSuite(name: string, makeExecutor: (sink: ExecutionSink) => Executor): void {
  describe(`the ${name} executor (Executor contract)`, { timeout: 60_000 }, () => {
    let root = '';
    let seq = 0;
    let sink: RecordingSink;
    let executor: Executor;
    const extra: Executor[] = [];
    const savedSecret = process.env[SERVER_SECRET];

    /** Another executor, as after a server restart; closed after the test. */
    const another = (s: ExecutionSink): Executor => {
      const e = makeExecutor(s);
      extra.push(e);
      return e;
    };

    const launch = (command: string[], over: Partial<Launch> = {}): Launch => {
      const jobId = `c${process.pid}x${++seq}`;
      return {
        jobId,
        attempt: 1,
        name: `contract ${jobId}`,
        command,
        cwd: root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FW_RUN_ID: `run-${jobId}`, FW_JOB_ID: jobId, NOTE: "it's $HOME `and` \"quoted\"" },
        resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 1 },
        partition: null,
        timeoutSeconds: null,
        gpuIndices: [],
        dir: join(root, jobId, 'attempt-1'),
        ...over,
      };
    };

    beforeAll(async () => {
      // The server's environment holds things a job must not get (cloud credentials, say).
      process.env[SERVER_SECRET] = 'the server keeps this';
      root = await mkdtemp(join(tmpdir(), 'fw-executor-contract-'));
      sink = new RecordingSink();
      executor = makeExecutor(sink);
    });
    afterEach(async () => {
      for (const e of extra.splice(0)) await e.close();
    });
    afterAll(async () => {
      if (savedSecret === undefined) delete process.env[SERVER_SECRET];
      else process.env[SERVER_SECRET] = savedSecret;
      await executor?.close();
      if (root) await rm(root, { recursive: true, force: true });
    });

    describe('validate', () => {
      it('accepts a small request', async () => {
        await expect(executor.validate({ cpus: 1, memoryMb: 100, gpus: 0, nodes: 1 }, null)).resolves.toBeUndefined();
      });

      it('refuses, as INVALID_ARGUMENT, a request no host or partition could ever hold', async () => {
        const impossible: JobResources[] = [
          { cpus: 100_000, memoryMb: 100, gpus: 0, nodes: 1 },
          { cpus: 1, memoryMb: 1_000_000_000, gpus: 0, nodes: 1 },
          { cpus: 1, memoryMb: 100, gpus: 64, nodes: 1 },
          { cpus: 50_000, memoryMb: 100, gpus: 0, nodes: 2 },
        ];
        for (const resources of impossible) {
          const e = await executor.validate(resources, null).then(() => undefined, (x: unknown) => x);
          expect(e, JSON.stringify(resources)).toBeInstanceOf(FlywheelError);
          expect((e as FlywheelError).code).toBe('INVALID_ARGUMENT');
        }
      });

      it('accepts the partitions it lists and refuses one it does not', async () => {
        const partitions = await executor.partitions();
        expect(partitions.filter((p) => p.isDefault).length).toBeLessThanOrEqual(1);
        for (const p of partitions) await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, p.name)).resolves.toBeUndefined();
        await expect(executor.validate({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 }, 'no-such-partition')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      });
    });

    describe('an attempt that runs to its end', () => {
      it('reports running then succeeded, with the output in output.log, in its folder, with its environment', async () => {
        const l = launch(sh(`echo hello; echo "run=$FW_RUN_ID rank=$RANK world=$WORLD_SIZE note=$NOTE secret=\${${SERVER_SECRET}:-none}"; pwd`));
        const started = await executor.start(l);
        expect(started.externalId).toMatch(/\S/);
        const outcome = await sink.outcome(l.jobId);
        expect(sink.kinds(l.jobId)).toEqual(['running', 'finished']);
        const running = await sink.next(l.jobId, 'running');
        expect(running).toMatchObject({ attempt: 1, externalId: started.externalId, host: expect.stringMatching(/\S/) });
        expect(outcome).toMatchObject({ state: 'succeeded', exitCode: 0, reason: null, logs: [{ name: 'output.log', path: join(l.dir, 'output.log') }] });
        expect(outcome.usage?.wallSeconds).toBeGreaterThanOrEqual(0);
        expect(await readFile(join(l.dir, 'output.log'), 'utf8')).toBe(`hello\nrun=run-${l.jobId} rank=0 world=1 note=${l.env.NOTE} secret=none\n${root}\n`);
      });

      it('reports a failing command as failed, with its exit code', async () => {
        const l = launch(sh('echo oops >&2; exit 3'));
        await executor.start(l);
        const outcome = await sink.outcome(l.jobId);
        expect(sink.kinds(l.jobId)).toEqual(['running', 'finished']);
        expect(outcome).toMatchObject({ state: 'failed', exitCode: 3, reason: 'the command exited with code 3' });
        expect(await readFile(join(l.dir, 'output.log'), 'utf8')).toBe('oops\n');
      });

      it('runs a 2-worker attempt, each worker with its rank, the world size and a log of its own', async () => {
        const l = launch(sh('echo "RANK=$RANK WORLD_SIZE=$WORLD_SIZE run=$FW_RUN_ID"'), { resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 2 } });
        await executor.start(l);
        const outcome = await sink.outcome(l.jobId);
        expect(outcome).toMatchObject({ state: 'succeeded', exitCode: 0 });
        expect(outcome.logs.map((x) => x.name)).toEqual(expect.arrayContaining(['rank-0.log', 'rank-1.log']));
        for (const rank of [0, 1]) {
          expect(await readFile(join(l.dir, `rank-${rank}.log`), 'utf8')).toBe(`RANK=${rank} WORLD_SIZE=2 run=run-${l.jobId}\n`);
        }
      });

      it('fails a 2-worker attempt when one worker fails, blaming that worker and stopping the other', async () => {
        const l = launch(sh('if [ "$RANK" = 1 ]; then exit 3; fi; sleep 30'), { resources: { cpus: 1, memoryMb: 100, gpus: 0, nodes: 2 } });
        await executor.start(l);
        expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'failed', exitCode: 3, reason: 'worker rank 1 exited with code 3' });
      });
    });

    describe('stop', () => {
      it('ends a running attempt with SIGTERM, in the state and for the reason given', async () => {
        const l = launch(sh('echo begun; exec sleep 30'));
        await executor.start(l);
        await sink.next(l.jobId, 'running');
        await untilFileHas(join(l.dir, 'output.log'), 'begun');
        await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'cancelled by user' });
        expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'cancelled by user', exitCode: 143 });
      });

      it('kills a command that ignores SIGTERM once the grace period is over', async () => {
        const l = launch(sh("trap '' TERM; echo begun; sleep 30 & wait; echo never"));
        await executor.start(l);
        await sink.next(l.jobId, 'running');
        await untilFileHas(join(l.dir, 'output.log'), 'begun');
        await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'cancelled by user' });
        expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'cancelled by user' });
        expect(await readFile(join(l.dir, 'output.log'), 'utf8')).not.toContain('never');
      });

      it('reports an attempt stopped at its timeout as timed out', async () => {
        const l = launch(['sleep', '30'], { timeoutSeconds: 1 });
        await executor.start(l);
        await sink.next(l.jobId, 'running');
        await executor.stop(l.jobId, 1, { state: 'timed_out', reason: 'exceeded its timeout of 1 s' });
        expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'timed_out', reason: 'exceeded its timeout of 1 s' });
      });

      it('stops an attempt at once after start: the SIGTERM reaches its command, or the command never begins', async () => {
        const l = launch(sh("trap 'echo got TERM; exit 143' TERM; echo begun; while :; do sleep 1; done"));
        await executor.start(l);
        await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'changed my mind' });
        const outcome = await sink.outcome(l.jobId);
        expect(outcome).toMatchObject({ state: 'cancelled', reason: 'changed my mind' });
        expect(sink.kinds(l.jobId).at(-1)).toBe('finished');
        const log = await readFile(join(l.dir, 'output.log'), 'utf8').catch(() => '');
        // Never a SIGTERM lost on the way, which would leave the command to the SIGKILL (137).
        if (log.includes('begun')) {
          expect(log).toContain('got TERM');
          expect(outcome.exitCode).toBe(143);
        } else if (STOP_BEFORE_BEGUN[executor.kind] === 'as-sigterm') {
          expect(outcome.exitCode).toBe(143);
        } else {
          expect([0, 143]).toContain(outcome.exitCode);
        }
      });

      it('does nothing for an attempt it does not know, or one that has ended', async () => {
        await executor.stop('no-such-job', 1, { state: 'cancelled', reason: 'nothing to stop' });
        const l = launch(['true']);
        await executor.start(l);
        await sink.outcome(l.jobId);
        await executor.stop(l.jobId, 1, { state: 'cancelled', reason: 'too late' });
        expect(sink.kinds(l.jobId)).toEqual(['running', 'finished']);
      });
    });

    describe('recover, as after a server restart', () => {
      it('re-attaches to a running attempt from a new executor, which can then stop it', async () => {
        const before = another(new RecordingSink());
        const l = launch(['sleep', '30']);
        const { externalId } = await before.start(l);
        await before.close();
        const after = new RecordingSink();
        const again = another(after);
        expect(await again.recover(l, externalId)).toBe('attached');
        expect(await after.next(l.jobId, 'running')).toMatchObject({ externalId });
        await again.stop(l.jobId, 1, { state: 'cancelled', reason: 'cancelled after a restart' });
        expect(await after.outcome(l.jobId)).toMatchObject({ state: 'cancelled', reason: 'cancelled after a restart' });
      });

      it('reports an attempt that ended while no executor watched as finished, with its exit code', async () => {
        const first = new RecordingSink();
        const before = another(first);
        const l = launch(sh('exit 4'));
        const { externalId } = await before.start(l);
        await first.outcome(l.jobId);
        await before.close();
        const after = new RecordingSink();
        expect(await another(after).recover(l, externalId)).toBe('finished');
        expect(after.kinds(l.jobId)).toEqual(['running', 'finished']);
        expect(await after.outcome(l.jobId)).toMatchObject({ state: 'failed', exitCode: 4 });
      });

      it('says not_started for an attempt that never started', async () => {
        const after = new RecordingSink();
        const l = launch(['true']);
        expect(await another(after).recover(l, null)).toBe('not_started');
        expect(after.kinds(l.jobId)).toEqual([]);
      });
    });
  });
}
