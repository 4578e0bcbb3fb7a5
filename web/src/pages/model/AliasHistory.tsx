import { Link } from 'react-router';
import type { AliasEvent } from '../../api/models-types';
import { formatTimeSeconds } from '../../lib/format';
import { aliasMoveText, modelVersionUrl } from '../models/model-format';

/** Who moved which alias when, from which version to which, newest first. */
export function AliasHistory({ name, events }: { name: string; events: readonly AliasEvent[] }) {
  if (events.length === 0) return <p className="empty">No alias has been set yet.</p>;
  return (
    <ol className="model-history" data-testid="alias-history">
      {events.map((e, i) => (
        <li key={i} data-testid="alias-event" data-alias={e.alias} data-action={e.action} data-from={e.from_version ?? ''} data-to={e.to_version ?? ''}>
          <time className="muted model-history-time">{formatTimeSeconds(e.time)}</time>
          <span className="models-chip">@{e.alias}</span>
          <span data-testid="alias-event-move">
            {aliasMoveText(e)}
            {e.to_version !== null && (
              <>
                {' '}
                <Link to={modelVersionUrl(name, e.to_version)} className="muted">
                  (view)
                </Link>
              </>
            )}
          </span>
          <span className="muted">{e.user_id ? `by ${e.user_id}` : 'by an unnamed user'}</span>
        </li>
      ))}
    </ol>
  );
}
