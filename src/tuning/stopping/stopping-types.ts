/**
 * What an early-stopping rule tells the sweep controller after a trial reports a metric
 * value at a time step (an epoch, a training iteration). Rules are pure and deterministic:
 * no clock, no I/O, the same reports in the same order give the same decisions, so a
 * controller restarted after a crash can replay the metric history and land in the same state.
 */
export type StopAction = 'continue' | 'stop' | 'complete';

export interface Decision {
  /** `complete`: the trial reached the rule's `maxT` and is done; `stop`: ended early. */
  action: StopAction;
  /** Index of the rung (within the trial's bracket) the report was judged at, if any. */
  rung?: number;
  /** The time step of that rung. */
  milestone?: number;
  /** The value the trial had to match or beat to continue. */
  cutoff?: number;
  /** Hyperband only: the bracket the trial was assigned to. */
  bracket?: number;
  /** A sentence for a user, present on `stop`: it becomes the run's "stopped early" reason. */
  reason?: string;
}

/** Common face of ASHA, Hyperband and the median rule, as the sweep controller sees them. */
export interface Stopper {
  /**
   * Records that `trialId` reported `value` at time step `t` and decides whether it goes on.
   * Once a trial has been stopped or completed, later reports get the same decision back.
   */
  report(trialId: string, t: number, value: number): Decision;
  /**
   * The trial has ended (finished, failed, cancelled). Its terminal state is forgotten, so a
   * retry under the same id starts afresh, but the values it reported stay: they are the
   * history that later trials are compared with.
   */
  remove(trialId: string): void;
}
