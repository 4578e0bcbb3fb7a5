import { useState, type FormEvent } from 'react';
import { deleteTag, setTag } from '../../api/tracking';
import type { KeyValue } from '../../api/types';

const SYSTEM_PREFIX = 'mlflow.';

/**
 * The run's tags: add, edit a value, delete. MLflow's own tags (`mlflow.*`) are hidden
 * unless asked for. Each failure is shown next to what failed.
 */
/** `readOnly` for a deleted run: the server refuses changes to it, so none are offered. */
export function TagsTable({ runId, tags, onChanged, readOnly = false }: { runId: string; tags: KeyValue[]; onChanged: () => void; readOnly?: boolean }) {
  const [showSystem, setShowSystem] = useState(false);
  const [editing, setEditing] = useState<{ key: string; value: string } | undefined>(undefined);
  const [rowError, setRowError] = useState<{ key: string; error: Error } | undefined>(undefined);
  const [busyKey, setBusyKey] = useState<string | undefined>(undefined);
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [addError, setAddError] = useState<Error | undefined>(undefined);
  const [adding, setAdding] = useState(false);

  const sorted = [...tags].sort((a, b) => a.key.localeCompare(b.key));
  const hidden = sorted.filter((t) => t.key.startsWith(SYSTEM_PREFIX)).length;
  const shown = showSystem ? sorted : sorted.filter((t) => !t.key.startsWith(SYSTEM_PREFIX));

  const run = async (key: string, action: () => Promise<unknown>, after?: () => void) => {
    setBusyKey(key);
    setRowError(undefined);
    try {
      await action();
      after?.();
      onChanged();
    } catch (e) {
      setRowError({ key, error: e as Error });
    } finally {
      setBusyKey(undefined);
    }
  };

  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { key, value } = editing;
    void run(key, () => setTag(runId, key, value), () => setEditing(undefined));
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const key = newKey.trim();
    if (key === '') {
      setAddError(new Error('A tag needs a key.'));
      return;
    }
    setAdding(true);
    setAddError(undefined);
    try {
      await setTag(runId, key, newValue);
      setNewKey('');
      setNewValue('');
      if (key.startsWith(SYSTEM_PREFIX)) setShowSystem(true);
      onChanged();
    } catch (err) {
      setAddError(err as Error);
    } finally {
      setAdding(false);
    }
  };

  return (
    <>
      <div className="section-heading">
        <h2>Tags</h2>
        <label className="check">
          <input type="checkbox" data-testid="tags-show-system" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} />
          Show system tags{hidden > 0 ? ` (${hidden})` : ''}
        </label>
      </div>
      <table className="simple tags-table" data-testid="tags-table">
        <thead>
          <tr>
            <th>Key</th>
            <th>Value</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No tags{hidden > 0 && !showSystem ? ' besides system tags' : ''}.
              </td>
            </tr>
          )}
          {shown.map((t) => {
            const isEditing = editing?.key === t.key;
            const busy = busyKey === t.key;
            const error = rowError?.key === t.key ? rowError.error : undefined;
            return (
              <tr key={t.key} data-testid="tag-row" data-key={t.key}>
                <td className="mono">{t.key}</td>
                <td className="wrap">
                  {isEditing ? (
                    <form id="tag-edit-form" onSubmit={saveEdit} className="inline-form">
                      <input
                        type="text"
                        aria-label={`Value of ${t.key}`}
                        data-testid="tag-edit-input"
                        value={editing.value}
                        autoFocus
                        disabled={busy}
                        onChange={(e) => setEditing({ key: t.key, value: e.target.value })}
                        onKeyDown={(e) => e.key === 'Escape' && setEditing(undefined)}
                      />
                    </form>
                  ) : (
                    <span className="mono">{t.value}</span>
                  )}
                  {error && (
                    <div className="field-error" role="alert" data-testid="tag-error">
                      {error.message}
                    </div>
                  )}
                </td>
                <td className="row-actions">
                  {readOnly ? null : isEditing ? (
                    <>
                      <button key="save" type="submit" form="tag-edit-form" className="primary" data-testid="tag-save" disabled={busy}>
                        Save
                      </button>
                      <button key="cancel" type="button" data-testid="tag-cancel" disabled={busy} onClick={() => setEditing(undefined)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <>
                      {/* Keys: React must not turn this clicked button into the Save (submit) button. */}
                      <button
                        key="edit"
                        type="button"
                        data-testid="tag-edit"
                        disabled={busy}
                        onClick={() => {
                          setRowError(undefined);
                          setEditing({ key: t.key, value: t.value });
                        }}
                      >
                        Edit
                      </button>
                      <button
                        key="delete"
                        type="button"
                        className="danger"
                        data-testid="tag-delete"
                        disabled={busy}
                        aria-label={`Delete tag ${t.key}`}
                        onClick={() => void run(t.key, () => deleteTag(runId, t.key))}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <form className="tag-add" onSubmit={add} data-testid="tag-add-form">
          <input
            type="text"
            placeholder="New tag key"
            aria-label="New tag key"
            data-testid="tag-add-key"
            value={newKey}
            disabled={adding}
            onChange={(e) => setNewKey(e.target.value)}
            aria-invalid={addError ? true : undefined}
          />
          <input
            type="text"
            placeholder="Value"
            aria-label="New tag value"
            data-testid="tag-add-value"
            value={newValue}
            disabled={adding}
            onChange={(e) => setNewValue(e.target.value)}
          />
          <button type="submit" data-testid="tag-add" disabled={adding}>
            Add tag
          </button>
          {addError && (
            <span className="field-error" role="alert" data-testid="tag-add-error">
              {addError.message}
            </span>
          )}
        </form>
      )}
    </>
  );
}
