import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { experimentJson } from './json-mapping.js';
import {
  MAX_ENTITY_KEY_LENGTH,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_EXPERIMENT_TAG_VAL_LENGTH,
  SEARCH_MAX_RESULTS_DEFAULT,
  SEARCH_MAX_RESULTS_THRESHOLD,
} from './mlflow-limits.js';
import { EMPTY_RESPONSE, READ, WRITE, type MlflowRoute } from './mlflow-route.js';
import {
  boundedString,
  idString,
  keyValue,
  optionalString,
  parseFields,
  positiveInt64,
  requestFields,
  requiredString,
  stringList,
  viewType,
} from './request-parsing.js';

const experimentTag = keyValue(MAX_EXPERIMENT_TAG_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const experimentName = requiredString.pipe(boundedString(MAX_EXPERIMENT_NAME_LENGTH));

const createSchema = z.object({
  name: experimentName,
  artifact_location: optionalString,
  tags: z.array(experimentTag).optional(),
});
const byIdSchema = z.object({ experiment_id: idString });
const byNameSchema = z.object({ experiment_name: requiredString });
const updateSchema = z.object({ experiment_id: idString, new_name: experimentName });
const setTagSchema = z.object({
  experiment_id: idString,
  key: experimentTag.shape.key,
  value: experimentTag.shape.value,
});
const searchSchema = z.object({
  max_results: positiveInt64
    .pipe(z.number().max(SEARCH_MAX_RESULTS_THRESHOLD, { message: `must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}` }))
    .optional(),
  filter: optionalString,
  order_by: stringList.optional(),
  view_type: viewType.optional(),
  page_token: optionalString,
});

/** experiments/*: MLflow's experiment endpoints over TrackingApi. */
export function experimentsRoutes(tracking: TrackingApi): MlflowRoute[] {
  return [
    {
      path: 'experiments/create',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(createSchema, requestFields(request));
        const experimentId = await tracking.createExperiment({
          name: req.name,
          ...(req.artifact_location ? { artifactLocation: req.artifact_location } : {}),
          ...(req.tags ? { tags: req.tags } : {}),
        });
        return { experiment_id: experimentId };
      },
    },
    {
      path: 'experiments/get',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(byIdSchema, requestFields(request));
        return { experiment: experimentJson(await tracking.getExperiment(req.experiment_id)) };
      },
    },
    {
      path: 'experiments/get-by-name',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(byNameSchema, requestFields(request));
        return { experiment: experimentJson(await tracking.getExperimentByName(req.experiment_name)) };
      },
    },
    {
      path: 'experiments/search',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(searchSchema, requestFields(request, ['order_by']));
        const page = await tracking.searchExperiments({
          maxResults: req.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
          ...(req.filter ? { filter: req.filter } : {}),
          ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
          ...(req.view_type ? { viewType: req.view_type } : {}),
          ...(req.page_token ? { pageToken: req.page_token } : {}),
        });
        return {
          experiments: page.items.map(experimentJson),
          ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
        };
      },
    },
    {
      path: 'experiments/update',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(updateSchema, requestFields(request));
        await tracking.renameExperiment(req.experiment_id, req.new_name);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'experiments/delete',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(byIdSchema, requestFields(request));
        await tracking.deleteExperiment(req.experiment_id);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'experiments/restore',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(byIdSchema, requestFields(request));
        await tracking.restoreExperiment(req.experiment_id);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'experiments/set-experiment-tag',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(setTagSchema, requestFields(request));
        await tracking.setExperimentTag(req.experiment_id, { key: req.key, value: req.value });
        return EMPTY_RESPONSE;
      },
    },
  ];
}
