import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { runJson, type RunJson } from './json-mapping.js';
import { SEARCH_MAX_RESULTS_DEFAULT, SEARCH_MAX_RESULTS_THRESHOLD } from './mlflow-limits.js';
import { idString, optionalString, parseFields, positiveInt64, requestFields, stringList, viewType } from './request-parsing.js';

const searchSchema = z.object({
  experiment_ids: z.array(idString).optional(),
  filter: optionalString,
  run_view_type: viewType.optional(),
  max_results: positiveInt64
    .pipe(z.number().max(SEARCH_MAX_RESULTS_THRESHOLD, { message: `must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}` }))
    .optional(),
  order_by: stringList.optional(),
  page_token: optionalString,
});

export interface SearchRunsResponse {
  runs: RunJson[];
  next_page_token?: string;
}

/**
 * runs/search as MLflow defines it; shared by /api/2.0/mlflow/runs/search and
 * /api/v1/runs/search, which differ only in where they are documented.
 */
export async function searchRuns(tracking: TrackingApi, request: FastifyRequest): Promise<SearchRunsResponse> {
  const req = parseFields(searchSchema, requestFields(request, ['experiment_ids', 'order_by']));
  const page = await tracking.searchRuns({
    experimentIds: req.experiment_ids ?? [],
    maxResults: req.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.run_view_type ? { runViewType: req.run_view_type } : {}),
    ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
    ...(req.page_token ? { pageToken: req.page_token } : {}),
  });
  const response: SearchRunsResponse = { runs: page.items.map(runJson) };
  if (page.nextPageToken) response.next_page_token = page.nextPageToken;
  return response;
}
