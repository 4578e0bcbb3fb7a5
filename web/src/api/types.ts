// The tracking API's wire shapes (MLflow's JSON, snake_case), inferred from the route
// contracts in src/contracts/mlflow-tracking.ts and tracking.ts: the UI declares none of them
// itself. NaN and ±Infinity arrive as the strings "NaN", "Infinity", "-Infinity".
import type { WireDouble } from '../../../src/contracts/proto-json';
import type {
  DatasetInputWire,
  ExperimentWire,
  FileInfoWire,
  KeyValueWire,
  MetricWire,
  RunInfoWire,
  RunWire,
} from '../../../src/contracts/mlflow-tracking-wire';
import type { ExperimentStatsWire, MetricSeriesWire, TailPointWire } from '../../../src/contracts/tracking';

export type WireNumber = WireDouble;
export type KeyValue = KeyValueWire;
export type Experiment = ExperimentWire;
export type RunInfo = RunInfoWire;
export type RunStatus = RunInfo['status'];
export type MetricPoint = MetricWire;
export type DatasetInput = DatasetInputWire;
export type Run = RunWire;
export type FileInfo = FileInfoWire;
export type Series = MetricSeriesWire;
export type TailPoint = TailPointWire;
export type ExperimentStats = ExperimentStatsWire;

/** Decodes a wire number (NaN/±Infinity come as strings). */
export function num(v: WireNumber): number {
  return typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : -Infinity;
}
