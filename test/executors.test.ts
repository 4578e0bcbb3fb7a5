import { describe } from 'vitest';
import { silentLogger } from '../src/core/index.js';
import { LocalExecutor } from '../src/compute/executors/local/local-executor.js';
import { SlurmExecutor } from '../src/compute/executors/slurm/slurm-executor.js';
import { runExecutorSuite } from './support/executor-contract.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * The Executor contract on every executor: local child processes always, and a real SLURM
 * cluster when one answers (`bash scripts/slurm-cluster.sh start`, as .ci/run does; in CI a
 * missing cluster fails the run).
 */

runExecutorSuite(
  'local',
  (sink) =>
    new LocalExecutor({
      sink,
      logger: silentLogger,
      capacity: { cpus: 4, memoryMb: 4096, gpuCount: 0 },
      // Short, so the test of a command that ignores SIGTERM is quick; nothing waits on it by time.
      killGraceMs: 500,
      reattachPollMs: 50,
    }),
);

const SLURM_SKIP = slurmSkipReason();

describe.skipIf(SLURM_SKIP)(`on SLURM${SLURM_SKIP ? ` (skipped: ${SLURM_SKIP})` : ''}`, () => {
  runExecutorSuite('SLURM', (sink) => new SlurmExecutor({ sink, logger: silentLogger, pollIntervalMs: 100 }));
});
