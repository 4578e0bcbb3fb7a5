import { v1 } from './client';
import type { ParameterImportance, Sweep, SweepState, SweepWire, Trial, TrialWire } from './sweeps-types';
import { sweepFromWire, trialFromWire } from './sweeps-wire';

// Typed calls to the sweeps API (docs/sweeps-api.md). Pages compose these; none holds state.

export interface SweepListQuery {
  states?: readonly SweepState[];
  maxResults?: number;
  pageToken?: string;
}

/** One page of sweeps, newest first. */
export const listSweeps = (q: SweepListQuery, signal?: AbortSignal) =>
  v1<{ sweeps?: SweepWire[]; next_page_token?: string }>(
    'GET',
    'sweeps',
    {
      state: q.states && q.states.length > 0 ? q.states : undefined,
      max_results: q.maxResults,
      page_token: q.pageToken,
    },
    signal,
  ).then((page) => ({ sweeps: (page.sweeps ?? []).map(sweepFromWire), nextPageToken: page.next_page_token }));

/** Every sweep that matches, up to `cap` (the rest is left out, and `more` says so). */
export async function listAllSweeps(q: Omit<SweepListQuery, 'pageToken' | 'maxResults'>, cap: number, signal?: AbortSignal): Promise<{ sweeps: Sweep[]; more: boolean }> {
  const sweeps: Sweep[] = [];
  let token: string | undefined;
  do {
    const page = await listSweeps({ ...q, maxResults: Math.min(100, cap - sweeps.length), ...(token ? { pageToken: token } : {}) }, signal);
    sweeps.push(...page.sweeps);
    token = page.nextPageToken;
  } while (token && sweeps.length < cap);
  return { sweeps, more: token !== undefined };
}

const path = (sweepId: string, rest = '') => `sweeps/${encodeURIComponent(sweepId)}${rest}`;

export const getSweep = async (sweepId: string, signal?: AbortSignal): Promise<Sweep> => sweepFromWire((await v1<{ sweep: SweepWire }>('GET', path(sweepId), undefined, signal)).sweep);

/** The sweep's trials by number. */
export const listTrials = async (sweepId: string, signal?: AbortSignal): Promise<Trial[]> =>
  ((await v1<{ trials?: TrialWire[] }>('GET', path(sweepId, '/trials'), undefined, signal)).trials ?? []).map(trialFromWire);

/** Largest first; empty below 4 trials with a value. */
export const sweepImportance = async (sweepId: string, signal?: AbortSignal): Promise<ParameterImportance[]> =>
  (await v1<{ importance?: ParameterImportance[] }>('GET', path(sweepId, '/importance'), undefined, signal)).importance ?? [];

export const pauseSweep = async (sweepId: string): Promise<Sweep> => sweepFromWire((await v1<{ sweep: SweepWire }>('POST', path(sweepId, '/pause'))).sweep);
export const resumeSweep = async (sweepId: string): Promise<Sweep> => sweepFromWire((await v1<{ sweep: SweepWire }>('POST', path(sweepId, '/resume'))).sweep);
export const cancelSweep = async (sweepId: string): Promise<Sweep> => sweepFromWire((await v1<{ sweep: SweepWire }>('POST', path(sweepId, '/cancel'))).sweep);
