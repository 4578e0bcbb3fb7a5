import type { SweepState, TrialState } from '../../api/sweeps-types';

/** A sweep's or trial's state as a coloured pill (colours in sweeps.css, by state name). */
export function SweepStateBadge({ state, testId = 'sweep-state' }: { state: SweepState | TrialState; testId?: string }) {
  return (
    <span className={'status sweep-state ' + state} data-testid={testId} data-state={state}>
      {state}
    </span>
  );
}
