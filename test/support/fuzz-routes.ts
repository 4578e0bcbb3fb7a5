/*
 * The shape of a fuzz request and a valid request body for each JSON route, which the
 * generators (fuzz-requests.ts) mutate. Placeholders such as $RUN are explained there.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface FuzzRequest {
  method: HttpMethod;
  /** The route pattern the request was made for (reports only). */
  route: string;
  /** URL path, unencoded where the fuzz wants raw characters; placeholders still in it. */
  path: string;
  /** Query entries (encoded when sent) or a raw query string (sent as is). */
  query?: Array<[string, string]> | { raw: string };
  headers: Record<string, string>;
  body?: { json: unknown } | { text: string };
  /** Why a 2xx answer would be wrong; absent when the request might be valid. */
  invalid?: string;
}

export type RouteFamily = 'mlflow' | 'artifacts' | 'native' | 'other';

export function routeFamily(path: string): RouteFamily {
  if (/^\/(api|ajax-api)\/2\.0\/mlflow\//.test(path)) return 'mlflow';
  if (/^\/(api|ajax-api)\/2\.0\/mlflow-artifacts\/artifacts/.test(path)) return 'artifacts';
  if (path.startsWith('/api/v1/')) return 'native';
  return 'other';
}

/** `runs/log-batch` for `/api/2.0/mlflow/runs/log-batch`, `v1/runs/search` for `/api/v1/runs/search`. */
export function routeKey(path: string): string {
  const mlflow = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/.exec(path);
  if (mlflow) return mlflow[1] as string;
  if (path.startsWith('/api/v1/')) return `v1/${path.slice('/api/v1/'.length)}`;
  return path;
}

export interface Template {
  body: Record<string, unknown>;
  /** Fields whose absence (or '', null, an array, an object, a boolean) makes the request invalid. */
  required: string[];
}

export const METRIC = { key: 'm', value: 1.5, timestamp: 1_700_000_000_000, step: 3 };
export const DATASET = { name: 'd', digest: 'abc123', source_type: 'local', source: '/data/train.csv', schema: '{}', profile: '{}' };

/** A valid request body for each JSON route; the fuzz mutates it a field at a time. */
export const TEMPLATES: Record<string, Template> = {
  'experiments/create': { body: { name: '$UNIQUE', artifact_location: 'mlflow-artifacts:/fuzz', tags: [{ key: 'k', value: 'v' }] }, required: ['name'] },
  'experiments/get': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/get-by-name': { body: { experiment_name: '$EXPNAME' }, required: ['experiment_name'] },
  'experiments/search': {
    body: { max_results: 5, filter: "name LIKE 'fz%'", order_by: ['name ASC'], view_type: 'ALL', page_token: '' },
    required: [],
  },
  'experiments/update': { body: { experiment_id: '$EXP', new_name: '$UNIQUE' }, required: ['experiment_id', 'new_name'] },
  'experiments/delete': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/restore': { body: { experiment_id: '$EXP' }, required: ['experiment_id'] },
  'experiments/set-experiment-tag': { body: { experiment_id: '$EXP', key: 'k', value: 'v' }, required: ['experiment_id', 'key'] },
  'runs/create': {
    body: { experiment_id: '$EXP', user_id: 'u', run_name: 'r', start_time: 1_700_000_000_000, tags: [{ key: 'k', value: 'v' }] },
    required: ['experiment_id'],
  },
  'runs/get': { body: { run_id: '$RUN' }, required: ['run_id'] },
  'runs/update': { body: { run_id: '$RUN2', status: 'FINISHED', end_time: 1_700_000_000_001, run_name: 'renamed' }, required: ['run_id'] },
  'runs/delete': { body: { run_id: '$RUN2' }, required: ['run_id'] },
  'runs/restore': { body: { run_id: '$DELETED_RUN' }, required: ['run_id'] },
  'runs/search': {
    body: { experiment_ids: ['$EXP'], filter: 'metrics.m > 0', run_view_type: 'ALL', max_results: 5, order_by: ['metrics.m DESC'], page_token: '' },
    required: [],
  },
  'runs/set-tag': { body: { run_id: '$RUN', key: 'k', value: 'v' }, required: ['run_id', 'key'] },
  'runs/delete-tag': { body: { run_id: '$RUN', key: 'k' }, required: ['run_id', 'key'] },
  'runs/log-metric': { body: { run_id: '$RUN', ...METRIC }, required: ['run_id', 'key', 'value', 'timestamp'] },
  'runs/log-batch': {
    body: { run_id: '$RUN', metrics: [METRIC], params: [{ key: 'p-$UNIQUE', value: 'v' }], tags: [{ key: 't', value: 'v' }] },
    required: ['run_id'],
  },
  'runs/log-parameter': { body: { run_id: '$RUN', key: 'p-$UNIQUE', value: 'v' }, required: ['run_id', 'key'] },
  'runs/log-inputs': { body: { run_id: '$RUN', datasets: [{ tags: [{ key: 'k', value: 'v' }], dataset: DATASET }] }, required: ['run_id'] },
  'metrics/get-history': { body: { run_id: '$RUN', metric_key: 'm', max_results: 10, page_token: '' }, required: ['run_id', 'metric_key'] },
  'artifacts/list': { body: { run_id: '$RUN', path: 'dir', page_token: '' }, required: ['run_id'] },
  'v1/metrics/history-bulk': {
    body: { run_ids: ['$RUN'], keys: ['m'], max_points: 10, x_axis: 'step', x_min: 0, x_max: 100 },
    required: ['run_ids', 'keys'],
  },
  'v1/metrics/tail': { body: { run_ids: ['$RUN'], keys: ['m'], cursor: 0, max_points: 10 }, required: ['run_ids'] },
  'v1/runs/search': {
    body: { experiment_ids: ['$EXP'], filter: "params.p = 'v'", max_results: 5, order_by: ['attributes.start_time DESC'] },
    required: [],
  },
  'v1/runs/move': { body: { run_id: '$RUN2', experiment_id: '$EXP' }, required: ['run_id', 'experiment_id'] },
  'v1/gc': { body: { older_than_ms: 86_400_000 }, required: [] },
  'v1/experiments/stats': { body: { experiment_ids: ['$EXP'] }, required: ['experiment_ids'] },
  // A job that a mutation cannot turn into a long or costly one: `true`, 1 CPU, a 5 s timeout.
  'v1/jobs': {
    body: { command: ['true'], name: 'fz', resources: { cpus: 1, memory: '1M' }, labels: { fuzz: '1' }, timeout_seconds: 5, priority: 1, max_retries: 0 },
    required: ['command'],
  },
  'v1/jobs/:id/cancel': { body: {}, required: [] },
  'v1/jobs/:id/retry': { body: {}, required: [] },
  'v1/objects/missing': { body: { hashes: ['0'.repeat(64)] }, required: ['hashes'] },
  'v1/objects/fetch': { body: { hashes: ['0'.repeat(64)] }, required: ['hashes'] },
  'v1/objects/import': { body: { paths: ['/nonexistent/fuzz-file'] }, required: ['paths'] },
  // The batch route takes bytes; a JSON body is refused as such.
  'v1/objects/batch': { body: {}, required: [] },
  'v1/datasets/versions': { body: { dataset: 'fz', manifest_hash: '0'.repeat(64), message: 'm', author: 'a', tags: ['t'] }, required: ['dataset', 'manifest_hash'] },
  'v1/datasets/gc': { body: { dry_run: true }, required: [] },
  // Not an s3:// URL, so no mutation of it reaches for the network.
  'v1/datasets/pull': { body: { remote: 'none', dataset: 'fz' }, required: ['remote', 'dataset'] },
  'v1/datasets/:name/push': { body: { remote: 'none' }, required: ['remote'] },
  'v1/datasets/:name/tags': { body: { tag: 't', version: 1 }, required: ['tag', 'version'] },
  'v1/datasets/:name/versions/:ref/query': { body: { sql: 'select 1', max_rows: 10 }, required: ['sql'] },
  // A sweep without a command: driven from code, so no mutation of it starts a job.
  'v1/sweeps': {
    body: { config: 'name: fz\nmetric: {name: loss, goal: minimize}\nmethod: random\nmax_trials: 2\nparameters:\n  x: {min: 0, max: 1}\n', cwd: '/tmp', env: { A: '1' }, experiment_id: '$EXP' },
    required: ['config'],
  },
  'v1/sweeps/:id/pause': { body: {}, required: [] },
  'v1/sweeps/:id/resume': { body: {}, required: [] },
  'v1/sweeps/:id/cancel': { body: {}, required: [] },
  'v1/sweeps/:id/trials': { body: {}, required: [] },
  'v1/sweeps/:id/trials/:number/report': { body: { t: 1, value: 0.5 }, required: ['t', 'value'] },
  'v1/models/:name/aliases/:alias/check': { body: { version: '1' }, required: ['version'] },
  'v1/models/:name/aliases/:alias': { body: { version: '1', force: false, user_id: 'u' }, required: ['version'] },
  'v1/sweeps/:id/trials/:number/tell': { body: { value: 0.5, state: 'completed' }, required: [] },
  // The model registry. `fz-model` may or may not exist when a request comes: both answers are fine.
  'registered-models/create': { body: { name: '$UNIQUE', description: 'd', tags: [{ key: 'k', value: 'v' }] }, required: ['name'] },
  'registered-models/get': { body: { name: 'fz-model' }, required: ['name'] },
  'registered-models/rename': { body: { name: 'fz-model', new_name: '$UNIQUE' }, required: ['name', 'new_name'] },
  'registered-models/search': { body: { filter: "name LIKE 'fz%' AND tags.k = 'v'", max_results: 5, order_by: ['name DESC'], page_token: '' }, required: [] },
  'registered-models/get-latest-versions': { body: { name: 'fz-model', stages: ['Production'] }, required: ['name'] },
  'registered-models/set-tag': { body: { name: 'fz-model', key: 'k', value: 'v' }, required: ['name', 'key'] },
  'registered-models/alias': { body: { name: 'fz-model', alias: 'champion', version: '1' }, required: ['name', 'alias', 'version'] },
  'model-versions/create': { body: { name: 'fz-model', source: 'runs:/$RUN/model', run_id: '$RUN', tags: [{ key: 'k', value: 'v' }], description: 'd' }, required: ['name', 'source'] },
  'model-versions/get': { body: { name: 'fz-model', version: '1' }, required: ['name', 'version'] },
  'model-versions/search': { body: { filter: "name = 'fz-model' AND run_id = '$RUN'", max_results: 5, order_by: ['version_number DESC'], page_token: '' }, required: [] },
  'model-versions/set-tag': { body: { name: 'fz-model', version: '1', key: 'k', value: 'v' }, required: ['name', 'version', 'key'] },
  'model-versions/get-download-uri': { body: { name: 'fz-model', version: '1' }, required: ['name', 'version'] },
  'model-versions/transition-stage': { body: { name: 'fz-model', version: '1', stage: 'Staging', archive_existing_versions: false }, required: ['name', 'version', 'stage'] },
};

/** Required fields that another field stands in for (`run_uuid` is MLflow's old name of `run_id`). */
export const ALIASES: Record<string, string> = { run_id: 'run_uuid' };

export const JSON_HEADERS = { 'content-type': 'application/json' };
