import { cpus } from 'node:os';
import { busyCores, readCpuTicks, readOtherProcessTicks, USER_HZ } from './machine-cpu.js';
import type { ServerChild } from './server-child.js';

/**
 * Measured phases, on the monotonic clock that V8's CPU profiles use (CLOCK_MONOTONIC, in
 * microseconds), so a server child's profile can be cut down to the phases that were timed
 * and exclude data loading and warm-up.
 */
export interface Phase {
  server: string;
  name: string;
  startUs: number;
  endUs: number;
  /**
   * Cores busy on the whole machine during the phase (server, client and anything else that
   * shares it) and the part stolen by the hypervisor: a shared machine shows here.
   */
  machineCores: { busy: number; steal: number };
  /** Of those: the server child's, this process's, other user processes' (see load.ts). */
  serverCores: number;
  clientCores: number;
  otherCores: number;
}

export const phases: Phase[] = [];

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

export async function phase<T>(server: ServerChild, name: string, fn: () => Promise<T>): Promise<T> {
  const serverCpu = await server.cpuMicros();
  const clientCpu = process.cpuUsage();
  const ticks = readCpuTicks();
  const others = readOtherProcessTicks([process.pid, server.pid]);
  const startUs = nowUs();
  try {
    return await fn();
  } finally {
    const endUs = nowUs();
    const machineCores = busyCores(ticks, readCpuTicks(), cpus().length);
    const client = process.cpuUsage(clientCpu);
    const wall = endUs - startUs;
    const serverCores = round2(((await server.cpuMicros()) - serverCpu) / wall);
    const clientCores = round2((client.user + client.system) / wall);
    const otherCores = round2((readOtherProcessTicks([process.pid, server.pid]) - others) / USER_HZ / (wall / 1e6));
    phases.push({ server: server.name, name, startUs, endUs, machineCores, serverCores, clientCores, otherCores });
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
