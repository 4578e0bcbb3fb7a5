import { FlywheelError } from '../../core/index.js';
import type { ObjectFailure } from './copy-objects.js';

/** One error for the objects a transfer could not move, each listed as an issue. */
export function failedObjectsError(what: string, failures: ObjectFailure[], consequence: string): FlywheelError {
  const first = failures[0]!;
  const count = failures.length === 1 ? '1 object' : `${failures.length} objects`;
  return new FlywheelError(
    'FAILED_PRECONDITION',
    `${what}: ${count} could not be copied (first: ${first.hash} ${first.message}); ${consequence}. The objects that were copied are kept, so a re-run moves only the rest`,
    { issues: failures.map((f) => ({ path: f.hash, message: f.message })) },
  );
}
