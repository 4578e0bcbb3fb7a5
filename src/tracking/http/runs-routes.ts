import type { FastifyInstance } from 'fastify';
import { mlflowTrackingRoutes as routes, runInfoToWire, runToWire } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { EMPTY_RESPONSE, mlflowRoute, readFields, readRunFields } from './mlflow-route.js';
import { searchRuns } from './runs-search.js';

/** runs/create, get, update, delete, restore, search. */
export function registerRunsRoutes(app: FastifyInstance, tracking: TrackingApi): void {
  mlflowRoute(app, routes.createRun, async (_, request) => {
    const req = readFields(routes.createRun, request);
    const run = await tracking.createRun({
      experimentId: req.experiment_id,
      ...(req.user_id ? { userId: req.user_id } : {}),
      ...(req.run_name ? { runName: req.run_name } : {}),
      ...(req.start_time !== undefined ? { startTime: req.start_time } : {}),
      ...(req.tags ? { tags: req.tags } : {}),
    });
    return { run: runToWire(run) };
  });

  mlflowRoute(app, routes.getRun, async (_, request) => {
    const { runId } = readRunFields(routes.getRun, request);
    return { run: runToWire(await tracking.getRun(runId)) };
  });

  mlflowRoute(app, routes.updateRun, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.updateRun, request);
    const info = await tracking.updateRun({
      runId,
      ...(req.status ? { status: req.status } : {}),
      ...(req.end_time !== undefined ? { endTime: req.end_time } : {}),
      ...(req.run_name ? { runName: req.run_name } : {}),
    });
    return { run_info: runInfoToWire(info) };
  });

  mlflowRoute(app, routes.deleteRun, async (_, request) => {
    await tracking.deleteRun(readRunFields(routes.deleteRun, request).runId);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.restoreRun, async (_, request) => {
    await tracking.restoreRun(readRunFields(routes.restoreRun, request).runId);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.searchRuns, (_, request) => searchRuns(tracking, request));
}
