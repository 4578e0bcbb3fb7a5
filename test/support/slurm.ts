import { execFileSync } from 'node:child_process';
import { requireOrSkip } from './requirements.js';

/**
 * Why the SLURM tests cannot run here, or undefined when a cluster answers. `bash
 * scripts/slurm-cluster.sh start` (as root) starts one with two emulated nodes; .ci/run
 * does so before the tests, and in CI a missing cluster fails the run instead of skipping.
 */
export function slurmSkipReason(): string | undefined {
  let reason: string | undefined;
  try {
    execFileSync('sinfo', ['-h'], { stdio: 'ignore', timeout: 15_000 });
  } catch {
    reason = 'sinfo does not answer; start a cluster with `sudo bash scripts/slurm-cluster.sh start`';
  }
  return requireOrSkip(reason && `SLURM is not running (${reason}); .ci/run starts it`);
}
