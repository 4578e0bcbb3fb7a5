import { z } from 'zod';
import { Empty } from './common.js';
import {
  MAX_DATASET_DIGEST_SIZE,
  MAX_DATASET_NAME_SIZE,
  MAX_DATASET_PROFILE_SIZE,
  MAX_DATASET_SCHEMA_SIZE,
  MAX_DATASET_SOURCE_SIZE,
  MAX_DATASETS_PER_REQUEST,
  MAX_ENTITIES_PER_BATCH,
  MAX_ENTITY_KEY_LENGTH,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_EXPERIMENT_TAG_VAL_LENGTH,
  MAX_INPUT_TAG_KEY_SIZE,
  MAX_INPUT_TAG_VALUE_SIZE,
  MAX_METRICS_PER_BATCH,
  MAX_PARAM_VAL_LENGTH,
  MAX_PARAMS_TAGS_PER_BATCH,
  MAX_TAG_VAL_LENGTH,
  SEARCH_MAX_RESULTS_THRESHOLD,
} from './mlflow-limits.js';
import {
  boundedString,
  doubleField,
  idString,
  int64,
  keyValue,
  nonNegativeInt64,
  optionalString,
  positiveInt64,
  requiredString,
  runIdFields,
  runStatus,
  stringList,
  viewType,
} from './mlflow-fields.js';
import { ExperimentWire, FileInfoWire, MetricWire, NextPageToken, resultList, RunInfoWire, RunWire } from './mlflow-tracking-wire.js';
import { defineRoute, rawResponse } from './route-contract.js';

export * from './mlflow-tracking-wire.js';

// MLflow's tracking REST API 2.0 as Flywheel serves it, under /api/2.0/mlflow/ and its
// /ajax-api/2.0/mlflow/ twin (the prefix MLflow's own web UI calls), plus MLflow's artifact
// proxy. Requests are MLflow's `fields`: the query string of a GET, the JSON body of a POST.
// Answers keep MLflow's shapes exactly.

const MLFLOW = '/api/2.0/mlflow/';
/** Reads answer GET with a query string (as MLflow clients call them) and POST with a JSON body. */
const READ = ['GET', 'POST'] as const;
const WRITE = ['POST'] as const;

const experimentTag = keyValue(MAX_EXPERIMENT_TAG_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const experimentName = requiredString.pipe(boundedString(MAX_EXPERIMENT_NAME_LENGTH));
const runTag = keyValue(MAX_TAG_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const param = keyValue(MAX_PARAM_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const maxSearchResults = positiveInt64
  .pipe(z.number().max(SEARCH_MAX_RESULTS_THRESHOLD, { message: `must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}` }))
  .optional();
const experimentById = z.object({ experiment_id: idString });
const runById = z.object(runIdFields);

/** runs/search's fields, shared with /api/v1/runs/search. */
export const SearchRunsFields = z.object({
  experiment_ids: z.array(idString).optional(),
  filter: optionalString.describe("MLflow's filter grammar; `or` and parentheses are Flywheel's extension"),
  run_view_type: viewType.optional(),
  max_results: maxSearchResults,
  order_by: stringList.optional(),
  page_token: optionalString,
});
export const SearchRunsAnswer = z.object({ runs: resultList(RunWire), next_page_token: NextPageToken });

/**
 * A metric point of runs/log-metric and runs/log-batch. These two routes are the ingest hot
 * path and are checked by hand (src/tracking/http/ingest-parsing.ts) with the same rules; the
 * schema documents them.
 */
const MetricFields = z.object({
  key: requiredString.pipe(boundedString(MAX_ENTITY_KEY_LENGTH)),
  value: doubleField,
  timestamp: nonNegativeInt64.describe('Milliseconds since the epoch'),
  step: int64.optional().describe('Default 0'),
});

const datasetFields = z.object({
  name: requiredString.pipe(boundedString(MAX_DATASET_NAME_SIZE)),
  digest: requiredString.pipe(boundedString(MAX_DATASET_DIGEST_SIZE)),
  source_type: requiredString,
  source: requiredString.pipe(boundedString(MAX_DATASET_SOURCE_SIZE)),
  schema: boundedString(MAX_DATASET_SCHEMA_SIZE).nullish(),
  profile: boundedString(MAX_DATASET_PROFILE_SIZE).nullish(),
});

export const mlflowTrackingRoutes = {
  createExperiment: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}experiments/create`,
    tag: 'mlflow',
    summary: 'Create an experiment',
    fields: z.object({ name: experimentName, artifact_location: optionalString, tags: z.array(experimentTag).optional() }),
    response: z.object({ experiment_id: z.string() }),
  }),
  getExperiment: defineRoute({
    methods: READ,
    path: `${MLFLOW}experiments/get`,
    tag: 'mlflow',
    summary: 'One experiment by id',
    fields: experimentById,
    response: z.object({ experiment: ExperimentWire }),
  }),
  getExperimentByName: defineRoute({
    methods: READ,
    path: `${MLFLOW}experiments/get-by-name`,
    tag: 'mlflow',
    summary: 'One experiment by name',
    fields: z.object({ experiment_name: requiredString }),
    response: z.object({ experiment: ExperimentWire }),
  }),
  searchExperiments: defineRoute({
    methods: READ,
    path: `${MLFLOW}experiments/search`,
    tag: 'mlflow',
    summary: 'Experiments matching a filter, a page at a time',
    fields: z.object({
      max_results: maxSearchResults,
      filter: optionalString,
      order_by: stringList.optional(),
      view_type: viewType.optional(),
      page_token: optionalString,
    }),
    response: z.object({ experiments: resultList(ExperimentWire), next_page_token: NextPageToken }),
  }),
  updateExperiment: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}experiments/update`,
    tag: 'mlflow',
    summary: 'Rename an experiment',
    fields: z.object({ experiment_id: idString, new_name: experimentName }),
    response: Empty,
  }),
  deleteExperiment: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}experiments/delete`,
    tag: 'mlflow',
    summary: 'Delete an experiment (and its runs) softly',
    fields: experimentById,
    response: Empty,
  }),
  restoreExperiment: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}experiments/restore`,
    tag: 'mlflow',
    summary: 'Restore a deleted experiment',
    fields: experimentById,
    response: Empty,
  }),
  setExperimentTag: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}experiments/set-experiment-tag`,
    tag: 'mlflow',
    summary: 'Set a tag on an experiment',
    fields: z.object({ experiment_id: idString, key: experimentTag.shape.key, value: experimentTag.shape.value }),
    response: Empty,
  }),
  createRun: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/create`,
    tag: 'mlflow',
    summary: 'Create a run in an experiment',
    fields: z.object({
      experiment_id: idString,
      user_id: optionalString,
      run_name: optionalString,
      start_time: nonNegativeInt64.optional(),
      tags: z.array(runTag).optional(),
    }),
    response: z.object({ run: RunWire }),
  }),
  getRun: defineRoute({ methods: READ, path: `${MLFLOW}runs/get`, tag: 'mlflow', summary: 'One run', fields: runById, response: z.object({ run: RunWire }) }),
  updateRun: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/update`,
    tag: 'mlflow',
    summary: "Set a run's status, end time or name",
    fields: z.object({ ...runIdFields, status: runStatus.optional(), end_time: nonNegativeInt64.optional(), run_name: optionalString }),
    response: z.object({ run_info: RunInfoWire }),
  }),
  deleteRun: defineRoute({ methods: WRITE, path: `${MLFLOW}runs/delete`, tag: 'mlflow', summary: 'Delete a run softly', fields: runById, response: Empty }),
  restoreRun: defineRoute({ methods: WRITE, path: `${MLFLOW}runs/restore`, tag: 'mlflow', summary: 'Restore a deleted run', fields: runById, response: Empty }),
  searchRuns: defineRoute({
    methods: READ,
    path: `${MLFLOW}runs/search`,
    tag: 'mlflow',
    summary: 'Runs of experiments matching a filter, a page at a time',
    fields: SearchRunsFields,
    response: SearchRunsAnswer,
  }),
  logMetric: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/log-metric`,
    tag: 'mlflow',
    summary: 'Log one metric point',
    fields: MetricFields.extend(runIdFields),
    response: Empty,
  }),
  logBatch: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/log-batch`,
    tag: 'mlflow',
    summary: 'Log metrics, params and tags at once; an Idempotency-Key header makes a retry store nothing twice',
    fields: z
      .object({
        ...runIdFields,
        metrics: z.array(MetricFields).max(MAX_METRICS_PER_BATCH).optional(),
        params: z.array(param).max(MAX_PARAMS_TAGS_PER_BATCH).optional(),
        tags: z.array(runTag).max(MAX_PARAMS_TAGS_PER_BATCH).optional(),
      })
      .refine((b) => (b.metrics?.length ?? 0) + (b.params?.length ?? 0) + (b.tags?.length ?? 0) <= MAX_ENTITIES_PER_BATCH, {
        message: `at most ${MAX_ENTITIES_PER_BATCH} metrics, params and tags in all`,
      }),
    response: Empty,
  }),
  logParameter: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/log-parameter`,
    tag: 'mlflow',
    summary: 'Log a param (params are write-once)',
    fields: param.extend(runIdFields),
    response: Empty,
  }),
  setTag: defineRoute({ methods: WRITE, path: `${MLFLOW}runs/set-tag`, tag: 'mlflow', summary: 'Set a tag on a run', fields: runTag.extend(runIdFields), response: Empty }),
  deleteTag: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/delete-tag`,
    tag: 'mlflow',
    summary: "Delete a run's tag",
    fields: z.object({ ...runIdFields, key: requiredString }),
    response: Empty,
  }),
  logInputs: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}runs/log-inputs`,
    tag: 'mlflow',
    summary: 'Record the datasets a run used',
    fields: z.object({
      ...runIdFields,
      datasets: z
        .array(z.object({ tags: z.array(keyValue(MAX_INPUT_TAG_VALUE_SIZE, MAX_INPUT_TAG_KEY_SIZE)).optional(), dataset: datasetFields }))
        .max(MAX_DATASETS_PER_REQUEST)
        .optional(),
    }),
    response: Empty,
  }),
  getMetricHistory: defineRoute({
    methods: READ,
    path: `${MLFLOW}metrics/get-history`,
    tag: 'mlflow',
    summary: "Every point of one of a run's metrics, a page at a time",
    fields: z.object({ ...runIdFields, metric_key: requiredString, max_results: positiveInt64.optional(), page_token: optionalString }),
    response: z.object({ metrics: resultList(MetricWire), next_page_token: NextPageToken }),
  }),
  listArtifacts: defineRoute({
    methods: READ,
    path: `${MLFLOW}artifacts/list`,
    tag: 'mlflow',
    summary: "A folder of a run's artifacts; paths are relative to the run's artifact root, all in one page",
    fields: z.object({ ...runIdFields, path: optionalString, page_token: optionalString.describe('Accepted and ignored') }),
    response: z.object({ root_uri: z.string(), files: resultList(FileInfoWire) }),
  }),
} as const;

const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';
const ArtifactList = z.object({ files: resultList(FileInfoWire).describe('Each entry named by its basename') });
const ArtifactPathQuery = z.object({ path: optionalString.describe('The folder, relative to the proxy root; the root when absent') });

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`), for artifacts whose URI is
 * `mlflow-artifacts:/...`; also under /ajax-api/2.0/mlflow-artifacts/artifacts. Paths are
 * relative to the proxy root; bodies are the artifact's bytes.
 */
export const mlflowArtifactsRoutes = {
  list: defineRoute({
    methods: ['GET'],
    path: ARTIFACTS,
    tag: 'mlflow',
    summary: 'A folder of the artifact store',
    fields: ArtifactPathQuery,
    response: ArtifactList,
  }),
  download: defineRoute({
    methods: ['GET'],
    path: `${ARTIFACTS}/*`,
    tag: 'mlflow',
    summary: "An artifact's bytes (with an empty path, the listing of the folder named by the `path` query)",
    response: rawResponse('application/octet-stream', "The artifact's bytes, typed by its extension"),
  }),
  upload: defineRoute({
    methods: ['PUT', 'POST'],
    path: `${ARTIFACTS}/*`,
    tag: 'mlflow',
    summary: 'Store an artifact, streamed (POST is what the first MLflow HTTP artifact client sent)',
    rawBody: rawResponse('application/octet-stream', "The artifact's bytes"),
    response: Empty,
  }),
  delete: defineRoute({ methods: ['DELETE'], path: `${ARTIFACTS}/*`, tag: 'mlflow', summary: 'Delete an artifact', response: Empty }),
} as const;

/** The /ajax-api twin of an MLflow route's path. */
export const ajaxTwin = (path: string): string => path.replace(/^\/api\/2\.0\//, '/ajax-api/2.0/');
