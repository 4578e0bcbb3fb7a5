import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError, silentLogger } from '../src/core/index.js';
import type { Launch } from '../src/compute/executors/executor.js';
import { SlurmExecutor } from '../src/compute/executors/slurm/slurm-executor.js';
import { RecordingSink } from './support/executor-contract.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * What only the SLURM executor does, against a real cluster: `bash scripts/slurm-cluster.sh
 * start` (root) starts one on this machine with two emulated nodes; .ci/run does so before
 * the tests. The Executor contract itself runs on SLURM in test/executors.test.ts.
 */

const SKIP = slurmSkipReason();

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

  it('fails a job whose working directory is missing on the node, rather than run it elsewhere', async () => {
    const l = launch(['pwd'], { cwd: join(root, 'no-such-dir') });
    await executor.start(l);
    expect(await sink.outcome(l.jobId)).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(await readFile(join(l.dir, 'output.log'), 'utf8')).toContain('working directory');
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
    expect(await sink.next(l.jobId, 'running')).toMatchObject({ host: expect.stringMatching(/\S/) });
  });

  it('finds a job whose id was never stored by its name', async () => {
    const l = launch(['sleep', '30']);
    const { externalId } = await executor.start(l);
    await sink.next(l.jobId, 'running');
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

  it("lists the cluster's default partition, and refuses one CPU more than its nodes have, naming resources.cpus", async () => {
    const [debug] = await executor.partitions();
    expect(debug).toMatchObject({ isDefault: true });
    const tooMany = executor.validate({ cpus: debug!.cpus + 1, memoryMb: 0, gpus: 0, nodes: 1 }, null);
    await expect(tooMany).rejects.toBeInstanceOf(FlywheelError);
    await expect(tooMany).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: 'resources.cpus' }] });
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
