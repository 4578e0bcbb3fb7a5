import { useState } from 'react';
import { checkAlias, setAlias } from '../../api/models';
import type { GateReport, ModelVersion } from '../../api/models-types';
import { GateResults } from './GateResults';

interface Props {
  name: string;
  /** The alias to move; undefined: a new alias, named in the form. */
  alias: string | undefined;
  /** The version it points at now. */
  current: string | undefined;
  versions: readonly ModelVersion[];
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Moves an alias: pick a version, run the alias's gates (the check route moves nothing),
 * see each gate's outcome, then confirm. The server checks the gates again when it moves
 * the alias, and its refusal is shown as it says it. `force` skips the gates, for a rollback.
 */
export function MoveAliasForm({ name, alias, current, versions, onDone, onCancel }: Props) {
  const [aliasName, setAliasName] = useState(alias ?? '');
  const [version, setVersion] = useState(() => versions.find((v) => v.version !== current)?.version ?? versions[0]?.version ?? '');
  const [force, setForce] = useState(false);
  const [report, setReport] = useState<GateReport | undefined>(undefined);
  const [busy, setBusy] = useState<'check' | 'move' | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const target = aliasName.trim();
  const reset = () => {
    setReport(undefined);
    setError(undefined);
  };
  const check = async () => {
    setBusy('check');
    reset();
    try {
      setReport(await checkAlias(name, target, version));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const move = async () => {
    setBusy('move');
    setError(undefined);
    try {
      await setAlias(name, target, { version, force });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  const checked = report !== undefined && report.alias === target && report.version === version;
  const canMove = target !== '' && version !== '' && busy === undefined && (force || (checked && report.passed));
  return (
    <div className="model-move" data-testid="move-alias-form" data-alias={alias ?? ''}>
      <div className="model-move-row">
        {alias === undefined && (
          <label>
            Alias{' '}
            <input
              type="text"
              data-testid="move-alias-name"
              value={aliasName}
              placeholder="production"
              onChange={(e) => {
                setAliasName(e.target.value);
                reset();
              }}
            />
          </label>
        )}
        <label>
          {alias === undefined ? 'to version' : `Move @${alias} to version`}{' '}
          <select
            data-testid="move-alias-version"
            value={version}
            onChange={(e) => {
              setVersion(e.target.value);
              reset();
            }}
          >
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.version === current ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="move-alias-check" disabled={target === '' || version === '' || busy !== undefined} onClick={() => void check()}>
          {busy === 'check' ? 'Checking gates…' : 'Check gates'}
        </button>
        <label className="model-move-force" title="Point the alias without running its gates">
          <input type="checkbox" data-testid="move-alias-force" checked={force} onChange={(e) => setForce(e.target.checked)} /> force
        </label>
      </div>
      {force && (
        <p className="model-warning" data-testid="move-alias-force-warning">
          Force skips the gates of @{target || 'this alias'}: use it to roll back to a version you trust, not to push an unchecked one.
        </p>
      )}
      {checked && <GateResults report={report} />}
      {checked && !report.passed && !force && <p className="muted">The gates refuse v{version}; pick another version, or force a rollback.</p>}
      {error && (
        <p className="model-error" role="alert" data-testid="move-alias-error">
          {error}
        </p>
      )}
      <div className="model-move-row">
        <button type="button" className="primary" data-testid="move-alias-confirm" disabled={!canMove} onClick={() => void move()}>
          {busy === 'move' ? 'Moving…' : `${force ? 'Force' : alias === undefined ? 'Set' : 'Move'} @${target || '…'} → v${version}`}
        </button>{' '}
        <button type="button" data-testid="move-alias-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
