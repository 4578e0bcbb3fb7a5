import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GpuInfo } from '../../core/compute-types.js';

const run = promisify(execFile);

/**
 * The NVIDIA GPUs of this host, from `nvidia-smi` on PATH. No nvidia-smi, or one that
 * fails (no driver loaded), means no GPUs: the host then refuses GPU requests at submit.
 */
export async function discoverGpus(env: NodeJS.ProcessEnv = process.env): Promise<GpuInfo[]> {
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader,nounits'], {
      env,
      timeout: 10_000,
    });
    return parseNvidiaSmi(stdout);
  } catch {
    return [];
  }
}

/** Parses `--query-gpu=index,name,memory.total,uuid --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(stdout: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [index, name, memory, uuid] = line.split(',').map((f) => f.trim());
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0) continue;
    const mem = Number(memory);
    gpus.push({
      index: i,
      name: name ?? 'GPU',
      // "[N/A]" on some boards (MIG, unsupported queries).
      memoryMb: Number.isFinite(mem) && memory !== '' ? mem : null,
      uuid: uuid && uuid !== '[N/A]' ? uuid : null,
    });
  }
  return gpus.sort((a, b) => a.index - b.index);
}
