import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverGpus, parseNvidiaSmi } from './gpu-discovery.js';

// Recorded from `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader,nounits` on a 2-GPU host.
const RECORDED = `0, NVIDIA A100-SXM4-80GB, 81920, GPU-5b9e3b1c-2d1e-4c55-9f5c-1a2b3c4d5e6f
1, NVIDIA A100-SXM4-80GB, 81920, GPU-8c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f
`;

describe('GPU discovery', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-nvsmi-'));
    await writeFile(join(dir, 'nvidia-smi'), `#!/bin/sh\ncat <<'OUT'\n${RECORDED}OUT\n`);
    await chmod(join(dir, 'nvidia-smi'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the GPUs from a stand-in nvidia-smi on PATH', async () => {
    const gpus = await discoverGpus({ ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}` });
    expect(gpus).toEqual([
      { index: 0, name: 'NVIDIA A100-SXM4-80GB', memoryMb: 81920, uuid: 'GPU-5b9e3b1c-2d1e-4c55-9f5c-1a2b3c4d5e6f' },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', memoryMb: 81920, uuid: 'GPU-8c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f' },
    ]);
  });

  it('finds no GPUs when nvidia-smi is absent', async () => {
    expect(await discoverGpus({ ...process.env, PATH: dir + '-missing' })).toEqual([]);
  });

  it('keeps a GPU whose memory the driver does not report', () => {
    expect(parseNvidiaSmi('0, NVIDIA H100 MIG 1g.10gb, [N/A], [N/A]\n')).toEqual([
      { index: 0, name: 'NVIDIA H100 MIG 1g.10gb', memoryMb: null, uuid: null },
    ]);
  });
});
