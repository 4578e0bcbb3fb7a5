import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SweepsHttp } from './sweeps-http.js';
import { signal } from './wait.js';

interface Turn {
  arrived: { promise: Promise<void>; resolve: () => void };
  waiting?: ServerResponse;
  released: boolean;
}

/**
 * Lets a sweep test decide when each trial logs each epoch. test/fixtures/sweep-trial.mjs,
 * given `--gate URL`, asks `GET URL/trial/<number>/epoch/<epoch>` before logging that epoch
 * and waits for the answer, which comes only once the test releases that turn. What the
 * stopping rule sees, and in which order, is then the test's choice, not the scheduler's.
 */
export class TrialGate {
  private readonly turns = new Map<string, Turn>();
  private readonly server: Server = createServer((req, res) => {
    const m = /^\/trial\/(\d+)\/epoch\/(\d+)$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const turn = this.turn(Number(m[1]), Number(m[2]));
    if (turn.released) res.end('go');
    else turn.waiting = res;
    turn.arrived.resolve();
  });
  url = '';

  static async start(): Promise<TrialGate> {
    const gate = new TrialGate();
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    gate.url = `http://127.0.0.1:${(gate.server.address() as AddressInfo).port}`;
    return gate;
  }

  /** Settles once trial `number` waits to log `epoch`. */
  arrived(number: number, epoch: number): Promise<void> {
    return this.turn(number, epoch).arrived.promise;
  }

  /** Lets trial `number` log `epoch`. */
  release(number: number, epoch: number): void {
    const turn = this.turn(number, epoch);
    turn.released = true;
    turn.waiting?.end('go');
  }

  /** Stops listening; trials still waiting see their request fail. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private turn(number: number, epoch: number): Turn {
    const key = `${number}/${epoch}`;
    let turn = this.turns.get(key);
    if (!turn) {
      turn = { arrived: signal(), released: false };
      this.turns.set(key, turn);
    }
    return turn;
  }
}

/**
 * Runs a gated sweep's trials one after another in number order: each logs its epochs one at
 * a time, and the next is let through only once the controller has taken the last (the
 * trial's `last_t` moved, or it ended). The stopping rule thus sees trial 1's whole curve,
 * then trial 2's, and so on, every run. Returns the trials as they ended.
 */
export async function runTrialsInOrder(api: SweepsHttp, gate: TrialGate, sweepId: string, options: { trials: number; epochs: number }): Promise<any[]> {
  for (let n = 1; n <= options.trials; n++) {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      await gate.arrived(n, epoch);
      gate.release(n, epoch);
      const last = epoch === options.epochs;
      // After its last epoch a trial exits, and the controller completes it once it sees the job end.
      const trials = await api.waitForTrials(sweepId, (ts) => {
        const t = ts.find((x) => x.number === n);
        return t !== undefined && (t.state !== 'running' || (!last && t.last_t === epoch));
      });
      if (trials.find((t) => t.number === n).state !== 'running') break;
    }
  }
  return api.trials(sweepId);
}
