import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { busyCores, readCpuTicks, readOtherProcessTicks, USER_HZ, type CpuTicks } from './machine-cpu.js';
import type { ServerChild } from './server-child.js';
import { round } from './stats.js';

/** One second of a load run: responses completed, and the cores other processes took meanwhile. */
export interface LoadSecond {
  responses: number;
  serverCores: number;
  otherCores: number;
}

/*
 * Who used the machine's cores: the server child, this process (the client), other user
 * processes (someone else's tests or builds), and the kernel (the rest: loopback TCP and
 * disk writeback, mostly on the server's behalf).
 */

export interface LoadResult {
  connections: number;
  seconds: number;
  /** 2xx responses per second over the whole measured run. */
  okPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p99: number; mean: number };
  /** CPU cores used on average while the load ran: the server process and this one (the client). */
  serverCores: number;
  clientCores: number;
  /** Cores busy on the whole machine: server + client + other processes (+ steal). */
  machineCores: number;
  stealCores: number;
  /** Cores that other user processes on the machine took meanwhile. */
  otherCores: number;
  /** Cores busy in the kernel outside any process's account (network softirqs, writeback). */
  kernelCores: number;
  perSecond: LoadSecond[];
  /**
   * Responses per second over the seconds in which other processes took under QUIET_OTHER_CORES
   * (absent when there were fewer than 3 such seconds, or any failed response): the figure a
   * machine of our own would give when the shared one was busy.
   */
  quiet?: { seconds: number; okPerSecond: number };
}

/** Other processes' use below which a second counts as quiet. */
export const QUIET_OTHER_CORES = 0.2;

interface Sample {
  at: number;
  ticks: CpuTicks;
  otherTicks: number;
  clientMicros: number;
  serverMicros: number;
}

/**
 * POSTs prebuilt bodies with autocannon: connection i sends `bodies[i % bodies.length]`
 * over and over, so the client does no work per request beyond writing bytes. Samples
 * the machine's CPU once a second to tell the server's, the client's and other processes' use apart.
 */
export async function postLoad(options: {
  server: ServerChild;
  path: string;
  bodies: readonly string[];
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const { server, path, bodies, connections, seconds } = options;
  const cores = cpus().length;
  const clientMicros = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const sample = async (): Promise<Sample> => {
    const at = performance.now();
    const ticks = readCpuTicks();
    const otherTicks = readOtherProcessTicks([process.pid, server.pid]);
    const client = clientMicros();
    return { at, ticks, otherTicks, clientMicros: client, serverMicros: await server.cpuMicros() };
  };

  let nextClient = 0;
  const first = await sample();
  const samples: Promise<Sample>[] = [];
  const instance = autocannon({
    url: server.url + path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: bodies[0],
    connections,
    duration: seconds,
    timeout: 30,
    setupClient: (client) => client.setBody(bodies[nextClient++ % bodies.length]!),
  });
  const counters: number[] = [];
  instance.on('tick', ({ counter }) => {
    counters.push(counter);
    samples.push(sample());
  });
  const r = await instance;
  const last = await sample();

  const perSecond: LoadSecond[] = [];
  let prev = first;
  const taken = await Promise.all(samples);
  // The last tick comes with the stop and counts no full second.
  for (let i = 0; i < Math.min(counters.length, taken.length) - 1; i++) {
    const cur = taken[i]!;
    const s = usage(prev, cur, cores);
    perSecond.push({ responses: Math.round(counters[i]! / s.wallSeconds), serverCores: s.server, otherCores: s.other });
    prev = cur;
  }
  const whole = usage(first, last, cores);
  const ok = r['2xx'];
  const quietSeconds = perSecond.filter((s) => s.otherCores < QUIET_OTHER_CORES);
  const clean = r.non2xx === 0 && r.errors === 0;
  return {
    connections,
    seconds: round(r.duration),
    okPerSecond: ok / r.duration,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: round(r.latency.mean) },
    serverCores: whole.server,
    clientCores: whole.client,
    machineCores: whole.machine,
    stealCores: whole.steal,
    otherCores: whole.other,
    kernelCores: whole.kernel,
    perSecond,
    ...(clean && quietSeconds.length >= 3
      ? { quiet: { seconds: quietSeconds.length, okPerSecond: quietSeconds.reduce((a, s) => a + s.responses, 0) / quietSeconds.length } }
      : {}),
  };
}

function usage(from: Sample, to: Sample, cores: number) {
  const wallSeconds = (to.at - from.at) / 1000;
  const machine = busyCores(from.ticks, to.ticks, cores);
  const server = (to.serverMicros - from.serverMicros) / 1e6 / wallSeconds;
  const client = (to.clientMicros - from.clientMicros) / 1e6 / wallSeconds;
  const other = (to.otherTicks - from.otherTicks) / USER_HZ / wallSeconds;
  return {
    wallSeconds,
    machine: machine.busy,
    steal: machine.steal,
    server: round(server),
    client: round(client),
    other: round(other),
    kernel: round(Math.max(0, machine.busy - server - client - other)),
  };
}
