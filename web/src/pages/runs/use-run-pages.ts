import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { searchRuns } from '../../api/tracking';
import { isLive, toRunRow, type RunRow } from './run-rows';

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface RunQuery {
  experimentId: string;
  filter: string;
  orderBy: string[];
  viewType: ViewType;
}

export interface RunPages {
  rows: RunRow[];
  /** True once every page of the current query has arrived. */
  complete: boolean;
  /** A page of the current query (or a refresh) is on its way. */
  loading: boolean;
  /** The rows shown belong to the previous query, until its first page arrives. */
  stale: boolean;
  /** The first page failed: nothing of this query to show (a bad filter, the server down). */
  error: Error | undefined;
  /** A later page or a refresh failed: the rows shown are kept, possibly out of date. */
  refreshError: Error | undefined;
  /** Some run is live, so the table refreshes itself every 5 s. */
  live: boolean;
  /** Reloads every page in the background and swaps them in at once (scroll and rows stay put). */
  refresh: () => void;
}

const PAGE_SIZE = 1000;
const POLL_MS = 5000;
/** Up to this many runs a poll reloads them all; above, it patches the live runs and adds new ones. */
const FULL_REFRESH_LIMIT = 1000;
/** Run ids per `attributes.run_id IN (...)` filter when patching live runs. */
const IDS_PER_FILTER = 200;

interface State {
  key: string;
  rows: RunRow[];
  complete: boolean;
  loading: boolean;
  error: Error | undefined;
  refreshError: Error | undefined;
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

async function fetchAll(q: RunQuery, signal: AbortSignal, onPage?: (rows: RunRow[], done: boolean) => void): Promise<RunRow[]> {
  let rows: RunRow[] = [];
  let token: string | undefined;
  do {
    const page = await searchRuns(
      { experimentIds: [q.experimentId], filter: q.filter, orderBy: q.orderBy, viewType: q.viewType, maxResults: PAGE_SIZE, ...(token ? { pageToken: token } : {}) },
      signal,
    );
    const converted = (page.runs ?? []).map(toRunRow);
    rows = rows.length === 0 ? converted : rows.concat(converted);
    token = page.next_page_token;
    onPage?.(rows, !token);
  } while (token && !signal.aborted);
  return rows;
}

/**
 * Patches a large result in place: re-reads the live runs by id and adds runs started since
 * the newest one shown. New runs only have a known place under the default order (newest
 * first); under any other order the caller reloads everything instead (returns undefined).
 */
async function patchLive(q: RunQuery, rows: RunRow[], signal: AbortSignal): Promise<RunRow[] | undefined> {
  const liveIds = rows.filter((r) => isLive(r.status)).map((r) => r.id);
  const fresh = new Map<string, RunRow>();
  for (let i = 0; i < liveIds.length; i += IDS_PER_FILTER) {
    const ids = liveIds.slice(i, i + IDS_PER_FILTER);
    const page = await searchRuns(
      { experimentIds: [q.experimentId], filter: `attributes.run_id IN (${ids.map((id) => `'${id}'`).join(', ')})`, viewType: q.viewType, maxResults: PAGE_SIZE },
      signal,
    );
    for (const run of page.runs ?? []) fresh.set(run.info.run_id, toRunRow(run));
  }
  const newest = rows.reduce((m, r) => Math.max(m, r.startTime), 0);
  const since = `attributes.start_time > ${newest}`;
  const added = await searchRuns(
    { experimentIds: [q.experimentId], filter: q.filter ? `(${q.filter}) and ${since}` : since, orderBy: q.orderBy, viewType: q.viewType, maxResults: PAGE_SIZE },
    signal,
  );
  const known = new Set(rows.map((r) => r.id));
  const newRows = (added.runs ?? []).filter((r) => !known.has(r.info.run_id)).map(toRunRow);
  if (newRows.length > 0 && (q.orderBy.length > 0 || added.next_page_token)) return undefined;
  const live = new Set(liveIds);
  // A live run the query no longer returns was deleted or moved: it leaves the table.
  const patched = rows.flatMap((r) => (live.has(r.id) ? (fresh.has(r.id) ? [fresh.get(r.id)!] : []) : [r]));
  return newRows.length > 0 ? newRows.concat(patched) : patched;
}

/**
 * The runs of one query, loaded a page of 1000 at a time: the first page shows as soon as it
 * arrives and later pages append. While any run is live it polls every 5 s and swaps the
 * result in without touching scroll position or selection (rows keep their ids).
 */
export function useRunPages(query: RunQuery): RunPages {
  const key = JSON.stringify(query);
  const [state, setState] = useState<State>({ key, rows: [], complete: false, loading: true, error: undefined, refreshError: undefined });
  const queryRef = useRef(query);
  queryRef.current = query;
  const signalRef = useRef<AbortSignal | undefined>(undefined);
  /** The signal of the load or refresh in progress, if any: one at a time per query. */
  const busy = useRef<AbortSignal | undefined>(undefined);
  const [pollTick, setPollTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    signalRef.current = controller.signal;
    // The first load counts as a refresh in progress: a refresh asked for meanwhile would race it.
    busy.current = controller.signal;
    const settle = () => {
      if (busy.current === controller.signal) busy.current = undefined;
    };
    setState((s) => ({ ...s, loading: true, error: undefined, refreshError: undefined }));
    let first = true;
    fetchAll(queryRef.current, controller.signal, (rows, done) => {
      if (controller.signal.aborted) return;
      first = false;
      if (done) settle();
      setState({ key, rows, complete: done, loading: !done, error: undefined, refreshError: undefined });
    }).catch((error: Error) => {
      if (controller.signal.aborted || isAbort(error)) return;
      settle();
      setState((s) =>
        first
          ? { key, rows: [], complete: false, loading: false, error, refreshError: undefined }
          : { ...s, loading: false, refreshError: error },
      );
    });
    return () => controller.abort();
  }, [key]);

  const current = state.key === key;
  const rows = state.rows;

  const refresh = useCallback(
    (mode: 'full' | 'poll' = 'full') => {
      const signal = signalRef.current;
      if (!signal || busy.current === signal) return;
      busy.current = signal;
      const settle = () => {
        if (busy.current === signal) busy.current = undefined;
      };
      const q = queryRef.current;
      setState((s) => ({ ...s, loading: true }));
      const run = async (): Promise<RunRow[]> => {
        if (mode === 'poll' && rows.length > FULL_REFRESH_LIMIT) {
          const patched = await patchLive(q, rows, signal);
          if (patched) return patched;
        }
        return fetchAll(q, signal);
      };
      run().then(
        (next) => {
          settle();
          if (signal.aborted) return;
          setState((s) => ({ ...s, rows: next, complete: true, loading: false, error: undefined, refreshError: undefined }));
          setPollTick((n) => n + 1);
        },
        (error: Error) => {
          settle();
          if (signal.aborted || isAbort(error)) return;
          setState((s) => ({ ...s, loading: false, refreshError: error }));
          setPollTick((n) => n + 1);
        },
      );
    },
    [rows],
  );

  const hasLive = useMemo(() => rows.some((r) => isLive(r.status)), [rows]);
  const pollable = current && state.complete && hasLive;
  useEffect(() => {
    if (!pollable) return undefined;
    const timer = setTimeout(() => refresh('poll'), POLL_MS);
    return () => clearTimeout(timer);
  }, [pollable, pollTick, refresh]);

  const fullRefresh = useCallback(() => refresh('full'), [refresh]);
  return {
    rows,
    complete: current && state.complete,
    loading: !current || state.loading,
    stale: !current,
    error: current ? state.error : undefined,
    refreshError: current ? state.refreshError : undefined,
    refresh: fullRefresh,
    live: pollable,
  };
}
