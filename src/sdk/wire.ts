import type { z } from 'zod';
import {
  datasetInputToWire,
  experimentFromWire as experimentFromContract,
  ExperimentWire,
  fileInfoFromWire as fileInfoFromContract,
  FileInfoWire,
  metricFromWire as metricFromContract,
  metricToWire,
  MetricWire,
  runFromWire as runFromContract,
  runInfoFromWire as runInfoFromContract,
  RunInfoWire,
  RunWire,
  tagToWire,
  type DatasetInputWire,
  type KeyValueWire,
} from '../contracts/mlflow-tracking.js';
import { seriesFromWire as seriesFromContract, tailFromWire as tailFromContract, MetricSeriesWire, trackingRoutes } from '../contracts/tracking.js';
import { FlywheelError } from '../core/errors.js';
import { decodeResponse } from './decode.js';
import type { Experiment, FileInfo, Metric, MetricSeries, Param, Run, RunInfo, Tag, TailResult } from './types.js';

/**
 * The tracking API's JSON as the SDK writes and reads it. The shapes and the mappers are the
 * route contracts' (src/contracts/mlflow-tracking.ts and tracking.ts); these read one entity
 * out of an answer already parsed as JSON, checked against its contract schema, for callers
 * that hold a part of an answer rather than the whole (the answer of a whole route is read
 * with decodeResponse). NaN and ±Infinity travel as protobuf's strings, int64 as numbers or
 * decimal strings: both decode.
 */
export type WireMetric = MetricWire;
export type WireKeyValue = KeyValueWire;
export type WireDatasetInput = DatasetInputWire;

/** One runs/log-batch body. */
export interface LogBatchBody {
  run_id: string;
  metrics: WireMetric[];
  params: WireKeyValue[];
  tags: WireKeyValue[];
}

export { datasetInputToWire, metricToWire };

export const keyValuesToWire = (items: ReadonlyArray<Tag | Param>): WireKeyValue[] => items.map(tagToWire);

/** `value` checked against `schema`; a mismatch is the server's fault, reported as INTERNAL naming the fields. */
function decodeEntity<S extends z.ZodType>(schema: S, what: string, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`)
    .join('; ');
  throw new FlywheelError('INTERNAL', `The server's ${what} does not match its contract: ${problems}`);
}

export const metricFromWire = (v: unknown): Metric => metricFromContract(decodeEntity(MetricWire, 'metric', v));
export const experimentFromWire = (v: unknown): Experiment => experimentFromContract(decodeEntity(ExperimentWire, 'experiment', v));
export const runInfoFromWire = (v: unknown): RunInfo => runInfoFromContract(decodeEntity(RunInfoWire, 'run info', v));
export const runFromWire = (v: unknown): Run => runFromContract(decodeEntity(RunWire, 'run', v));
export const fileInfoFromWire = (v: unknown): FileInfo => fileInfoFromContract(decodeEntity(FileInfoWire, 'file info', v));
export const seriesFromWire = (v: unknown): MetricSeries => seriesFromContract(decodeEntity(MetricSeriesWire, 'metric series', v));
/** A whole metrics/tail answer. */
export const tailFromWire = (v: unknown): TailResult => tailFromContract(decodeResponse(trackingRoutes.tail, v));

/** The next page token of an answer, or nothing: protobuf JSON sends "" or omits it on the last page. */
export const pageToken = (v: unknown): { nextPageToken?: string } => {
  const token = v !== null && typeof v === 'object' ? (v as { next_page_token?: unknown }).next_page_token : undefined;
  return typeof token === 'string' && token !== '' ? { nextPageToken: token } : {};
};
