import type { mlflowTrackingRoutes } from '../../../src/contracts/mlflow-tracking';
import type { RouteResult } from '../../../src/contracts/route-contract';
import type { trackingRoutes } from '../../../src/contracts/tracking';
import { mlflow, native } from './client';
import type { Experiment, ExperimentStats, FileInfo, Run, RunInfo, Series } from './types';

// Typed calls to the tracking API; the answers' types come from the route contracts. Pages
// compose these; none holds state.

/** The answer of an MLflow tracking route, or of one of Flywheel's /api/v1 tracking routes. */
type Mlflow<K extends keyof typeof mlflowTrackingRoutes> = RouteResult<(typeof mlflowTrackingRoutes)[K]>;
type Native<K extends keyof typeof trackingRoutes> = RouteResult<(typeof trackingRoutes)[K]>;

export const listExperiments = async (viewType: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' = 'ACTIVE_ONLY'): Promise<Experiment[]> => {
  const out: Experiment[] = [];
  let token: string | undefined;
  do {
    const page = await mlflow<Mlflow<'searchExperiments'>>('POST', 'experiments/search', {
      max_results: 1000,
      view_type: viewType,
      ...(token ? { page_token: token } : {}),
    });
    out.push(...(page.experiments ?? []));
    token = page.next_page_token;
  } while (token);
  return out;
};

export const getExperiment = async (id: string): Promise<Experiment> =>
  (await mlflow<Mlflow<'getExperiment'>>('GET', 'experiments/get', { experiment_id: id })).experiment;
export const createExperiment = async (name: string): Promise<string> =>
  (await mlflow<Mlflow<'createExperiment'>>('POST', 'experiments/create', { name })).experiment_id;
export const renameExperiment = (id: string, newName: string) => mlflow('POST', 'experiments/update', { experiment_id: id, new_name: newName });
export const deleteExperiment = (id: string) => mlflow('POST', 'experiments/delete', { experiment_id: id });

export interface RunSearch {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults?: number;
  pageToken?: string;
}

export const searchRuns = (s: RunSearch, signal?: AbortSignal) =>
  mlflow<Mlflow<'searchRuns'>>(
    'POST',
    'runs/search',
    {
      experiment_ids: s.experimentIds,
      ...(s.filter ? { filter: s.filter } : {}),
      ...(s.orderBy?.length ? { order_by: s.orderBy } : {}),
      run_view_type: s.viewType ?? 'ACTIVE_ONLY',
      max_results: s.maxResults ?? 1000,
      ...(s.pageToken ? { page_token: s.pageToken } : {}),
    },
    signal,
  );

export const getRun = async (runId: string): Promise<Run> => (await mlflow<Mlflow<'getRun'>>('GET', 'runs/get', { run_id: runId })).run;
export const updateRun = async (runId: string, patch: { run_name?: string; status?: RunInfo['status'] }) =>
  (await mlflow<Mlflow<'updateRun'>>('POST', 'runs/update', { run_id: runId, ...patch })).run_info;
export const deleteRun = (runId: string) => mlflow('POST', 'runs/delete', { run_id: runId });
export const restoreRun = (runId: string) => mlflow('POST', 'runs/restore', { run_id: runId });
export const setTag = (runId: string, key: string, value: string) => mlflow('POST', 'runs/set-tag', { run_id: runId, key, value });
export const deleteTag = (runId: string, key: string) => mlflow('POST', 'runs/delete-tag', { run_id: runId, key });

export const listArtifacts = async (runId: string, path = ''): Promise<FileInfo[]> =>
  (await mlflow<Mlflow<'listArtifacts'>>('GET', 'artifacts/list', { run_id: runId, ...(path ? { path } : {}) })).files ?? [];

/** Many runs × keys at once, downsampled by the server to `maxPoints` per series; `xMin`/`xMax` zoom in. */
export const bulkHistory = async (
  req: { runIds: string[]; keys: string[]; maxPoints?: number; xAxis?: 'step' | 'timestamp'; xMin?: number; xMax?: number },
  signal?: AbortSignal,
): Promise<Series[]> =>
  (
    await native<Native<'historyBulk'>>(
      'metrics/history-bulk',
      {
        run_ids: req.runIds,
        keys: req.keys,
        ...(req.maxPoints !== undefined ? { max_points: req.maxPoints } : {}),
        ...(req.xAxis ? { x_axis: req.xAxis } : {}),
        ...(req.xMin !== undefined ? { x_min: req.xMin } : {}),
        ...(req.xMax !== undefined ? { x_max: req.xMax } : {}),
      },
      signal,
    )
  ).series;

/** Points logged after `cursor` for these runs: the live view's polling call. */
export const tailMetrics = (req: { runIds: string[]; keys?: string[]; cursor: number; maxPoints?: number }, signal?: AbortSignal) =>
  native<Native<'tail'>>(
    'metrics/tail',
    { run_ids: req.runIds, ...(req.keys ? { keys: req.keys } : {}), cursor: req.cursor, ...(req.maxPoints ? { max_points: req.maxPoints } : {}) },
    signal,
  );

/** Run counts and last activity of up to 1000 experiments, counted by the server. */
export const experimentStats = async (experimentIds: string[], signal?: AbortSignal): Promise<ExperimentStats[]> =>
  (await native<Native<'experimentStats'>>('experiments/stats', { experiment_ids: experimentIds }, signal)).stats;
