import { getSweep, listTrials, sweepImportance } from '../../api/sweeps';
import { isLiveSweepState, type ParameterImportance, type Sweep, type Trial } from '../../api/sweeps-types';
import { useAsync } from '../../lib/use-async';
import { usePoll } from '../../lib/use-poll';

/** How often a sweep that can still change is read again. */
export const SWEEP_POLL_MS = 1500;

/** A sweep whose trials can still change: it runs or is paused, or trials of it still run after it ended. */
const live = (s: Sweep) => isLiveSweepState(s.state) || s.counts.running > 0;

export interface SweepView {
  sweep: Sweep | undefined;
  trials: Trial[];
  importance: { data: ParameterImportance[] | undefined; error: Error | undefined };
  loading: boolean;
  error: Error | undefined;
  reload: () => void;
}

/**
 * The sweep page's data: the sweep and its trials, read together while the sweep can change;
 * the importance is read again only when a trial gets a value or ends.
 */
export function useSweep(sweepId: string): SweepView {
  const poll = usePoll(
    async (signal) => {
      const [sweep, trials] = await Promise.all([getSweep(sweepId, signal), listTrials(sweepId, signal)]);
      return { sweep, trials };
    },
    [sweepId],
    { intervalMs: SWEEP_POLL_MS, live: (d) => live(d.sweep) },
  );
  const current = poll.data?.sweep.sweep_id === sweepId ? poll.data : undefined;
  // Trials with a value, and ended trials (whose value became final): what the importance depends on.
  const importanceKey = current ? `${current.trials.filter((t) => t.value !== null).length}/${current.trials.filter((t) => t.state !== 'running').length}` : '';
  const importance = useAsync((signal) => (current ? sweepImportance(sweepId, signal) : Promise.resolve(undefined)), [sweepId, importanceKey]);
  return {
    sweep: current?.sweep,
    trials: current?.trials ?? [],
    importance: { data: importance.data, error: importance.error },
    loading: poll.loading,
    error: poll.error,
    reload: poll.reload,
  };
}
