import { useEffect, useMemo } from 'react';
import { listAllSweeps } from '../../api/sweeps';
import { SWEEP_STATES, isLiveSweepState, type SweepState } from '../../api/sweeps-types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { usePoll } from '../../lib/use-poll';
import { joinList, splitList } from '../../lib/url-state';
import { useViewState } from '../../lib/view-state';
import { SweepStateFilter } from './SweepStateFilter';
import { SweepsTable } from './SweepsTable';
import './sweeps.css';

/** How often the list is read again while a sweep in it can still change. */
export const SWEEPS_POLL_MS = 2000;
/** Sweeps shown at most; the rest are left out, and the page says so. */
const CAP = 500;

const URL_DEFAULTS = { state: '' };

/** /sweeps — every sweep, newest first, with its progress and best value; the state filter is in the URL. */
export function SweepsPage() {
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const states = useMemo(() => splitList(url.state).filter((s): s is SweepState => (SWEEP_STATES as readonly string[]).includes(s)), [url.state]);
  const key = joinList(states);
  const poll = usePoll(async (signal) => ({ key, ...(await listAllSweeps({ states }, CAP, signal)) }), [key], {
    intervalMs: SWEEPS_POLL_MS,
    live: (d) => d.sweeps.some((s) => isLiveSweepState(s.state) || s.counts.running > 0),
  });
  const data = poll.data?.key === key ? poll.data : undefined;

  useEffect(() => {
    document.title = 'Sweeps · Flywheel';
  }, []);

  return (
    <div className="sweeps-page" data-testid="sweeps-page">
      <h1>Sweeps</h1>
      <div className="sweeps-filters">
        <SweepStateFilter states={states} onStates={(s) => setUrl({ state: joinList(s) }, { push: true })} />
      </div>
      {poll.error && <ErrorMessage error={poll.error} onRetry={poll.reload} />}
      {!data ? (
        !poll.error && <Loading what="Loading sweeps" />
      ) : data.sweeps.length === 0 ? (
        <p className="empty" data-testid="sweeps-empty">
          {states.length > 0 ? 'No sweep matches.' : 'No sweeps yet. Start one from a sweep file, or from code with the SDK.'}
        </p>
      ) : (
        <>
          <SweepsTable sweeps={data.sweeps} now={Date.now()} />
          {data.more && <p className="muted">Only the newest {CAP} sweeps are shown; filter by state to see others.</p>}
        </>
      )}
    </div>
  );
}
