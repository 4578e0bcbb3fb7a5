import { describe, expect, it } from 'vitest';
import { outcomeOf, phaseOf, type OutcomeInput } from './slurm-outcome.js';
import type { JobRecord } from './slurm-parsers.js';

const record = (over: Partial<JobRecord>): JobRecord => ({ id: '7', state: 'COMPLETED', reason: null, exitCode: 0, signal: 0, nodes: 'n1', runSeconds: 3, endTime: null, ...over });
const input = (over: Partial<OutcomeInput>): OutcomeInput => ({ record: record({}), workers: 1, stopping: undefined, firstFailure: undefined, logs: [], ...over });

describe('SLURM job states', () => {
  it('puts each state in its phase, and an unknown one among the running', () => {
    expect(['PENDING', 'CONFIGURING', 'REQUEUED'].map(phaseOf)).toEqual(['pending', 'pending', 'pending']);
    expect(['RUNNING', 'COMPLETING', 'SUSPENDED', 'SOMETHING_NEW'].map(phaseOf)).toEqual(['running', 'running', 'running', 'running']);
    expect(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL'].every((s) => phaseOf(s) === 'ended')).toBe(true);
  });

  it('maps endings to outcomes, with the run time as wall time', () => {
    expect(outcomeOf(input({}))).toEqual({
      state: 'succeeded',
      exitCode: 0,
      reason: null,
      usage: { cpuUserSeconds: null, cpuSystemSeconds: null, maxRssMb: null, wallSeconds: 3 },
      logs: [],
    });
    expect(outcomeOf(input({ record: record({ state: 'FAILED', exitCode: 3 }) }))).toMatchObject({ state: 'failed', exitCode: 3, reason: 'the command exited with code 3' });
    expect(outcomeOf(input({ record: record({ state: 'TIMEOUT', signal: 15 }) }))).toMatchObject({ state: 'timed_out', exitCode: 143 });
    expect(outcomeOf(input({ record: record({ state: 'OUT_OF_MEMORY', signal: 125 }) }))).toMatchObject({ state: 'failed' });
    expect(outcomeOf(input({ record: record({ state: 'NODE_FAIL' }) })).reason).toContain('n1');
    expect(outcomeOf(input({ record: record({ state: 'CANCELLED', signal: 15 }) }))).toMatchObject({ state: 'cancelled', exitCode: 143 });
  });

  it("carries SLURM's end time, so a job that ended while no server watched keeps it", () => {
    const endTime = Date.UTC(2026, 11, 6, 3, 7, 27);
    expect(outcomeOf(input({ record: record({ endTime }) })).endTime).toBe(endTime);
    expect(outcomeOf(input({ record: record({ state: 'FAILED', exitCode: 1, endTime }) })).endTime).toBe(endTime);
    expect(outcomeOf(input({})).endTime).toBeUndefined();
  });

  it('reports the state and reason stop asked for', () => {
    const stopping = { state: 'timed_out' as const, reason: 'exceeded its timeout of 1 s' };
    expect(outcomeOf(input({ record: record({ state: 'CANCELLED', signal: 15 }), stopping }))).toMatchObject({ state: 'timed_out', reason: stopping.reason, exitCode: 143 });
  });

  it('blames the distributed worker that failed first, not the ones it took down', () => {
    const o = outcomeOf(input({ record: record({ state: 'FAILED', exitCode: 143 }), workers: 2, firstFailure: { rank: 1, code: 3 } }));
    expect(o).toMatchObject({ state: 'failed', exitCode: 3, reason: 'worker rank 1 exited with code 3' });
  });
});
