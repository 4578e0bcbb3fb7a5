import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { runInfoJson, runJson } from './json-mapping.js';
import { MAX_ENTITY_KEY_LENGTH, MAX_TAG_VAL_LENGTH } from './mlflow-limits.js';
import { EMPTY_RESPONSE, READ, WRITE, type MlflowRoute } from './mlflow-route.js';
import {
  idString,
  keyValue,
  nonNegativeInt64,
  optionalString,
  parseFields,
  requestFields,
  runIdFrom,
  runStatus,
} from './request-parsing.js';
import { searchRuns } from './runs-search.js';

const createSchema = z.object({
  experiment_id: idString,
  user_id: optionalString,
  run_name: optionalString,
  start_time: nonNegativeInt64.optional(),
  tags: z.array(keyValue(MAX_TAG_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH)).optional(),
});
const updateSchema = z.object({
  status: runStatus.optional(),
  end_time: nonNegativeInt64.optional(),
  run_name: optionalString,
});

/** runs/create, get, update, delete, restore, search. */
export function runsRoutes(tracking: TrackingApi): MlflowRoute[] {
  return [
    {
      path: 'runs/create',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(createSchema, requestFields(request));
        const run = await tracking.createRun({
          experimentId: req.experiment_id,
          ...(req.user_id ? { userId: req.user_id } : {}),
          ...(req.run_name ? { runName: req.run_name } : {}),
          ...(req.start_time !== undefined ? { startTime: req.start_time } : {}),
          ...(req.tags ? { tags: req.tags } : {}),
        });
        return { run: runJson(run) };
      },
    },
    {
      path: 'runs/get',
      methods: READ,
      handler: async (request) => {
        const runId = runIdFrom(requestFields(request));
        return { run: runJson(await tracking.getRun(runId)) };
      },
    },
    {
      path: 'runs/update',
      methods: WRITE,
      handler: async (request) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(updateSchema, fields);
        const info = await tracking.updateRun({
          runId,
          ...(req.status ? { status: req.status } : {}),
          ...(req.end_time !== undefined ? { endTime: req.end_time } : {}),
          ...(req.run_name ? { runName: req.run_name } : {}),
        });
        return { run_info: runInfoJson(info) };
      },
    },
    {
      path: 'runs/delete',
      methods: WRITE,
      handler: async (request) => {
        await tracking.deleteRun(runIdFrom(requestFields(request)));
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/restore',
      methods: WRITE,
      handler: async (request) => {
        await tracking.restoreRun(runIdFrom(requestFields(request)));
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/search',
      methods: READ,
      handler: (request) => searchRuns(tracking, request),
    },
  ];
}
