import { FlywheelError } from '../core/errors.js';
import type { Page } from '../core/tracking-types.js';
import { TERMINAL_SWEEP_STATES, type ListSweepsRequest, type ParameterImportance, type Sweep, type Trial } from '../core/tuning-types.js';
import { createSweepToWire, importanceFromWire, listSweepsToQuery, sweepFromWire, sweepsRoutes, trialFromWire } from '../contracts/sweeps.js';
import { decodeResponse } from './decode.js';
import type { RestClient } from './rest-client.js';
import { SweepHandle, sweepPath } from './sweep-handle.js';
import { abortableSleep } from './sleep.js';

export interface CreateSweepOptions {
  /** Where trial commands run (default: the server's working directory). */
  cwd?: string;
  /** Environment variables for every trial. */
  env?: Record<string, string>;
  /** Default: an experiment named after the sweep, created when missing. */
  experimentId?: string;
}

export interface WaitForSweepOptions {
  /** The longest wait between two looks (default 2 s); the first looks come sooner. */
  intervalMs?: number;
  /** Give up after this long (default: wait for ever). */
  timeoutMs?: number;
  /** Called with the sweep after every look, the last (ended) one included. */
  onUpdate?: (sweep: Sweep) => void;
  signal?: AbortSignal;
}

/**
 * The sweeps API (`/api/v1/sweeps`, docs/sweeps-api.md): hyperparameter searches the server
 * runs as jobs (sweeps with a `command`) or code drives by ask/tell. Reached as `fw.sweeps`.
 *
 * @example
 * const sweep = await fw.sweeps.create(fs.readFileSync('sweep.yaml', 'utf8'), { cwd: process.cwd() });
 * const ended = await fw.sweeps.waitFor(sweep.sweepId);
 * console.log(ended.bestTrial?.params, ended.bestTrial?.value);
 */
export class SweepsClient {
  constructor(private readonly rest: RestClient) {}

  /** Starts a sweep from its YAML; INVALID_ARGUMENT lists every problem of the file, with its line and key. */
  async create(configYaml: string, options: CreateSweepOptions = {}): Promise<Sweep> {
    const res = decodeResponse(sweepsRoutes.create, await this.rest.request('POST', '/api/v1/sweeps', { body: createSweepToWire({ config: configYaml, ...options }) }));
    return sweepFromWire(res.sweep);
  }

  /** One page of sweeps, newest first. */
  async list(req: ListSweepsRequest = {}): Promise<Page<Sweep>> {
    const res = decodeResponse(sweepsRoutes.list, await this.rest.request('GET', '/api/v1/sweeps', { query: listSweepsToQuery(req) }));
    const token = res.next_page_token;
    return { items: res.sweeps.map(sweepFromWire), ...(token ? { nextPageToken: token } : {}) };
  }

  async get(sweepId: string, options: { signal?: AbortSignal } = {}): Promise<Sweep> {
    const res = decodeResponse(sweepsRoutes.get, await this.rest.request('GET', sweepPath(sweepId), options.signal ? { signal: options.signal } : {}));
    return sweepFromWire(res.sweep);
  }

  /** Every trial, by number. */
  async trials(sweepId: string): Promise<Trial[]> {
    const res = decodeResponse(sweepsRoutes.trials, await this.rest.request('GET', `${sweepPath(sweepId)}/trials`));
    return res.trials.map(trialFromWire);
  }

  /** How much each parameter explains of the metric, largest first; empty below 4 trials with a value. */
  async importance(sweepId: string): Promise<ParameterImportance[]> {
    const res = decodeResponse(sweepsRoutes.importance, await this.rest.request('GET', `${sweepPath(sweepId)}/importance`));
    return importanceFromWire(res.importance);
  }

  /** No new trials start; running ones go on. */
  pause(sweepId: string): Promise<Sweep> {
    return this.action(sweepId, 'pause');
  }

  resume(sweepId: string): Promise<Sweep> {
    return this.action(sweepId, 'resume');
  }

  /** Ends the sweep; its running trials are cancelled (their jobs stopped). */
  cancel(sweepId: string): Promise<Sweep> {
    return this.action(sweepId, 'cancel');
  }

  /** Resolves with the sweep once it is finished, cancelled or failed. */
  async waitFor(sweepId: string, options: WaitForSweepOptions = {}): Promise<Sweep> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const maxInterval = options.intervalMs ?? 2000;
    for (let n = 0; ; n++) {
      const sweep = await this.get(sweepId, options.signal ? { signal: options.signal } : {});
      options.onUpdate?.(sweep);
      if (TERMINAL_SWEEP_STATES.includes(sweep.state)) return sweep;
      const delay = Math.min(maxInterval, 100 * 2 ** n);
      if (Date.now() + delay > deadline) {
        throw new FlywheelError('UNAVAILABLE', `sweep ${sweepId} did not end within ${options.timeoutMs} ms (it is ${sweep.state})`);
      }
      await abortableSleep(delay, options.signal);
    }
  }

  /** A handle to drive a client-driven sweep: `ask()` for trials, `tell()` their results. */
  open(sweepId: string): SweepHandle {
    return new SweepHandle(this.rest, sweepId);
  }

  /** The same as `open`. */
  handle(sweepId: string): SweepHandle {
    return this.open(sweepId);
  }

  private async action(sweepId: string, verb: 'pause' | 'resume' | 'cancel'): Promise<Sweep> {
    const res = decodeResponse(sweepsRoutes[verb], await this.rest.request('POST', `${sweepPath(sweepId)}/${verb}`, { body: {} }));
    return sweepFromWire(res.sweep);
  }
}
