import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  EMPTY_RESPONSE,
  bodyObject,
  keyValue,
  optionalString,
  parseFields,
  positiveInt64,
  requestFields,
  requiredString,
  stringList,
  type RequestFields,
} from '../../tracking/index.js';
import { parseVersion } from '../internal/registry-validation.js';
import type { RegistryService } from '../registry-service.js';
import { modelVersionJson, registeredModelJson } from './registry-json.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One MLflow registry endpoint, relative to the `/api/2.0/mlflow/` prefix. */
export interface RegistryRoute {
  path: string;
  methods: readonly Method[];
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

// MLflow's client sends reads as GET with a query string; POST with a body is accepted too,
// as for the tracking routes. Updates are PATCH and deletes DELETE, each with a JSON body.
const READ = ['GET', 'POST'] as const;
const WRITE = ['POST'] as const;

const tag = keyValue(5000, 250);
const version = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseVersion(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'a version is a positive integer' });
    return z.NEVER;
  }
});
const userId = optionalString;

const byName = z.object({ name: requiredString });
const createModel = z.object({ name: requiredString, tags: z.array(tag).optional(), description: optionalString });
const rename = z.object({ name: requiredString, new_name: requiredString });
const updateModel = z.object({ name: requiredString, description: optionalString });
const modelTag = z.object({ name: requiredString, key: requiredString, value: z.string().nullish() });
const modelTagKey = z.object({ name: requiredString, key: requiredString });
const search = z.object({ filter: optionalString, max_results: positiveInt64.optional(), order_by: stringList.optional(), page_token: optionalString });
const latest = z.object({ name: requiredString, stages: stringList.optional() });
const setAlias = z.object({ name: requiredString, alias: requiredString, version, user_id: userId });
const aliasKey = z.object({ name: requiredString, alias: requiredString, user_id: userId });
const createVersion = z.object({
  name: requiredString,
  source: requiredString,
  run_id: optionalString,
  tags: z.array(tag).optional(),
  run_link: optionalString,
  description: optionalString,
  user_id: userId,
});
const versionKey = z.object({ name: requiredString, version, user_id: userId });
const updateVersion = z.object({ name: requiredString, version, description: optionalString });
const versionTag = z.object({ name: requiredString, version, key: requiredString, value: z.string().nullish() });
const versionTagKey = z.object({ name: requiredString, version, key: requiredString });
const transition = z.object({ name: requiredString, version, stage: requiredString, archive_existing_versions: z.union([z.boolean(), z.enum(['true', 'false'])]).optional() });

/**
 * The request's fields: a GET's query string; otherwise the JSON body, or the query string
 * when a DELETE comes without a body (some clients send its fields there).
 */
function fields(request: FastifyRequest, repeated: readonly string[] = []): RequestFields {
  if (request.method === 'DELETE' && request.body === undefined) {
    return requestFields({ ...request, method: 'GET', query: request.query } as FastifyRequest, repeated);
  }
  return request.method === 'GET' ? requestFields(request, repeated) : bodyObject(request.body);
}

/** MLflow's model registry endpoints over RegistryService (docs/models-api.md). */
export function mlflowRegistryRoutes(registry: RegistryService): RegistryRoute[] {
  const modelReply = async (name: string) => ({ registered_model: registeredModelJson(await registry.getModel(name)) });
  return [
    {
      path: 'registered-models/create',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(createModel, fields(request));
        const model = await registry.createModel({ name: req.name, ...(req.description !== undefined ? { description: req.description } : {}), tags: req.tags ?? [] });
        return { registered_model: registeredModelJson(model) };
      },
    },
    {
      path: 'registered-models/get',
      methods: READ,
      handler: async (request) => modelReply(parseFields(byName, fields(request)).name),
    },
    {
      path: 'registered-models/rename',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(rename, fields(request));
        return { registered_model: registeredModelJson(await registry.renameModel(req.name, req.new_name)) };
      },
    },
    {
      path: 'registered-models/update',
      methods: ['PATCH'],
      handler: async (request) => {
        const req = parseFields(updateModel, fields(request));
        return { registered_model: registeredModelJson(await registry.updateModel(req.name, req.description)) };
      },
    },
    {
      path: 'registered-models/delete',
      methods: ['DELETE'],
      handler: async (request) => {
        await registry.deleteModel(parseFields(byName, fields(request)).name);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'registered-models/search',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(search, fields(request, ['order_by']));
        const page = await registry.searchModels(searchRequest(req));
        return { registered_models: page.items.map(registeredModelJson), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
      },
    },
    {
      path: 'registered-models/get-latest-versions',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(latest, fields(request, ['stages']));
        return { model_versions: (await registry.latestVersions(req.name, req.stages ?? [])).map(modelVersionJson) };
      },
    },
    {
      path: 'registered-models/set-tag',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(modelTag, fields(request));
        await registry.setModelTag(req.name, req.key, req.value ?? '');
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'registered-models/delete-tag',
      methods: ['DELETE'],
      handler: async (request) => {
        const req = parseFields(modelTagKey, fields(request));
        await registry.deleteModelTag(req.name, req.key);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'registered-models/alias',
      methods: ['GET', 'POST', 'DELETE'],
      handler: async (request) => {
        if (request.method === 'POST') {
          const req = parseFields(setAlias, fields(request));
          await registry.setAlias(req.name, req.alias, req.version, req.user_id ?? '');
          return EMPTY_RESPONSE;
        }
        const req = parseFields(aliasKey, fields(request));
        if (request.method === 'DELETE') {
          await registry.deleteAlias(req.name, req.alias, req.user_id ?? '');
          return EMPTY_RESPONSE;
        }
        return { model_version: modelVersionJson(await registry.versionByAlias(req.name, req.alias)) };
      },
    },
    {
      path: 'model-versions/create',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(createVersion, fields(request));
        const created = await registry.createVersion({
          name: req.name,
          source: req.source,
          ...(req.run_id ? { runId: req.run_id } : {}),
          tags: req.tags ?? [],
          ...(req.description !== undefined ? { description: req.description } : {}),
          ...(req.user_id ? { userId: req.user_id } : {}),
        });
        return { model_version: modelVersionJson(created) };
      },
    },
    {
      path: 'model-versions/get',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(versionKey, fields(request));
        return { model_version: modelVersionJson(await registry.getVersion(req.name, req.version)) };
      },
    },
    {
      path: 'model-versions/update',
      methods: ['PATCH'],
      handler: async (request) => {
        const req = parseFields(updateVersion, fields(request));
        return { model_version: modelVersionJson(await registry.updateVersion(req.name, req.version, req.description)) };
      },
    },
    {
      path: 'model-versions/delete',
      methods: ['DELETE'],
      handler: async (request) => {
        const req = parseFields(versionKey, fields(request));
        await registry.deleteVersion(req.name, req.version, req.user_id ?? '');
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'model-versions/search',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(search, fields(request, ['order_by']));
        const page = await registry.searchVersions(searchRequest(req));
        return { model_versions: page.items.map(modelVersionJson), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
      },
    },
    {
      path: 'model-versions/set-tag',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(versionTag, fields(request));
        await registry.setVersionTag(req.name, req.version, req.key, req.value ?? '');
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'model-versions/delete-tag',
      methods: ['DELETE'],
      handler: async (request) => {
        const req = parseFields(versionTagKey, fields(request));
        await registry.deleteVersionTag(req.name, req.version, req.key);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'model-versions/get-download-uri',
      methods: READ,
      handler: async (request) => {
        const req = parseFields(versionKey, fields(request));
        return { artifact_uri: await registry.downloadUri(req.name, req.version) };
      },
    },
    {
      path: 'model-versions/transition-stage',
      methods: WRITE,
      handler: async (request) => {
        const req = parseFields(transition, fields(request));
        const archive = req.archive_existing_versions === true || req.archive_existing_versions === 'true';
        return { model_version: modelVersionJson(await registry.transitionStage(req.name, req.version, req.stage, archive)) };
      },
    },
  ];
}

function searchRequest(req: z.output<typeof search>) {
  return {
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.max_results !== undefined ? { maxResults: req.max_results } : {}),
    ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
    ...(req.page_token ? { pageToken: req.page_token } : {}),
  };
}
