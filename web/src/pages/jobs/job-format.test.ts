import { describe, expect, it } from 'vitest';
import { formatCommand, formatExecutor, formatMemoryMb, formatResources } from './job-format';

describe('job formatting', () => {
  it('quotes only the arguments a shell would split or expand', () => {
    expect(formatCommand(['python', 'train.py', '--lr', '0.01'])).toBe('python train.py --lr 0.01');
    expect(formatCommand(['sh', '-c', "echo 'hi'; sleep 5"])).toBe(`sh -c 'echo '\\''hi'\\''; sleep 5'`);
    expect(formatCommand(['a b', ''])).toBe("'a b' ''");
  });

  it('writes resources per worker, with the node count for distributed jobs', () => {
    expect(formatResources({ cpus: 2, memory_mb: 4096, gpus: 1, nodes: 1 })).toBe('2 CPU · 4 GB · 1 GPU');
    expect(formatResources({ cpus: 1, memory_mb: 0, gpus: 0, nodes: 4 })).toBe('1 CPU × 4 nodes');
    expect(formatMemoryMb(512)).toBe('512 MB');
    expect(formatMemoryMb(1536)).toBe('1.5 GB');
  });

  it('names the partition beside the executor', () => {
    expect(formatExecutor({ executor: 'local', partition: null })).toBe('local');
    expect(formatExecutor({ executor: 'slurm', partition: 'gpu' })).toBe('slurm · gpu');
  });
});
