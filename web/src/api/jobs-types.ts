// The jobs API's wire shapes (docs/jobs-api.md), inferred from the route contracts in
// src/contracts/jobs.ts: the UI declares none of them itself.
import type { ComputeStatusWire, JobEventWire, JobWire } from '../../../src/contracts/jobs';
import { JOB_STATES, type ExecutorKind, type JobState } from '../../../src/core/compute-types';

export { JOB_STATES, type ExecutorKind, type JobState };
export type Job = JobWire;
export type JobResources = Job['resources'];
export type JobUsage = NonNullable<Job['usage']>;
export type JobEvent = JobEventWire;
export type ComputeStatus = ComputeStatusWire;
export type HostStatus = ComputeStatus['hosts'][number];
export type GpuInfo = HostStatus['gpus'][number];
export type PartitionStatus = ComputeStatus['partitions'][number];

/** Waiting for or holding resources: what the jobs page polls. */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'starting', 'running'];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];

// A state this UI does not know (a newer server) counts as neither, so nothing offers to act on it.
export const isActiveJobState = (s: string): boolean => (ACTIVE_JOB_STATES as readonly string[]).includes(s);
export const isTerminalJobState = (s: string): boolean => (TERMINAL_JOB_STATES as readonly string[]).includes(s);
