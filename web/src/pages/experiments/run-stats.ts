import { experimentStats } from '../../api/tracking';

export interface RunStats {
  runs: number;
  running: number;
  /** Newest start or end of any run; undefined when there is none. */
  lastActivity: number | undefined;
}

/** The most experiment ids one stats request accepts. */
const IDS_PER_REQUEST = 1000;

/** Run counts and last activity per experiment, counted by the server (/api/v1/experiments/stats). */
export async function loadRunStats(experimentIds: readonly string[], signal: AbortSignal): Promise<Map<string, RunStats>> {
  const stats = new Map<string, RunStats>();
  for (let i = 0; i < experimentIds.length; i += IDS_PER_REQUEST) {
    for (const s of await experimentStats(experimentIds.slice(i, i + IDS_PER_REQUEST), signal)) {
      stats.set(s.experiment_id, { runs: s.run_count, running: s.running_count, lastActivity: s.last_activity_time });
    }
  }
  return stats;
}
