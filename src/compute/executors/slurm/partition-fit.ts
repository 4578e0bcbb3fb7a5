import type { JobResources, PartitionStatus } from '../../../core/compute-types.js';
import { invalidArgument, type FlywheelError } from '../../../core/index.js';
import type { NodeGroup } from './slurm-parsers.js';

/** One status per partition; per-node figures are those of its largest nodes. */
export function partitionStatuses(groups: NodeGroup[]): PartitionStatus[] {
  const byName = new Map<string, PartitionStatus>();
  for (const g of groups) {
    const p = byName.get(g.partition);
    if (!p) {
      byName.set(g.partition, {
        name: g.partition,
        isDefault: g.isDefault,
        state: g.state,
        nodes: g.nodes,
        cpus: g.cpus,
        memoryMb: g.memoryMb,
        gpus: g.gpus,
        maxTimeMinutes: g.maxTimeMinutes,
      });
      continue;
    }
    p.nodes += g.nodes;
    p.cpus = Math.max(p.cpus, g.cpus);
    p.memoryMb = Math.max(p.memoryMb, g.memoryMb);
    p.gpus = Math.max(p.gpus, g.gpus);
  }
  return [...byName.values()];
}

/**
 * Refuses a job no node set of the partition could ever hold: each of its `nodes` workers
 * needs one node with all of its CPUs, memory and GPUs. Nodes count whatever their state
 * now (down or drained ones come back), as SLURM itself would queue the job.
 */
export function checkFit(groups: NodeGroup[], resources: JobResources, partition: string | null, timeoutSeconds: number | null = null): void {
  const names = [...new Set(groups.map((g) => g.partition))];
  let name = partition;
  if (name === null) {
    name = groups.find((g) => g.isDefault)?.partition ?? null;
    if (name === null) throw refuse('partition', `the SLURM cluster has no default partition: name one of ${names.join(', ')}`);
  } else if (!names.includes(name)) {
    throw refuse('partition', `unknown SLURM partition "${name}": the cluster has ${names.join(', ') || 'none'}`);
  }
  const mine = groups.filter((g) => g.partition === name);
  const largest = (pick: (g: NodeGroup) => number) => Math.max(0, ...mine.map(pick));
  const r = resources;
  const cpus = largest((g) => g.cpus);
  if (r.cpus > cpus) throw refuse('resources.cpus', `the job asks for ${r.cpus} CPUs per worker; the nodes of partition ${name} have at most ${cpus}`);
  const memory = largest((g) => g.memoryMb);
  if (r.memoryMb > memory) {
    throw refuse('resources.memory_mb', `the job asks for ${r.memoryMb} MiB per worker; the nodes of partition ${name} have at most ${memory} MiB`);
  }
  if (r.gpus > largest((g) => g.gpus)) {
    const most = largest((g) => g.gpus);
    throw refuse('resources.gpus', `the job asks for ${r.gpus} GPUs per worker; the nodes of partition ${name} have ${most === 0 ? 'none' : `at most ${most}`}`);
  }
  // The batch script asks for the timeout rounded up to minutes plus one (batch-script.ts);
  // beyond the partition's MaxTime SLURM would hold the job pending forever.
  const maxMinutes = mine.map((g) => g.maxTimeMinutes).reduce<number | null>((m, t) => (m === null || t === null ? null : Math.max(m, t)), 0);
  if (timeoutSeconds !== null && maxMinutes !== null && Math.ceil(timeoutSeconds / 60) + 1 > maxMinutes) {
    throw refuse('timeout_seconds', `a timeout of ${timeoutSeconds} s is over the time limit of partition ${name} (${maxMinutes} minutes, less one for the job's own limit)`);
  }
  const fitting = mine.filter((g) => g.cpus >= r.cpus && g.memoryMb >= r.memoryMb && g.gpus >= r.gpus).reduce((n, g) => n + g.nodes, 0);
  if (r.nodes > fitting) {
    const total = mine.reduce((n, g) => n + g.nodes, 0);
    const of = fitting === total ? `${total}` : `${fitting} (of ${total}) with ${r.cpus} CPUs, ${r.memoryMb} MiB and ${r.gpus} GPUs`;
    throw refuse('resources.nodes', `the job asks for ${r.nodes} nodes; partition ${name} has ${of}`);
  }
}

/** Paths as in the submit request (job-request.ts), so a client shows the refusal at the field. */
const refuse = (path: string, message: string): FlywheelError => invalidArgument(message, [{ path, message }]);
