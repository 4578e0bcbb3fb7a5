import { searchRuns } from '../../api/tracking';

export interface RunStats {
  runs: number;
  running: number;
  /** Newest start or end of any run; undefined when there is none. */
  lastActivity: number | undefined;
  /** The count is a lower bound: the search hit its limit. */
  partial: boolean;
}

/** The most experiment ids one runs/search accepts. */
const IDS_PER_SEARCH = 1000;
/** The most runs one runs/search returns. */
const MAX_RUNS = 50_000;

/**
 * Run counts and last activity per experiment, from one runs/search (per 1000 experiments)
 * for up to 50,000 runs, newest first. The API has no count, so this downloads the runs
 * themselves: fine up to tens of thousands of runs (about 1 MB per 1000 runs), and past
 * 50,000 the counts are marked as lower bounds rather than paged further. A server-side
 * count endpoint would make this cheap.
 */
export async function loadRunStats(experimentIds: readonly string[], signal: AbortSignal): Promise<Map<string, RunStats>> {
  const stats = new Map<string, RunStats>();
  for (const id of experimentIds) stats.set(id, { runs: 0, running: 0, lastActivity: undefined, partial: false });
  for (let i = 0; i < experimentIds.length; i += IDS_PER_SEARCH) {
    const ids = experimentIds.slice(i, i + IDS_PER_SEARCH);
    const page = await searchRuns({ experimentIds: ids, maxResults: MAX_RUNS, orderBy: ['attributes.start_time DESC'] }, signal);
    for (const run of page.runs ?? []) {
      const s = stats.get(run.info.experiment_id);
      if (!s) continue;
      s.runs++;
      if (run.info.status === 'RUNNING') s.running++;
      const t = Math.max(run.info.start_time ?? 0, run.info.end_time ?? 0);
      if (t > 0 && (s.lastActivity === undefined || t > s.lastActivity)) s.lastActivity = t;
    }
    if (page.next_page_token) for (const id of ids) stats.get(id)!.partial = true;
  }
  return stats;
}
