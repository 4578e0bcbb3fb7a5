import { useEffect, useMemo, useRef, useState } from 'react';
import { listAllJobs, listJobs } from '../../api/jobs';
import { ACTIVE_JOB_STATES, TERMINAL_JOB_STATES, type Job, type JobState } from '../../api/jobs-types';
import { usePoll } from '../../lib/use-poll';
import { queueOrder } from './queue-order';

/** How often the queued and running jobs are read again while the page is visible. */
export const JOBS_POLL_MS = 1500;
/** Queued plus running jobs shown at most; a queue longer than this is cut, and says so. */
const ACTIVE_CAP = 2000;
/** Finished jobs per page ("Show more" reads the next). */
const FINISHED_PAGE = 50;

export interface JobsQuery {
  /** Empty: every state. */
  states: readonly JobState[];
  labels: Record<string, string>;
}

export interface JobsView {
  queued: Job[];
  running: Job[];
  finished: Job[];
  /** The active list was cut at ACTIVE_CAP. */
  activeCut: boolean;
  finishedMore: boolean;
  loadMoreFinished: () => void;
  /** True until the first answers for this filter are in. */
  loading: boolean;
  error: Error | undefined;
  /** After a cancel or retry: read both lists again now. */
  refresh: () => void;
}

const pick = (all: readonly JobState[], wanted: readonly JobState[]) => (wanted.length === 0 ? [...all] : all.filter((s) => wanted.includes(s)));

/**
 * The jobs page's data. Queued, starting and running jobs change all the time and are read
 * again every poll; finished jobs do not change, so their (paged) list is read once and
 * then only when the poll shows that something finished: a job left the active list, or
 * the newest finished job (one row, read beside the active list) is a new one, which
 * catches jobs that started and ended between two polls.
 */
export function useJobs(query: JobsQuery): JobsView {
  // key stands for query's value: a caller may pass a new but equal object each render.
  const key = JSON.stringify(query);
  const activeStates = useMemo(() => pick(ACTIVE_JOB_STATES, query.states), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const finishedStates = useMemo(() => pick(TERMINAL_JOB_STATES, query.states), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const active = usePoll(
    async (signal) => {
      const [list, newest] = await Promise.all([
        activeStates.length > 0 ? listAllJobs({ states: activeStates, labels: query.labels }, ACTIVE_CAP, signal) : { jobs: [], more: false },
        finishedStates.length > 0 ? listJobs({ states: finishedStates, labels: query.labels, maxResults: 1 }, signal) : { jobs: [] },
      ]);
      return { key, ...list, newestFinished: newest.jobs[0]?.job_id };
    },
    [key],
    { intervalMs: JOBS_POLL_MS, live: true },
  );

  const [finishedTick, setFinishedTick] = useState(0);
  const finished = useFinishedJobs(finishedStates, query.labels, key, finishedTick);
  const finishedNow = useRef(finished);
  finishedNow.current = finished;
  const seenIds = useRef<{ key: string; ids: Set<string> } | undefined>(undefined);
  const snapshot = active.data;
  useEffect(() => {
    if (!snapshot) return;
    const ids = new Set(snapshot.jobs.map((j) => j.job_id));
    const before = seenIds.current;
    seenIds.current = { key: snapshot.key, ids };
    if (snapshot.key !== key) return;
    const left = before?.key === key && [...before.ids].some((id) => !ids.has(id));
    // A read in flight is compared at the next poll, so a refresh never starts another.
    const f = finishedNow.current;
    const newer = !f.loading && !f.refreshing && f.jobs[0]?.job_id !== snapshot.newestFinished;
    if (left || newer) setFinishedTick((n) => n + 1);
  }, [snapshot, key]);

  const current = snapshot?.key === key ? snapshot : undefined;
  const activeIds = new Set(current?.jobs.map((j) => j.job_id));
  const { reload } = active;

  return {
    queued: queueOrder((current?.jobs ?? []).filter((j) => j.state === 'queued')),
    running: (current?.jobs ?? []).filter((j) => j.state !== 'queued').sort((a, b) => (b.start_time ?? b.created_time) - (a.start_time ?? a.created_time)),
    // A retried job is active again before the finished list is next read.
    finished: finished.jobs.filter((j) => !activeIds.has(j.job_id)),
    activeCut: current?.more ?? false,
    finishedMore: finished.next !== undefined,
    loadMoreFinished: finished.loadMore,
    loading: current === undefined || finished.loading,
    error: active.error ?? finished.error,
    refresh: () => {
      reload();
      setFinishedTick((n) => n + 1);
    },
  };
}

interface FinishedState {
  key: string;
  jobs: Job[];
  next: string | undefined;
  loading: boolean;
  error: Error | undefined;
}

/**
 * Finished jobs, newest first, a page at a time. `tick` reads the first page again and
 * keeps the older pages already shown after it, so "Show more" is not undone by a refresh.
 */
function useFinishedJobs(states: JobState[], labels: Record<string, string>, key: string, tick: number) {
  const [state, setState] = useState<FinishedState>({ key, jobs: [], next: undefined, loading: true, error: undefined });
  const args = useRef({ states, labels });
  args.current = { states, labels };

  useEffect(() => {
    const { states: s, labels: l } = args.current;
    if (s.length === 0) {
      setState({ key, jobs: [], next: undefined, loading: false, error: undefined });
      return undefined;
    }
    const controller = new AbortController();
    setState((old) => (old.key === key ? { ...old, loading: true } : { key, jobs: [], next: undefined, loading: true, error: undefined }));
    listJobs({ states: s, labels: l, maxResults: FINISHED_PAGE }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setState((old) => mergeFirstPage(old.key === key ? old : undefined, key, page));
      },
      (error: Error) => {
        if (!controller.signal.aborted && error.name !== 'AbortError') setState((old) => ({ ...old, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  const loadMore = () => {
    const { states: s, labels: l } = args.current;
    const token = state.next;
    if (!token || state.key !== key) return;
    setState((old) => ({ ...old, loading: true }));
    listJobs({ states: s, labels: l, maxResults: FINISHED_PAGE, pageToken: token }).then(
      (page) =>
        setState((old) => {
          if (old.key !== key) return old;
          const have = new Set(old.jobs.map((j) => j.job_id));
          return { ...old, jobs: [...old.jobs, ...page.jobs.filter((j) => !have.has(j.job_id))], next: page.nextPageToken, loading: false, error: undefined };
        }),
      (error: Error) => setState((old) => ({ ...old, loading: false, error })),
    );
  };

  const mine = state.key === key;
  return {
    jobs: mine ? state.jobs : [],
    next: mine ? state.next : undefined,
    /** Nothing to show yet. */
    loading: !mine || (state.loading && state.jobs.length === 0),
    /** A read is in flight while older results are shown. */
    refreshing: mine && state.loading,
    error: state.error,
    loadMore,
  };
}

/** The new first page, then the jobs of later pages already shown that come after it. */
function mergeFirstPage(old: FinishedState | undefined, key: string, page: { jobs: Job[]; nextPageToken: string | undefined }): FinishedState {
  const fresh = { key, jobs: page.jobs, next: page.nextPageToken, loading: false, error: undefined };
  const last = page.jobs.at(-1);
  if (!old || !last || page.nextPageToken === undefined || old.jobs.length <= page.jobs.length) return fresh;
  const inPage = new Set(page.jobs.map((j) => j.job_id));
  // The list is newest first by (created_time, job_id): what sorts after the page's last job.
  const older = old.jobs.filter((j) => !inPage.has(j.job_id) && (j.created_time < last.created_time || (j.created_time === last.created_time && j.job_id < last.job_id)));
  return older.length === 0 ? fresh : { ...fresh, jobs: [...page.jobs, ...older], next: old.next };
}
