import { z } from 'zod';
import { Empty } from './common.js';
import { keyValue, optionalString, positiveInt64, requiredString, stringList } from './mlflow-fields.js';
import { ModelVersionWire, RegisteredModelWire } from './models.js';
import { defineRoute } from './route-contract.js';

// MLflow's model registry REST API 2.0 as Flywheel serves it (docs/models-api.md), under
// /api/2.0/mlflow/ and its /ajax-api/2.0/mlflow/ twin. Requests are MLflow's `fields`: the
// query string of a GET, the JSON body otherwise (a DELETE without a body: its query
// string). Reads answer GET and POST, updates are PATCH, deletes DELETE. Answers keep
// MLflow's RegisteredModel and ModelVersion messages, with Flywheel's fields added.

const MLFLOW = '/api/2.0/mlflow/';
const READ = ['GET', 'POST'] as const;
const WRITE = ['POST'] as const;

const tag = keyValue(5000, 250);
/** A version as MLflow sends it (a string of digits) or a number. */
const version = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const text = String(v).trim();
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(n) && n >= 1) return n;
  ctx.addIssue({ code: 'custom', message: 'a version is a positive integer' });
  return z.NEVER;
});
const userId = optionalString;

const byName = z.object({ name: requiredString });
const versionKey = z.object({ name: requiredString, version, user_id: userId });
/** registered-models/search and model-versions/search; `order_by` repeats in a query string. */
export const RegistrySearchFields = z.object({ filter: optionalString, max_results: positiveInt64.optional(), order_by: stringList.optional(), page_token: optionalString });
const ModelAnswer = z.object({ registered_model: RegisteredModelWire });
const VersionAnswer = z.object({ model_version: ModelVersionWire });

/** Fields that a GET's query string may repeat, read as lists. */
export const REGISTRY_REPEATED_FIELDS = ['order_by', 'stages'] as const;

export const mlflowRegistryRoutes = {
  createModel: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}registered-models/create`,
    tag: 'mlflow',
    summary: 'Create a registered model',
    fields: z.object({ name: requiredString, tags: z.array(tag).optional(), description: optionalString }),
    response: ModelAnswer,
  }),
  getModel: defineRoute({ methods: READ, path: `${MLFLOW}registered-models/get`, tag: 'mlflow', summary: 'One registered model', fields: byName, response: ModelAnswer }),
  renameModel: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}registered-models/rename`,
    tag: 'mlflow',
    summary: 'Rename a registered model',
    fields: z.object({ name: requiredString, new_name: requiredString }),
    response: ModelAnswer,
  }),
  updateModel: defineRoute({
    methods: ['PATCH'],
    path: `${MLFLOW}registered-models/update`,
    tag: 'mlflow',
    summary: "Set a registered model's description",
    fields: z.object({ name: requiredString, description: optionalString }),
    response: ModelAnswer,
  }),
  deleteModel: defineRoute({
    methods: ['DELETE'],
    path: `${MLFLOW}registered-models/delete`,
    tag: 'mlflow',
    summary: 'Delete a registered model with all its versions',
    fields: byName,
    response: Empty,
  }),
  searchModels: defineRoute({
    methods: READ,
    path: `${MLFLOW}registered-models/search`,
    tag: 'mlflow',
    summary: 'Registered models matching a filter, a page at a time',
    fields: RegistrySearchFields,
    response: z.object({ registered_models: z.array(RegisteredModelWire), next_page_token: z.string().optional() }),
  }),
  latestVersions: defineRoute({
    methods: READ,
    path: `${MLFLOW}registered-models/get-latest-versions`,
    tag: 'mlflow',
    summary: 'The newest version of each stage (or of the stages named)',
    fields: z.object({ name: requiredString, stages: stringList.optional() }),
    response: z.object({ model_versions: z.array(ModelVersionWire) }),
  }),
  setModelTag: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}registered-models/set-tag`,
    tag: 'mlflow',
    summary: 'Set a tag on a registered model',
    fields: z.object({ name: requiredString, key: requiredString, value: z.string().nullish() }),
    response: Empty,
  }),
  deleteModelTag: defineRoute({
    methods: ['DELETE'],
    path: `${MLFLOW}registered-models/delete-tag`,
    tag: 'mlflow',
    summary: "Delete a registered model's tag",
    fields: z.object({ name: requiredString, key: requiredString }),
    response: Empty,
  }),
  getAlias: defineRoute({
    methods: ['GET'],
    path: `${MLFLOW}registered-models/alias`,
    tag: 'mlflow',
    summary: 'The version an alias points at',
    fields: z.object({ name: requiredString, alias: requiredString }),
    response: VersionAnswer,
  }),
  setAlias: defineRoute({
    methods: ['POST'],
    path: `${MLFLOW}registered-models/alias`,
    tag: 'mlflow',
    summary: "Point an alias at a version (ignores the alias's gates, as MLflow has none)",
    fields: z.object({ name: requiredString, alias: requiredString, version, user_id: userId }),
    response: Empty,
  }),
  deleteAlias: defineRoute({
    methods: ['DELETE'],
    path: `${MLFLOW}registered-models/alias`,
    tag: 'mlflow',
    summary: 'Delete an alias',
    fields: z.object({ name: requiredString, alias: requiredString, user_id: userId }),
    response: Empty,
  }),
  createVersion: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}model-versions/create`,
    tag: 'mlflow',
    summary: "Register a run's model as the next version",
    fields: z.object({
      name: requiredString,
      source: requiredString,
      run_id: optionalString,
      tags: z.array(tag).optional(),
      run_link: optionalString,
      description: optionalString,
      user_id: userId,
    }),
    response: VersionAnswer,
  }),
  getVersion: defineRoute({ methods: READ, path: `${MLFLOW}model-versions/get`, tag: 'mlflow', summary: 'One model version', fields: versionKey, response: VersionAnswer }),
  updateVersion: defineRoute({
    methods: ['PATCH'],
    path: `${MLFLOW}model-versions/update`,
    tag: 'mlflow',
    summary: "Set a model version's description",
    fields: z.object({ name: requiredString, version, description: optionalString }),
    response: VersionAnswer,
  }),
  deleteVersion: defineRoute({
    methods: ['DELETE'],
    path: `${MLFLOW}model-versions/delete`,
    tag: 'mlflow',
    summary: 'Delete a model version',
    fields: versionKey,
    response: Empty,
  }),
  searchVersions: defineRoute({
    methods: READ,
    path: `${MLFLOW}model-versions/search`,
    tag: 'mlflow',
    summary: 'Model versions matching a filter, a page at a time',
    fields: RegistrySearchFields,
    response: z.object({ model_versions: z.array(ModelVersionWire), next_page_token: z.string().optional() }),
  }),
  setVersionTag: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}model-versions/set-tag`,
    tag: 'mlflow',
    summary: 'Set a tag on a model version',
    fields: z.object({ name: requiredString, version, key: requiredString, value: z.string().nullish() }),
    response: Empty,
  }),
  deleteVersionTag: defineRoute({
    methods: ['DELETE'],
    path: `${MLFLOW}model-versions/delete-tag`,
    tag: 'mlflow',
    summary: "Delete a model version's tag",
    fields: z.object({ name: requiredString, version, key: requiredString }),
    response: Empty,
  }),
  downloadUri: defineRoute({
    methods: READ,
    path: `${MLFLOW}model-versions/get-download-uri`,
    tag: 'mlflow',
    summary: "Where a version's files are",
    fields: versionKey,
    response: z.object({ artifact_uri: z.string() }),
  }),
  transitionStage: defineRoute({
    methods: WRITE,
    path: `${MLFLOW}model-versions/transition-stage`,
    tag: 'mlflow',
    summary: "Move a version to a stage (MLflow's deprecated stages)",
    fields: z.object({
      name: requiredString,
      version,
      stage: requiredString,
      archive_existing_versions: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
    }),
    response: VersionAnswer,
  }),
} as const;
