import type { HostStatus } from '../../api/jobs-types';
import { formatMemoryMb } from './job-format';
import { UsageBar } from './UsageBar';

/** One host's CPUs, memory and each GPU, in use by jobs (what the scheduler holds) or free. */
export function HostCard({ host }: { host: HostStatus }) {
  const busy = new Set(host.used.gpu_indices);
  return (
    <section className="jobs-host-card" data-testid="host-card" data-host={host.name}>
      <header>
        <strong className="jobs-host-name" title={host.name}>
          {host.name}
        </strong>
        <span className="muted">
          {host.executor} · {host.running_jobs} job{host.running_jobs === 1 ? '' : 's'}
        </span>
      </header>
      <UsageBar label="CPUs" used={host.used.cpus} total={host.cpus} testId="host-cpus" />
      <UsageBar label="Memory" used={host.used.memory_mb} total={host.memory_mb} format={formatMemoryMb} testId="host-memory" />
      {host.gpus.length > 0 && (
        <ul className="jobs-gpus" aria-label="GPUs">
          {host.gpus.map((g) => (
            <li
              key={g.index}
              className={'jobs-gpu' + (busy.has(g.index) ? ' used' : '')}
              data-testid="host-gpu"
              data-index={g.index}
              data-used={busy.has(g.index)}
              title={[g.name, g.memory_mb !== null ? formatMemoryMb(g.memory_mb) : '', g.uuid ?? ''].filter(Boolean).join(' · ')}
            >
              <span className="mono">GPU {g.index}</span> <span className="jobs-gpu-name">{g.name}</span>
              <span className="jobs-gpu-state">{busy.has(g.index) ? 'used' : 'free'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
