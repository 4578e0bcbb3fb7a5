import { SWEEP_STATES, type SweepState } from '../../api/sweeps-types';

interface Props {
  /** Empty: every state. */
  states: readonly SweepState[];
  onStates: (states: SweepState[]) => void;
}

/** Which sweeps to show, by state (none ticked = all). */
export function SweepStateFilter({ states, onStates }: Props) {
  const toggle = (state: SweepState, on: boolean) => onStates(SWEEP_STATES.filter((s) => (s === state ? on : states.includes(s))));
  return (
    <fieldset className="sweeps-states" data-testid="sweep-state-filter">
      <legend className="muted">State</legend>
      {SWEEP_STATES.map((s) => (
        <label key={s} className={'state-chip' + (states.includes(s) ? ' on' : '')}>
          <input type="checkbox" data-testid={`state-filter-${s}`} checked={states.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
          {s}
        </label>
      ))}
      {states.length > 0 && (
        <button type="button" className="link-button" data-testid="state-filter-clear" onClick={() => onStates([])}>
          All states
        </button>
      )}
    </fieldset>
  );
}
