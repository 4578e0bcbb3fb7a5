import type { PartitionStatus } from '../../api/jobs-types';
import { formatDuration } from '../../lib/format';
import { formatMemoryMb } from './job-format';

/** The SLURM cluster's partitions as sinfo reports them (sizes per node). */
export function PartitionsTable({ partitions }: { partitions: readonly PartitionStatus[] }) {
  return (
    <table className="simple jobs-partitions" data-testid="partitions-table">
      <thead>
        <tr>
          <th>Partition</th>
          <th>State</th>
          <th className="jobs-num">Nodes</th>
          <th title="Per node">Node size</th>
          <th>Time limit</th>
        </tr>
      </thead>
      <tbody>
        {partitions.map((p) => (
          <tr key={p.name} data-testid="partition-row" data-partition={p.name}>
            <td>
              {p.name}
              {p.is_default && <span className="muted"> (default)</span>}
            </td>
            <td>{p.state}</td>
            <td className="jobs-num">{p.nodes}</td>
            <td className="jobs-nowrap">
              {p.cpus} CPU · {formatMemoryMb(p.memory_mb)}
              {p.gpus > 0 ? ` · ${p.gpus} GPU` : ''}
            </td>
            <td>{p.max_time_minutes === null ? 'none' : formatDuration(p.max_time_minutes * 60_000)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
