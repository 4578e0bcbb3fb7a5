import { invalidArgument, type FlywheelError } from '../../core/index.js';

/** The tag whose value is also the run's name (MLflow keeps the two in step). */
export const RUN_NAME_TAG = 'mlflow.runName';

/** MLflow's refusal of a param logged again with another value; the whole batch fails with it. */
export const changedParamError = (runId: string, key: string, stored: string, wanted: string): FlywheelError =>
  invalidArgument(
    `Changing param values is not allowed. Param with key='${key}' was already logged with value='${stored}' for run ID='${runId}'. Attempted logging new value '${wanted}'.`,
  );

/** The name a batch's tags give the run, if any: an empty mlflow.runName leaves the name as it is. */
export function renamedTo(tags: ReadonlyMap<string, string>): string | undefined {
  const name = tags.get(RUN_NAME_TAG);
  return name === undefined || name === '' ? undefined : name;
}
