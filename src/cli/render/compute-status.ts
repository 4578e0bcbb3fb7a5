import type { ComputeStatus } from '../../sdk/index.js';
import { formatDuration } from './format.js';
import { formatMemoryMb } from './job-format.js';
import { renderTable } from './table.js';

const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');

/** `fw compute status`: hosts with what is in use, their GPUs, and the SLURM partitions. */
export function renderComputeStatus(s: ComputeStatus): string {
  const out: string[] = [`jobs: ${s.queued} queued, ${s.running} running`, ''];

  out.push('hosts');
  if (s.hosts.length === 0) out.push('  (none)');
  else {
    const rows = s.hosts.map((h) => [
      h.name,
      h.executor,
      `${h.used.cpus}/${h.cpus}`,
      `${formatMemoryMb(h.used.memoryMb)}/${formatMemoryMb(h.memoryMb)}`,
      `${h.used.gpuIndices.length}/${h.gpus.length}`,
      String(h.runningJobs),
    ]);
    out.push(indent(renderTable(['name', 'executor', 'cpus', 'memory', 'gpus', 'jobs'], rows, ['left', 'left', 'right', 'right', 'right', 'right'])));
  }

  const gpus = s.hosts.flatMap((h) =>
    h.gpus.map((g) => [
      h.name,
      String(g.index),
      g.name || '-',
      g.memoryMb === null ? '-' : formatMemoryMb(g.memoryMb),
      h.used.gpuIndices.includes(g.index) ? 'in use' : 'free',
    ]),
  );
  if (gpus.length > 0) out.push('', 'gpus', indent(renderTable(['host', 'index', 'name', 'memory', 'state'], gpus, ['left', 'right'])));

  out.push('', 'slurm partitions');
  if (s.partitions.length === 0) out.push('  (none: no SLURM cluster reachable)');
  else {
    const rows = s.partitions.map((p) => [
      p.name + (p.isDefault ? '*' : ''),
      p.state,
      String(p.nodes),
      String(p.cpus),
      formatMemoryMb(p.memoryMb),
      String(p.gpus),
      p.maxTimeMinutes === null ? 'unlimited' : formatDuration(p.maxTimeMinutes * 60_000),
    ]);
    out.push(
      indent(renderTable(['name', 'state', 'nodes', 'cpus/node', 'memory/node', 'gpus/node', 'time limit'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right'])),
      '  (* the default partition)',
    );
  }
  return `${out.join('\n')}\n`;
}
