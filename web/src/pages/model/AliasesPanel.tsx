import { useState } from 'react';
import { Link } from 'react-router';
import { deleteAlias } from '../../api/models';
import type { ModelVersion, RegisteredModel } from '../../api/models-types';
import { aliasChips, modelVersionUrl } from '../models/model-format';
import { MoveAliasForm } from './MoveAliasForm';

/** The model's aliases with their versions; each can be moved (through its gates) or removed, and a new one set. */
export function AliasesPanel({ model, versions, onChanged }: { model: RegisteredModel; versions: readonly ModelVersion[]; onChanged: () => void }) {
  // The alias whose form is open ('' for a new alias), or the one asked about removing.
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [removing, setRemoving] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const chips = aliasChips(model.aliases);

  const remove = async (alias: string) => {
    setError(undefined);
    try {
      await deleteAlias(model.name, alias);
      setRemoving(undefined);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const done = () => {
    setEditing(undefined);
    onChanged();
  };

  return (
    <div data-testid="model-aliases">
      {chips.length === 0 ? (
        <p className="empty">No aliases yet. Set one (e.g. production) so servers and clients can ask for name@alias.</p>
      ) : (
        <ul className="model-alias-list">
          {chips.map((c) => (
            <li key={c.alias} data-testid="model-alias" data-alias={c.alias} data-version={c.version}>
              <div className="model-alias-row">
                <span className="models-chip">@{c.alias}</span>
                <span>→</span>
                <Link to={modelVersionUrl(model.name, c.version)} className="mono" data-testid="model-alias-version">
                  v{c.version}
                </Link>
                <span className="model-spacer" />
                {editing !== c.alias && (
                  <button type="button" data-testid="move-alias" onClick={() => setEditing(c.alias)}>
                    Move
                  </button>
                )}
                {removing === c.alias ? (
                  <span role="group" aria-label={`Confirm removing @${c.alias}`}>
                    Remove @{c.alias}?{' '}
                    <button type="button" className="danger" data-testid="remove-alias-confirm" onClick={() => void remove(c.alias)}>
                      Remove
                    </button>{' '}
                    <button type="button" onClick={() => setRemoving(undefined)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" className="danger" data-testid="remove-alias" onClick={() => setRemoving(c.alias)}>
                    Remove
                  </button>
                )}
              </div>
              {editing === c.alias && (
                <MoveAliasForm name={model.name} alias={c.alias} current={c.version} versions={versions} onDone={done} onCancel={() => setEditing(undefined)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="model-error" role="alert">
          {error}
        </p>
      )}
      {editing === '' ? (
        <MoveAliasForm name={model.name} alias={undefined} current={undefined} versions={versions} onDone={done} onCancel={() => setEditing(undefined)} />
      ) : (
        versions.length > 0 && (
          <button type="button" data-testid="add-alias" onClick={() => setEditing('')}>
            Set an alias
          </button>
        )
      )}
    </div>
  );
}
