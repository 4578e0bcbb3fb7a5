import type { JobResources } from '../../core/compute-types.js';

/**
 * Where queued jobs start, decided in one pass: by effective priority (priority plus one
 * point per `agingMs` waited, so nothing starves), then first come first served, with
 * EASY backfill. The first job that does not fit gets a reservation: the earliest time its
 * host will have room (from the running jobs' deadlines) and what will be spare then.
 * A later job may jump ahead only if it fits now and cannot delay that reservation: it
 * ends before the reserved start (by its timeout), or it fits in what is spare then.
 * All workers of a job start together on one host or none does (gang placement).
 *
 * Pure: no clock, no I/O, so every rule here is unit-tested with hand-made cases.
 */

export interface HostCapacity {
  name: string;
  cpus: number;
  memoryMb: number;
  gpuIndices: number[];
}

/** Resources held by a job that is starting or running. */
export interface Allocation {
  jobId: string;
  host: string;
  cpus: number;
  memoryMb: number;
  gpuIndices: number[][];
  /** When it must have ended (start + timeout); Infinity without a timeout. */
  endsBy: number;
}

export interface QueuedJob {
  jobId: string;
  priority: number;
  queuedTime: number;
  resources: JobResources;
  timeoutSeconds: number | null;
}

export interface Placement {
  jobId: string;
  host: string;
  /** GPU indices for each worker. */
  gpuIndices: number[][];
}

export interface PlacementInput {
  hosts: HostCapacity[];
  allocations: Allocation[];
  queue: QueuedJob[];
  now: number;
  agingMs: number;
}

interface Free {
  cpus: number;
  memoryMb: number;
  gpus: number[];
}

interface Reservation {
  host: string;
  start: number;
  spare: { cpus: number; memoryMb: number; gpus: number };
}

export const effectivePriority = (job: QueuedJob, now: number, agingMs: number): number =>
  job.priority + Math.floor(Math.max(0, now - job.queuedTime) / agingMs);

/** The queue in the order the scheduler considers it (also the order the UI shows). */
export function queueOrder(queue: QueuedJob[], now: number, agingMs: number): QueuedJob[] {
  return queue
    .map((job) => ({ job, p: effectivePriority(job, now, agingMs) }))
    .sort((a, b) => b.p - a.p || a.job.queuedTime - b.job.queuedTime || (a.job.jobId < b.job.jobId ? -1 : 1))
    .map((e) => e.job);
}

/** Total need of a job across its workers. */
export function totalNeed(r: JobResources): { cpus: number; memoryMb: number; gpus: number } {
  return { cpus: r.cpus * r.nodes, memoryMb: r.memoryMb * r.nodes, gpus: r.gpus * r.nodes };
}

/** Whether some host could ever hold the job, with nothing else running. */
export function fitsAnyHost(hosts: HostCapacity[], r: JobResources): boolean {
  const need = totalNeed(r);
  return hosts.some((h) => need.cpus <= h.cpus && need.memoryMb <= h.memoryMb && need.gpus <= h.gpuIndices.length);
}

export function placeJobs(input: PlacementInput): Placement[] {
  const { hosts, allocations, now, agingMs } = input;
  const free = new Map<string, Free>(hosts.map((h) => [h.name, { cpus: h.cpus, memoryMb: h.memoryMb, gpus: [...h.gpuIndices] }]));
  for (const a of allocations) {
    const f = free.get(a.host);
    if (!f) continue;
    f.cpus -= a.cpus;
    f.memoryMb -= a.memoryMb;
    const held = new Set(a.gpuIndices.flat());
    f.gpus = f.gpus.filter((g) => !held.has(g));
  }

  const placements: Placement[] = [];
  let reservation: Reservation | undefined;
  for (const job of queueOrder(input.queue, now, agingMs)) {
    const need = totalNeed(job.resources);
    const host = hosts.find((h) => fits(free.get(h.name)!, need));
    if (!reservation) {
      if (host) {
        placements.push(take(job, host.name, free.get(host.name)!));
      } else {
        reservation = reserve(hosts, free, allocations, need);
      }
      continue;
    }
    if (!host) continue;
    if (host.name !== reservation.host) {
      placements.push(take(job, host.name, free.get(host.name)!));
      continue;
    }
    const endsBy = job.timeoutSeconds === null ? Infinity : now + job.timeoutSeconds * 1000;
    if (endsBy <= reservation.start) {
      placements.push(take(job, host.name, free.get(host.name)!));
    } else if (fits({ cpus: reservation.spare.cpus, memoryMb: reservation.spare.memoryMb, gpus: new Array<number>(reservation.spare.gpus) }, need)) {
      reservation.spare.cpus -= need.cpus;
      reservation.spare.memoryMb -= need.memoryMb;
      reservation.spare.gpus -= need.gpus;
      placements.push(take(job, host.name, free.get(host.name)!));
    }
  }
  return placements;
}

function fits(f: Free, need: { cpus: number; memoryMb: number; gpus: number }): boolean {
  return need.cpus <= f.cpus && need.memoryMb <= f.memoryMb && need.gpus <= f.gpus.length;
}

function take(job: QueuedJob, host: string, f: Free): Placement {
  const r = job.resources;
  f.cpus -= r.cpus * r.nodes;
  f.memoryMb -= r.memoryMb * r.nodes;
  const gpuIndices: number[][] = [];
  for (let w = 0; w < r.nodes; w++) gpuIndices.push(f.gpus.splice(0, r.gpus));
  return { jobId: job.jobId, host, gpuIndices };
}

/**
 * The host where the job can start soonest as running jobs reach their deadlines, and what
 * that host has spare at that moment beyond the job's need.
 */
function reserve(
  hosts: HostCapacity[],
  free: Map<string, Free>,
  allocations: Allocation[],
  need: { cpus: number; memoryMb: number; gpus: number },
): Reservation | undefined {
  let best: Reservation | undefined;
  for (const h of hosts) {
    if (need.cpus > h.cpus || need.memoryMb > h.memoryMb || need.gpus > h.gpuIndices.length) continue;
    const f = free.get(h.name)!;
    const avail = { cpus: f.cpus, memoryMb: f.memoryMb, gpus: f.gpus.length };
    let start = Infinity;
    const ending = allocations.filter((a) => a.host === h.name).sort((a, b) => a.endsBy - b.endsBy);
    for (const a of ending) {
      avail.cpus += a.cpus;
      avail.memoryMb += a.memoryMb;
      avail.gpus += a.gpuIndices.flat().length;
      if (avail.cpus >= need.cpus && avail.memoryMb >= need.memoryMb && avail.gpus >= need.gpus) {
        start = a.endsBy;
        break;
      }
    }
    if (best && best.start <= start) continue;
    // With no deadline known, the job can start once everything has ended: all is spare.
    const atStart = start === Infinity ? { cpus: h.cpus, memoryMb: h.memoryMb, gpus: h.gpuIndices.length } : avail;
    best = {
      host: h.name,
      start,
      spare: { cpus: atStart.cpus - need.cpus, memoryMb: atStart.memoryMb - need.memoryMb, gpus: atStart.gpus - need.gpus },
    };
  }
  return best;
}
