import type { ReportAction, Sweep, Trial, TrialParamValue } from '../core/tuning-types.js';
import { reportResultFromWire, reportToWire, sweepFromWire, sweepsRoutes, tellToWire, trialFromWire } from '../contracts/sweeps.js';
import { decodeResponse } from './decode.js';
import type { RestClient } from './rest-client.js';

export const sweepPath = (sweepId: string): string => `/api/v1/sweeps/${encodeURIComponent(sweepId)}`;

/**
 * A client-driven sweep (one without a `command`): ask it for trials, run them in this
 * process, report intermediate values and tell the result. Reached as `fw.sweeps.open(id)`.
 *
 * @example
 * const sweep = fw.sweeps.open('s3f9c0a1b2c4');
 * for (;;) {
 *   const trial = await sweep.ask().catch(() => undefined); // 409 once no trials are left
 *   if (!trial) break;
 *   for (let epoch = 1; epoch <= 20; epoch++) {
 *     if ((await trial.report(epoch, train(trial.params))) !== 'continue') break;
 *   }
 *   if (!trial.shouldStop) await trial.tell(evaluate());
 * }
 */
export class SweepHandle {
  constructor(
    private readonly rest: RestClient,
    readonly sweepId: string,
  ) {}

  /** A new trial with suggested parameters and a run; CONFLICT when the sweep is not running or has no trials left. */
  async ask(): Promise<TrialHandle> {
    const res = decodeResponse(sweepsRoutes.ask, await this.rest.request('POST', `${sweepPath(this.sweepId)}/trials`, { body: {} }));
    return new TrialHandle(this.rest, trialFromWire(res.trial));
  }

  /** Ends `trial` as completed with its final `value` (the metric in its own sign). */
  tell(trial: TrialHandle | number, value: number): Promise<Trial> {
    return tellTrial(this.rest, this.sweepId, numberOf(trial), { value, state: 'completed' });
  }

  /** Ends `trial` as failed. */
  fail(trial: TrialHandle | number, reason?: string): Promise<Trial> {
    return tellTrial(this.rest, this.sweepId, numberOf(trial), { state: 'failed', reason });
  }

  /** The sweep as it is now. */
  async get(): Promise<Sweep> {
    const res = decodeResponse(sweepsRoutes.get, await this.rest.request('GET', sweepPath(this.sweepId)));
    return sweepFromWire(res.sweep);
  }
}

/**
 * One trial asked for by this process. `report` logs a value at a time step on the trial's
 * run and answers what the early stopper decided; once it says `stop` the trial has already
 * ended as stopped on the server (`shouldStop` stays true), so no `tell` is needed.
 */
export class TrialHandle {
  readonly sweepId: string;
  readonly number: number;
  readonly params: Readonly<Record<string, TrialParamValue>>;
  /** The tracking run holding this trial's params and metrics. */
  readonly runId: string | null;
  /** The trial as the server last answered it. */
  trial: Trial;
  /** True once `report` answered `stop`. */
  shouldStop = false;
  /** The last answer of `report`, and why (the stopper's reason for `stop`). */
  lastAction: ReportAction | undefined;
  stopReason: string | null = null;

  constructor(
    private readonly rest: RestClient,
    trial: Trial,
  ) {
    this.trial = trial;
    this.sweepId = trial.sweepId;
    this.number = trial.number;
    this.params = trial.params;
    this.runId = trial.runId;
  }

  /** Reports `value` at time step `t` (an epoch); resolves `continue`, `stop` or `complete`. */
  async report(t: number, value: number): Promise<ReportAction> {
    const path = `${sweepPath(this.sweepId)}/trials/${this.number}/report`;
    const { action, reason } = reportResultFromWire(decodeResponse(sweepsRoutes.report, await this.rest.request('POST', path, { body: reportToWire(t, value) })));
    this.lastAction = action;
    if (action === 'stop') {
      this.shouldStop = true;
      this.stopReason = reason;
    }
    return action;
  }

  /** Ends the trial as completed with its final `value`. */
  async tell(value: number): Promise<Trial> {
    this.trial = await tellTrial(this.rest, this.sweepId, this.number, { value, state: 'completed' });
    return this.trial;
  }

  /** Ends the trial as failed. */
  async fail(reason?: string): Promise<Trial> {
    this.trial = await tellTrial(this.rest, this.sweepId, this.number, { state: 'failed', reason });
    return this.trial;
  }
}

const numberOf = (trial: TrialHandle | number): number => (typeof trial === 'number' ? trial : trial.number);

async function tellTrial(
  rest: RestClient,
  sweepId: string,
  number: number,
  body: { value?: number; state: 'completed' | 'failed'; reason?: string | undefined },
): Promise<Trial> {
  const res = decodeResponse(sweepsRoutes.tell, await rest.request('POST', `${sweepPath(sweepId)}/trials/${number}/tell`, { body: tellToWire(body) }));
  return trialFromWire(res.trial);
}
