import type { JobState } from '../../api/jobs-types';
import { stateLabel } from './job-format';

/** A job's state as a colored pill (colors in jobs.css, by state name). */
export function JobStateBadge({ state, testId = 'job-state' }: { state: JobState; testId?: string }) {
  return (
    <span className={'status job-state ' + state} data-testid={testId} data-state={state}>
      {stateLabel(state)}
    </span>
  );
}
