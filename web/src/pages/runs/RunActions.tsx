import { useState } from 'react';
import { useNavigate } from 'react-router';
import { deleteRun, restoreRun } from '../../api/tracking';
import { forEachLimited } from './bulk';
import type { RunRow } from './run-rows';
import { MAX_SELECTED_IN_URL } from './use-selection';

interface Props {
  rows: readonly RunRow[];
  selected: ReadonlySet<string>;
  /** The selection is too large to be kept in the link. */
  notInUrl: boolean;
  /** After a delete or restore: the ids it changed, to unselect and reload. */
  onChanged: (ids: string[]) => void;
  onClear: () => void;
}

interface Notice {
  text: string;
  error?: string;
  /** The runs just deleted, for Undo. */
  undo?: string[];
}

/**
 * What the selected runs can do: compare (on the compare page), delete, restore. Delete and
 * restore act on the selected runs shown in the table, never on ones the filter hides.
 */
/** The compare page plots every run it is given; past this many it is no comparison. */
const MAX_COMPARE = 200;

export function RunActions({ rows, selected, notInUrl, onChanged, onClear }: Props) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const shown = selected.size === 0 ? [] : rows.filter((r) => selected.has(r.id));
  const deletable = shown.filter((r) => !r.deleted).map((r) => r.id);
  const restorable = shown.filter((r) => r.deleted).map((r) => r.id);

  const apply = async (ids: string[], verb: 'delete' | 'restore') => {
    setBusy(true);
    setNotice(undefined);
    const { done, failed } = await forEachLimited(ids, verb === 'delete' ? deleteRun : restoreRun);
    setBusy(false);
    const past = verb === 'delete' ? 'Deleted' : 'Restored';
    setNotice({
      text: `${past} ${done.length} run${done.length === 1 ? '' : 's'}.`,
      ...(failed.length > 0 ? { error: `${failed.length} failed: ${failed[0]!.error.message}` } : {}),
      ...(verb === 'delete' && done.length > 0 ? { undo: done } : {}),
    });
    onChanged(done);
  };

  return (
    <>
      <div className="runs-actions">
        <span
          className="runs-selected-count"
          data-testid="selected-count"
          title={notInUrl ? `More than ${MAX_SELECTED_IN_URL} runs selected: the selection is not kept in the link` : undefined}
        >
          {selected.size > 0 ? `${selected.size.toLocaleString()} selected` : 'None selected'}
          {notInUrl && ' (not in link)'}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="compare-button"
          disabled={selected.size < 2 || selected.size > MAX_COMPARE}
          title={
            selected.size < 2 ? 'Select two or more runs to compare' : selected.size > MAX_COMPARE ? `Compare up to ${MAX_COMPARE} runs at a time` : undefined
          }
          onClick={() => navigate(`/compare?runs=${[...selected].join(',')}`)}
        >
          Compare{selected.size >= 2 ? ` (${selected.size})` : ''}
        </button>
        <button type="button" className="danger" data-testid="delete-button" disabled={busy || deletable.length === 0} onClick={() => void apply(deletable, 'delete')}>
          Delete{deletable.length > 0 ? ` (${deletable.length})` : ''}
        </button>
        <button type="button" data-testid="restore-button" disabled={busy || restorable.length === 0} onClick={() => void apply(restorable, 'restore')}>
          Restore{restorable.length > 0 ? ` (${restorable.length})` : ''}
        </button>
        {selected.size > 0 && (
          <button type="button" className="link-button" data-testid="clear-selection" onClick={onClear}>
            Clear selection
          </button>
        )}
        {busy && <span className="muted">Working…</span>}
      </div>
      {notice && (
        <div className={'runs-notice' + (notice.error ? ' has-error' : '')} role="status" data-testid="runs-notice">
          {notice.text}
          {notice.error && <span className="runs-notice-error"> {notice.error}</span>}
          {notice.undo && (
            <button type="button" className="link-button" data-testid="undo-delete" disabled={busy} onClick={() => void apply(notice.undo!, 'restore')}>
              Undo
            </button>
          )}
          <button type="button" className="link-button" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      )}
    </>
  );
}
