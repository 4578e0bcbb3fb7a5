import { computeStatus } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { usePoll } from '../../lib/use-poll';
import { HostCard } from './HostCard';
import { PartitionsTable } from './PartitionsTable';

/** Resource use changes only when jobs start or end; a slower poll than the lists' is enough. */
const STATUS_POLL_MS = 2000;

/** What the compute module has and uses: each host, and the SLURM partitions when there is a cluster. */
export function ComputePanel() {
  const status = usePoll((signal) => computeStatus(signal), [], { intervalMs: STATUS_POLL_MS, live: true });
  const s = status.data;
  return (
    <aside className="jobs-compute" data-testid="compute-panel" aria-label="Compute resources">
      <h2>Resources</h2>
      {status.error && <ErrorMessage error={status.error} onRetry={status.reload} />}
      {!s ? (
        status.loading && <Loading what="Loading resources" />
      ) : (
        <>
          <p className="muted jobs-compute-counts" data-testid="compute-counts">
            {s.running} running · {s.queued} queued
          </p>
          {s.hosts.length === 0 && s.partitions.length === 0 && <p className="empty">No hosts or partitions: the server runs no executor.</p>}
          {s.hosts.map((h) => (
            <HostCard key={h.name} host={h} />
          ))}
          {s.partitions.length > 0 && (
            <>
              <h2>SLURM partitions</h2>
              <PartitionsTable partitions={s.partitions} />
            </>
          )}
        </>
      )}
    </aside>
  );
}
