import type { JobUsage } from '../../../core/compute-types.js';
import type { Outcome } from '../executor.js';
import type { AccountingRecord, JobRecord } from './slurm-parsers.js';

/** Where a SLURM job state puts an attempt: waiting, under way, or over. */
export type Phase = 'pending' | 'running' | 'ended';

const PENDING = new Set(['PENDING', 'CONFIGURING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SPECIAL_EXIT']);
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED', 'REVOKED']);

/**
 * Unknown states count as running: a state added by a later SLURM must not end an
 * attempt early; its end still comes as one of the states above.
 */
export function phaseOf(state: string): Phase {
  if (PENDING.has(state)) return 'pending';
  return ENDED.has(state) ? 'ended' : 'running';
}

export interface OutcomeInput {
  record: JobRecord | AccountingRecord;
  workers: number;
  /** What `stop` asked for, if it was called. */
  stopping: { state: 'cancelled' | 'timed_out'; reason: string } | undefined;
  /** The first distributed worker that exited non-zero, from its exit file. */
  firstFailure: { rank: number; code: number } | undefined;
  logs: Outcome['logs'];
}

/** A job ended by a signal reports 128 + its number, as bash does (and the local executor). */
export const exitStatus = (r: JobRecord): number => (r.signal > 0 ? 128 + r.signal : r.exitCode);

export function outcomeOf(input: OutcomeInput): Outcome {
  return { ...outcomeOfRecord(input), ...(input.record.endTime !== null ? { endTime: input.record.endTime } : {}) };
}

function outcomeOfRecord(input: OutcomeInput): Outcome {
  const { record, stopping, logs } = input;
  const usage = usageOf(record);
  const exitCode = input.firstFailure?.code ?? exitStatus(record);
  if (stopping) return { state: stopping.state, exitCode, reason: stopping.reason, usage, logs };
  const who = input.workers === 1 ? 'the command' : input.firstFailure ? `worker rank ${input.firstFailure.rank}` : 'a worker';
  const failed = (reason: string): Outcome => ({ state: 'failed', exitCode, reason, usage, logs });
  switch (record.state) {
    case 'COMPLETED':
      return { state: 'succeeded', exitCode: 0, reason: null, usage, logs };
    case 'CANCELLED':
      return { state: 'cancelled', exitCode, reason: 'cancelled in SLURM (scancel), not through Flywheel', usage, logs };
    case 'TIMEOUT':
      return { state: 'timed_out', exitCode, reason: "reached its SLURM time limit (--time)", usage, logs };
    case 'OUT_OF_MEMORY':
      return failed('ran out of memory: SLURM killed it at its memory limit (--mem)');
    case 'NODE_FAIL':
      return failed(`a node it ran on (${record.nodes ?? 'unknown'}) failed`);
    case 'BOOT_FAIL':
      return failed('its node failed to boot');
    case 'FAILED':
      if (input.firstFailure === undefined && record.signal > 0) return failed(`${who} was killed by signal ${record.signal}`);
      return failed(`${who} exited with code ${exitCode}`);
    default:
      return failed(`SLURM ended it with state ${record.state}${record.reason ? ` (${record.reason})` : ''}`);
  }
}

export function lostOutcome(reason: string, logs: Outcome['logs']): Outcome {
  return { state: 'lost', exitCode: null, reason, usage: null, logs };
}

function usageOf(r: JobRecord | AccountingRecord): JobUsage {
  const acct = 'cpuUserSeconds' in r ? r : undefined;
  return {
    cpuUserSeconds: acct?.cpuUserSeconds ?? null,
    cpuSystemSeconds: acct?.cpuSystemSeconds ?? null,
    maxRssMb: acct?.maxRssMb ?? null,
    wallSeconds: r.runSeconds,
  };
}
