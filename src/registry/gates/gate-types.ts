/**
 * Checks a version must pass before an alias may point at it (a promotion gate). They are
 * kept per model and alias as the registered-model tag `fw.gates.<alias>` (JSON), so they
 * travel with the model and MLflow clients see them.
 */
export type Gate =
  /** The source run's metric, as recorded at registration, compared with a threshold. */
  | { type: 'metric'; metric: string; op: '>=' | '>' | '<=' | '<'; value: number }
  /**
   * The version does at least as well (by `minImprovement`) as the one the alias points at now,
   * on a dataset version's CSV file: `label` is the target column; the other columns (or
   * `features`, in order) are the model's one input. `accuracy` takes the argmax of the
   * output; labels are class indices, or names listed in `classes` in output order.
   * `rmse`/`mae` compare a one-column output with a numeric label.
   */
  | {
      type: 'beats_current';
      dataset: string;
      file: string;
      label: string;
      features?: string[];
      classes?: string[];
      metric: 'accuracy' | 'rmse' | 'mae';
      minImprovement: number;
    }
  /** Loads the model and times `runs` calls on `batchSize` rows: the p99 must be within `p99Ms`. */
  | { type: 'latency'; p99Ms: number; batchSize: number; runs: number };

export interface GateResult {
  gate: Gate;
  passed: boolean;
  /** What was measured and against what, for people: "val_acc 0.967 >= 0.9". */
  detail: string;
}

export interface GateReport {
  name: string;
  version: number;
  alias: string;
  passed: boolean;
  results: GateResult[];
}

export const GATES_TAG_PREFIX = 'fw.gates.';
