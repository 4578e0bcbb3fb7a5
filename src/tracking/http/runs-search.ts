import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { runToWire, SEARCH_MAX_RESULTS_DEFAULT, SearchRunsFields, type SearchRunsAnswer } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { parseFields, requestFields } from './request-parsing.js';

/**
 * runs/search as MLflow defines it; shared by /api/2.0/mlflow/runs/search and
 * /api/v1/runs/search, which differ only in where they are documented.
 */
export async function searchRuns(tracking: TrackingApi, request: FastifyRequest): Promise<z.input<typeof SearchRunsAnswer>> {
  const req = parseFields(SearchRunsFields, requestFields(request, ['experiment_ids', 'order_by']));
  const page = await tracking.searchRuns({
    experimentIds: req.experiment_ids ?? [],
    maxResults: req.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.run_view_type ? { runViewType: req.run_view_type } : {}),
    ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
    ...(req.page_token ? { pageToken: req.page_token } : {}),
  });
  return { runs: page.items.map(runToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
}
