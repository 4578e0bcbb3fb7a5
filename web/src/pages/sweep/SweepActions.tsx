import { cancelSweep, pauseSweep, resumeSweep } from '../../api/sweeps';
import type { Sweep } from '../../api/sweeps-types';
import { useEntityAction } from '../../lib/use-entity-action';

interface Props {
  sweep: Sweep;
  /** After an action, with the sweep as the server now has it. */
  onChanged: (sweep: Sweep) => void;
}

/**
 * Pause (no new trials start; running ones go on), Resume, and Cancel, which stops the
 * running trials and so asks first. Errors (a 409 when the sweep changed meanwhile) show
 * beside the buttons.
 */
export function SweepActions({ sweep, onChanged }: Props) {
  const { confirming, setConfirming, busy, error, act } = useEntityAction<Sweep>(sweep.sweep_id, onChanged);

  const live = sweep.state === 'running' || sweep.state === 'paused';
  return (
    <span className="sweep-actions">
      {sweep.state === 'running' && (
        <button type="button" data-testid="sweep-pause" disabled={busy} title="Start no new trials; running ones go on" onClick={() => void act(pauseSweep)}>
          Pause
        </button>
      )}
      {sweep.state === 'paused' && (
        <button type="button" data-testid="sweep-resume" disabled={busy} onClick={() => void act(resumeSweep)}>
          Resume
        </button>
      )}
      {live &&
        (confirming ? (
          <span className="sweep-confirm" role="group" aria-label="Confirm cancel">
            {sweep.counts.running > 0 ? `Stop ${sweep.counts.running} running trial${sweep.counts.running === 1 ? '' : 's'} and end the sweep?` : 'End the sweep?'}{' '}
            <button type="button" className="danger" data-testid="sweep-cancel-confirm" disabled={busy} onClick={() => void act(cancelSweep)}>
              Cancel sweep
            </button>{' '}
            <button type="button" data-testid="sweep-cancel-keep" disabled={busy} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="danger" data-testid="sweep-cancel" disabled={busy} onClick={() => setConfirming(true)}>
            Cancel
          </button>
        ))}
      {error && (
        <span className="sweep-action-error" role="alert" data-testid="sweep-action-error">
          {error}
        </span>
      )}
    </span>
  );
}
