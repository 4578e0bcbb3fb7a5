import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../../core/index.js';
import { checkFit, partitionStatuses } from './partition-fit.js';
import { parseSinfo } from './slurm-parsers.js';

const groups = parseSinfo(['debug*|up|2|2|11540|(null)|infinite', 'gpu|up|4|64|512000|gpu:8|2-00:00:00', 'gpu|up|2|128|1024000|(null)|2-00:00:00'].join('\n'));
const job = (over: Partial<{ cpus: number; memoryMb: number; gpus: number; nodes: number }> = {}) => ({ cpus: 1, memoryMb: 0, gpus: 0, nodes: 1, ...over });

function refusal(fn: () => void): FlywheelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FlywheelError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('fitting a job to a SLURM partition', () => {
  it('accepts what the default partition holds', () => {
    expect(() => checkFit(groups, job({ cpus: 2, memoryMb: 11540, nodes: 2 }), null)).not.toThrow();
  });

  it('refuses an unknown partition, naming the ones there are', () => {
    const e = refusal(() => checkFit(groups, job(), 'nope'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('debug, gpu');
    expect(e.issues[0]?.path).toBe('partition');
  });

  it('refuses more CPUs, memory or GPUs per worker than any node has', () => {
    expect(refusal(() => checkFit(groups, job({ cpus: 3 }), null)).issues[0]?.path).toBe('resources.cpus');
    expect(refusal(() => checkFit(groups, job({ memoryMb: 20_000 }), 'debug')).issues[0]?.path).toBe('resources.memory_mb');
    expect(refusal(() => checkFit(groups, job({ gpus: 1 }), 'debug')).message).toContain('have none');
  });

  it('counts only the nodes that hold a whole worker', () => {
    expect(() => checkFit(groups, job({ gpus: 8, nodes: 4 }), 'gpu')).not.toThrow();
    const e = refusal(() => checkFit(groups, job({ gpus: 8, nodes: 5 }), 'gpu'));
    expect(e.issues[0]?.path).toBe('resources.nodes');
    expect(e.message).toContain('4 (of 6)');
    expect(refusal(() => checkFit(groups, job({ nodes: 3 }), null)).message).toContain('partition debug has 2');
  });

  it('refuses a job without a partition on a cluster without a default', () => {
    expect(refusal(() => checkFit(groups.filter((g) => !g.isDefault), job(), null)).message).toContain('no default partition');
  });

  it("refuses a timeout beyond the partition's time limit, and takes any timeout where there is none", () => {
    const e = refusal(() => checkFit(groups, job(), 'gpu', 2 * 24 * 3600));
    expect(e.issues).toEqual([{ path: 'timeout_seconds', message: expect.stringContaining('time limit of partition gpu (2880 minutes') }]);
    expect(() => checkFit(groups, job(), 'gpu', 2 * 24 * 3600 - 120)).not.toThrow();
    expect(() => checkFit(groups, job(), null, 365 * 24 * 3600)).not.toThrow();
  });

  it('sums a partition over its node configurations for the status page', () => {
    expect(partitionStatuses(groups)).toEqual([
      { name: 'debug', isDefault: true, state: 'up', nodes: 2, cpus: 2, memoryMb: 11540, gpus: 0, maxTimeMinutes: null },
      { name: 'gpu', isDefault: false, state: 'up', nodes: 6, cpus: 128, memoryMb: 1_024_000, gpus: 8, maxTimeMinutes: 2880 },
    ]);
  });
});
