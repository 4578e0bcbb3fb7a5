import type { FastifyInstance } from 'fastify';
import { experimentToWire, mlflowTrackingRoutes as routes, SEARCH_MAX_RESULTS_DEFAULT } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { EMPTY_RESPONSE, mlflowRoute, readFields } from './mlflow-route.js';

/** experiments/*: MLflow's experiment endpoints over TrackingApi. */
export function registerExperimentsRoutes(app: FastifyInstance, tracking: TrackingApi): void {
  mlflowRoute(app, routes.createExperiment, async (_, request) => {
    const req = readFields(routes.createExperiment, request);
    const experimentId = await tracking.createExperiment({
      name: req.name,
      ...(req.artifact_location ? { artifactLocation: req.artifact_location } : {}),
      ...(req.tags ? { tags: req.tags } : {}),
    });
    return { experiment_id: experimentId };
  });

  mlflowRoute(app, routes.getExperiment, async (_, request) => {
    const req = readFields(routes.getExperiment, request);
    return { experiment: experimentToWire(await tracking.getExperiment(req.experiment_id)) };
  });

  mlflowRoute(app, routes.getExperimentByName, async (_, request) => {
    const req = readFields(routes.getExperimentByName, request);
    return { experiment: experimentToWire(await tracking.getExperimentByName(req.experiment_name)) };
  });

  mlflowRoute(app, routes.searchExperiments, async (_, request) => {
    const req = readFields(routes.searchExperiments, request, ['order_by']);
    const page = await tracking.searchExperiments({
      maxResults: req.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
      ...(req.filter ? { filter: req.filter } : {}),
      ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
      ...(req.view_type ? { viewType: req.view_type } : {}),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { experiments: page.items.map(experimentToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  mlflowRoute(app, routes.updateExperiment, async (_, request) => {
    const req = readFields(routes.updateExperiment, request);
    await tracking.renameExperiment(req.experiment_id, req.new_name);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.deleteExperiment, async (_, request) => {
    await tracking.deleteExperiment(readFields(routes.deleteExperiment, request).experiment_id);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.restoreExperiment, async (_, request) => {
    await tracking.restoreExperiment(readFields(routes.restoreExperiment, request).experiment_id);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.setExperimentTag, async (_, request) => {
    const req = readFields(routes.setExperimentTag, request);
    await tracking.setExperimentTag(req.experiment_id, { key: req.key, value: req.value });
    return EMPTY_RESPONSE;
  });
}
