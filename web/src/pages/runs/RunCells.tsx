import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import type { Column } from './columns';
import type { RunRow } from './run-rows';
import { useNow } from '../../lib/use-now';

/** A RUNNING run's duration, redrawn every second from the clock; no refetch. */
function LiveDuration({ start }: { start: number }) {
  useNow();
  return <>{formatDuration(Date.now() - start)}</>;
}

/** What one cell shows, and its full text for the tooltip when it may be cut off. */
export function cellContent(row: RunRow, column: Column): { content: ReactNode; title?: string } {
  switch (column.kind) {
    case 'metric': {
      const v = row.metrics.get(column.key);
      return v === undefined ? { content: null } : { content: formatNumber(v), title: String(v) };
    }
    case 'param':
    case 'tag': {
      const v = (column.kind === 'param' ? row.params : row.tags).get(column.key);
      return { content: v, ...(v ? { title: v } : {}) };
    }
    case 'attribute':
      return attributeContent(row, column.key);
    default: {
      const unreachable: never = column.kind;
      return unreachable;
    }
  }
}

function attributeContent(row: RunRow, key: string): { content: ReactNode; title?: string } {
  switch (key) {
    case 'run_name':
      return {
        content: (
          <Link to={`/runs/${row.id}`} data-testid="run-link">
            {row.name}
          </Link>
        ),
        title: row.name,
      };
    case 'status':
      return {
        content: (
          <span className={'status ' + row.status} data-testid="run-status">
            {row.status}
          </span>
        ),
      };
    case 'start_time':
      return { content: row.startTime ? formatTime(row.startTime) : null, title: row.startTime ? new Date(row.startTime).toISOString() : '' };
    case 'duration':
      if (row.status === 'RUNNING' && row.endTime === undefined) {
        return { content: <LiveDuration start={row.startTime} /> };
      }
      return { content: row.endTime !== undefined && row.startTime ? formatDuration(row.endTime - row.startTime) : null };
    case 'user_id':
      return { content: row.user, title: row.user };
    case 'run_id':
      return { content: <span className="mono">{row.id}</span>, title: row.id };
    default:
      return { content: null };
  }
}
