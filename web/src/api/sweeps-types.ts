// The sweeps API's shapes (docs/sweeps-api.md), inferred from the route contracts in
// src/contracts/sweeps.ts: the UI declares none of them itself. `Sweep` and `Trial` are the
// decoded shapes (a trial's value a number); sweeps-wire.ts reads the JSON into them.
import type { ParameterImportanceWire, SweepDecoded, SweepParameterWire, SweepWire, TrialDecoded, TrialWire } from '../../../src/contracts/sweeps';
import { SWEEP_STATES, TRIAL_STATES, type MetricGoal, type SweepMethod, type SweepState, type TrialParamValue, type TrialState } from '../../../src/core/tuning-types';

export { SWEEP_STATES, TRIAL_STATES, type MetricGoal, type SweepMethod, type SweepState, type TrialState };
export type { SweepWire, TrialWire };
export type Sweep = SweepDecoded;
export type Trial = TrialDecoded;
export type SweepCounts = Sweep['counts'];
export type EarlyStop = NonNullable<Sweep['early_stop']>;
/** A parameter's value (a YAML scalar), or null where a trial has none yet (its metric before any report). */
export type ParamValue = TrialParamValue | null;
export type ParameterSpec = SweepParameterWire;
export type ParameterKind = ParameterSpec['kind'];
export type ParameterImportance = ParameterImportanceWire;

// A state this UI does not know (a newer server) counts as ended, so nothing offers to act on it.
export const isLiveSweepState = (s: string): boolean => s === 'running' || s === 'paused';
