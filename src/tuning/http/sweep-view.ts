import type { Sweep } from '../../core/index.js';
import type { SweepView } from '../service/sweep-service.js';

/** What the API shows of a sweep: its record with the parsed config flattened (the contract maps it to JSON). */
export function sweepOfView(view: SweepView): Sweep {
  const { sweep, counts, best, gridSize } = view;
  const c = sweep.config;
  return {
    sweepId: sweep.sweepId,
    name: sweep.name,
    state: sweep.state,
    reason: sweep.reason,
    method: c.method,
    metric: { name: c.metric.name, goal: c.metric.goal, target: c.metric.target ?? null },
    maxTrials: c.maxTrials ?? null,
    gridSize: gridSize ?? null,
    parallel: c.parallel,
    drivenBy: c.command ? 'server' : 'client',
    command: c.command ?? null,
    earlyStop: c.earlyStop ?? null,
    timeBudgetSeconds: c.timeBudgetSeconds ?? null,
    maxRetries: c.maxRetries,
    parameters: c.space.parameters.map((p) => ({ name: p.name, ...p.spec, ...(p.condition ? { condition: p.condition } : {}) })),
    experimentId: sweep.experimentId,
    config: sweep.configText,
    createdTime: sweep.createdTime,
    endTime: sweep.endTime,
    counts,
    bestTrial: best,
  };
}
