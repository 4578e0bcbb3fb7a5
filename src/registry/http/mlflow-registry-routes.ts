import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  mlflowRegistryRoutes,
  modelVersionToWire,
  registeredModelToWire,
  REGISTRY_REPEATED_FIELDS,
  type RegistrySearchFields,
  type RouteContract,
} from '../../contracts/index.js';
import { contractRoute, type ContractHandler } from '../../http/index.js';
import { bodyObject, MLFLOW_PREFIXES, parseFields, requestFields, type RequestFields } from '../../tracking/index.js';
import type { RegistryService } from '../registry-service.js';

const MLFLOW_PATH = '/api/2.0/mlflow/';

/**
 * The request's fields: a GET's query string; otherwise the JSON body, or the query string
 * when a DELETE comes without a body (some clients send its fields there).
 */
function fields(request: FastifyRequest): RequestFields {
  if (request.method === 'DELETE' && request.body === undefined) {
    return requestFields({ ...request, method: 'GET', query: request.query } as FastifyRequest, REGISTRY_REPEATED_FIELDS);
  }
  return request.method === 'GET' ? requestFields(request, REGISTRY_REPEATED_FIELDS) : bodyObject(request.body);
}

type Routes = typeof mlflowRegistryRoutes;
type Fields<C extends RouteContract> = C['fields'] extends z.ZodType ? z.output<C['fields']> : never;

/** MLflow's model registry endpoints over RegistryService (docs/models-api.md), under both MLflow prefixes. */
export function registerMlflowRegistryRoutes(app: FastifyInstance, registry: RegistryService): void {
  /** Registers a route at each MLflow prefix; the handler gets the request's fields parsed with the contract's schema. */
  const route = <C extends Routes[keyof Routes]>(contract: C, handler: (req: Fields<C>) => ReturnType<ContractHandler<C>>) => {
    for (const prefix of MLFLOW_PREFIXES) {
      const url = prefix + contract.path.slice(MLFLOW_PATH.length);
      contractRoute(app, contract, async (_input, request) => handler(parseFields(contract.fields as z.ZodType, fields(request)) as Fields<C>), { url });
    }
  };
  const r = mlflowRegistryRoutes;

  route(r.createModel, async (req) => {
    const model = await registry.createModel({ name: req.name, ...(req.description !== undefined ? { description: req.description } : {}), tags: req.tags ?? [] });
    return { registered_model: registeredModelToWire(model) };
  });
  route(r.getModel, async (req) => ({ registered_model: registeredModelToWire(await registry.getModel(req.name)) }));
  route(r.renameModel, async (req) => ({ registered_model: registeredModelToWire(await registry.renameModel(req.name, req.new_name)) }));
  route(r.updateModel, async (req) => ({ registered_model: registeredModelToWire(await registry.updateModel(req.name, req.description)) }));
  route(r.deleteModel, async (req) => {
    await registry.deleteModel(req.name);
    return {};
  });
  route(r.searchModels, async (req) => {
    const page = await registry.searchModels(searchRequest(req));
    return { registered_models: page.items.map(registeredModelToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });
  route(r.latestVersions, async (req) => ({ model_versions: (await registry.latestVersions(req.name, req.stages ?? [])).map(modelVersionToWire) }));
  route(r.setModelTag, async (req) => {
    await registry.setModelTag(req.name, req.key, req.value ?? '');
    return {};
  });
  route(r.deleteModelTag, async (req) => {
    await registry.deleteModelTag(req.name, req.key);
    return {};
  });
  route(r.getAlias, async (req) => ({ model_version: modelVersionToWire(await registry.versionByAlias(req.name, req.alias)) }));
  route(r.setAlias, async (req) => {
    await registry.setAlias(req.name, req.alias, req.version, req.user_id ?? '');
    return {};
  });
  route(r.deleteAlias, async (req) => {
    await registry.deleteAlias(req.name, req.alias, req.user_id ?? '');
    return {};
  });
  route(r.createVersion, async (req) => {
    const created = await registry.createVersion({
      name: req.name,
      source: req.source,
      ...(req.run_id ? { runId: req.run_id } : {}),
      tags: req.tags ?? [],
      ...(req.description !== undefined ? { description: req.description } : {}),
      ...(req.user_id ? { userId: req.user_id } : {}),
    });
    return { model_version: modelVersionToWire(created) };
  });
  route(r.getVersion, async (req) => ({ model_version: modelVersionToWire(await registry.getVersion(req.name, req.version)) }));
  route(r.updateVersion, async (req) => ({ model_version: modelVersionToWire(await registry.updateVersion(req.name, req.version, req.description)) }));
  route(r.deleteVersion, async (req) => {
    await registry.deleteVersion(req.name, req.version, req.user_id ?? '');
    return {};
  });
  route(r.searchVersions, async (req) => {
    const page = await registry.searchVersions(searchRequest(req));
    return { model_versions: page.items.map(modelVersionToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });
  route(r.setVersionTag, async (req) => {
    await registry.setVersionTag(req.name, req.version, req.key, req.value ?? '');
    return {};
  });
  route(r.deleteVersionTag, async (req) => {
    await registry.deleteVersionTag(req.name, req.version, req.key);
    return {};
  });
  route(r.downloadUri, async (req) => ({ artifact_uri: await registry.downloadUri(req.name, req.version) }));
  route(r.transitionStage, async (req) => {
    const archive = req.archive_existing_versions === true || req.archive_existing_versions === 'true';
    return { model_version: modelVersionToWire(await registry.transitionStage(req.name, req.version, req.stage, archive)) };
  });
}

function searchRequest(req: z.output<typeof RegistrySearchFields>) {
  return {
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.max_results !== undefined ? { maxResults: req.max_results } : {}),
    ...(req.order_by?.length ? { orderBy: req.order_by } : {}),
    ...(req.page_token ? { pageToken: req.page_token } : {}),
  };
}
