import { z } from 'zod';
import {
  MODEL_VERSION_STAGES,
  MODEL_VERSION_STATUSES,
  type AliasEvent,
  type ModelFileEntry,
  type ModelVersion,
  type RegisteredModel,
} from '../core/registry-types.js';
import { ProtoDouble } from './common.js';
import { doubleFromWire, encodeDouble } from './proto-json.js';
import { defineRoute, rawResponse } from './route-contract.js';

// The model registry's JSON (docs/models-api.md): MLflow's RegisteredModel and ModelVersion
// messages (versions are strings, times epoch ms) with Flywheel's fields beside MLflow's in
// the same object, Flywheel's /api/v1/models routes, and the one mapping to and from the
// camelCase types of src/core/registry-types.ts that the server and the SDK both use. The
// MLflow routes themselves are in mlflow-registry.ts.

const int = z.number().int();
/**
 * Protobuf's JSON leaves out fields that hold their default (an empty string or list), as
 * MLflow's own server does: the SDK reads those of MLflow's fields as their default.
 */
const protoString = z.string().default('');

export const RegistryTagWire = z.object({ key: z.string(), value: z.string().default('') }).meta({ id: 'RegistryTag' });

export const TensorSpecWire = z
  .object({
    name: z.string(),
    datatype: z.string().describe('An OIP datatype: FP32, INT64, BYTES, ...'),
    shape: z.array(int).describe('-1 for a dynamic dimension'),
  })
  .meta({ id: 'TensorSpec' });

export const ModelVersionWire = z
  .object({
    name: z.string(),
    version: z.string(),
    creation_timestamp: int,
    last_updated_timestamp: int,
    user_id: protoString,
    current_stage: z.enum(MODEL_VERSION_STAGES).default('None'),
    description: protoString,
    source: protoString,
    run_id: protoString,
    run_link: protoString,
    status: z.enum(MODEL_VERSION_STATUSES).default('READY'),
    status_message: protoString,
    tags: z.array(RegistryTagWire).default([]),
    aliases: z.array(z.string()).default([]).describe('The aliases that point at this version'),
    format: z.string().describe('onnx | tfjs-layers | tfjs-graph'),
    signature: z.object({ inputs: z.array(TensorSpecWire), outputs: z.array(TensorSpecWire) }),
    metrics: z.record(z.string(), ProtoDouble).describe("The source run's latest metrics at registration"),
    datasets: z.array(z.object({ name: z.string(), digest: z.string() })).describe("The source run's dataset inputs"),
    files: int.describe('How many files the version has'),
    size_bytes: z.number(),
  })
  .meta({ id: 'ModelVersion' });
export type ModelVersionWire = z.infer<typeof ModelVersionWire>;

export const RegisteredModelWire = z
  .object({
    name: z.string(),
    creation_timestamp: int,
    last_updated_timestamp: int,
    description: protoString,
    latest_versions: z.array(ModelVersionWire).default([]).describe('The newest version of each stage'),
    tags: z.array(RegistryTagWire).default([]),
    aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]),
  })
  .meta({ id: 'RegisteredModel' });
export type RegisteredModelWire = z.infer<typeof RegisteredModelWire>;

export const AliasEventWire = z
  .object({
    alias: z.string(),
    action: z.enum(['set', 'delete']),
    from_version: z.string().nullable().describe('Null when the alias did not exist before'),
    to_version: z.string().nullable().describe('Null for a delete'),
    user_id: z.string(),
    time: int,
  })
  .meta({ id: 'AliasEvent' });
export type AliasEventWire = z.infer<typeof AliasEventWire>;

export const ModelFileWire = z.object({ path: z.string(), size: z.number(), sha256: z.string() }).meta({ id: 'ModelFile' });
export type ModelFileWire = z.infer<typeof ModelFileWire>;

/**
 * A promotion gate in its file form (snake_case), a one-key map. Validated by the registry
 * (with each problem's path), so requests take any JSON and answers are checked here.
 */
export const GateSpecWire = z
  .union([
    z.object({ metric: z.object({ metric: z.string(), op: z.enum(['>=', '>', '<=', '<']), value: z.number() }) }),
    z.object({
      beats_current: z.object({
        dataset: z.string(),
        file: z.string(),
        label: z.string(),
        features: z.array(z.string()).optional(),
        classes: z.array(z.string()).optional(),
        metric: z.enum(['accuracy', 'rmse', 'mae']),
        min_improvement: z.number(),
      }),
    }),
    z.object({ latency: z.object({ p99_ms: z.number(), batch_size: int, runs: int }) }),
  ])
  .meta({ id: 'Gate' });
export type GateSpecWire = z.infer<typeof GateSpecWire>;

export const GateReportWire = z
  .object({
    name: z.string(),
    version: z.string(),
    alias: z.string(),
    passed: z.boolean(),
    results: z.array(z.object({ gate: GateSpecWire, passed: z.boolean(), detail: z.string().describe('What was measured: "val_acc 0.967 >= 0.9"') })),
  })
  .meta({ id: 'GateReport' });
export type GateReportWire = z.infer<typeof GateReportWire>;

const versionField = z.union([z.string().regex(/^\d+$/, 'must be a version number'), z.number().int().min(1)]);
const NameParams = z.object({ name: z.string() });
const AliasParams = z.object({ name: z.string(), alias: z.string() });
const VersionParams = z.object({ name: z.string(), version: z.string() });

export const modelsRoutes = {
  files: defineRoute({
    methods: ['GET'],
    path: '/api/v1/models/:name/versions/:version/files',
    tag: 'models',
    summary: "A version's files: path, size, sha256",
    params: VersionParams,
    response: z.object({ files: z.array(ModelFileWire) }),
  }),
  file: defineRoute({
    methods: ['GET'],
    path: '/api/v1/models/:name/versions/:version/files/*',
    tag: 'models',
    summary: "One of a version's files",
    params: z.object({ name: z.string(), version: z.string(), '*': z.string() }),
    response: rawResponse('application/octet-stream', "The file's bytes"),
  }),
  resolve: defineRoute({
    methods: ['GET'],
    path: '/api/v1/models/:name/resolve',
    tag: 'models',
    summary: 'The version a ref names: a version number, an alias, or latest',
    params: NameParams,
    query: z.object({ ref: z.union([z.string(), z.array(z.string())]).optional() }),
    response: z.object({ model_version: ModelVersionWire }),
  }),
  gates: defineRoute({
    methods: ['GET'],
    path: '/api/v1/models/:name/gates',
    tag: 'models',
    summary: "Each alias's promotion gates, in their file form",
    params: NameParams,
    response: z.object({ gates: z.record(z.string(), z.array(GateSpecWire)) }),
  }),
  setGates: defineRoute({
    methods: ['PUT'],
    path: '/api/v1/models/:name/gates/:alias',
    tag: 'models',
    summary: "Replace an alias's gates (an empty list removes them)",
    params: AliasParams,
    body: z.strictObject({ gates: z.array(z.unknown()).describe('Gates in their file form; the registry checks each') }),
    response: z.object({ gates: z.array(GateSpecWire) }),
  }),
  check: defineRoute({
    methods: ['POST'],
    path: '/api/v1/models/:name/aliases/:alias/check',
    tag: 'models',
    summary: "Run an alias's gates for a version without moving anything",
    params: AliasParams,
    body: z.strictObject({ version: versionField }),
    response: z.object({ report: GateReportWire }),
  }),
  promote: defineRoute({
    methods: ['POST'],
    path: '/api/v1/models/:name/aliases/:alias',
    tag: 'models',
    summary: 'Point an alias at a version once its gates pass (force skips them)',
    params: AliasParams,
    body: z.strictObject({ version: versionField, force: z.boolean().optional(), user_id: z.string().max(256).optional() }),
    response: z.object({ model_version: ModelVersionWire, report: GateReportWire.nullable() }),
  }),
  aliasHistory: defineRoute({
    methods: ['GET'],
    path: '/api/v1/models/:name/alias-history',
    tag: 'models',
    summary: 'Every move of every alias, newest first',
    params: NameParams,
    response: z.object({ events: z.array(AliasEventWire) }),
  }),
} as const;

export function modelVersionToWire(v: ModelVersion): ModelVersionWire {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTime,
    last_updated_timestamp: v.lastUpdatedTime,
    user_id: v.userId,
    current_stage: v.currentStage,
    description: v.description,
    source: v.source,
    run_id: v.runId,
    run_link: '',
    status: v.status,
    status_message: v.statusMessage,
    tags: v.tags,
    aliases: v.aliases,
    format: v.format,
    signature: v.signature,
    // JSON has no NaN or ±Infinity: they travel as strings, as in MLflow's metric values.
    metrics: Object.fromEntries(Object.entries(v.metrics).map(([k, x]) => [k, encodeDouble(x)])),
    datasets: v.datasets,
    files: v.files,
    size_bytes: v.sizeBytes,
  };
}

export function modelVersionFromWire(w: ModelVersionWire): ModelVersion {
  return {
    name: w.name,
    version: Number(w.version),
    creationTime: w.creation_timestamp,
    lastUpdatedTime: w.last_updated_timestamp,
    description: w.description,
    userId: w.user_id,
    source: w.source,
    runId: w.run_id,
    status: w.status,
    statusMessage: w.status_message,
    currentStage: w.current_stage,
    tags: w.tags,
    aliases: w.aliases,
    format: w.format,
    signature: w.signature,
    metrics: Object.fromEntries(Object.entries(w.metrics).map(([k, x]) => [k, doubleFromWire(x)])),
    datasets: w.datasets,
    // Not on the wire: the server's own reference to the version's file listing.
    manifestHash: '',
    files: w.files,
    sizeBytes: w.size_bytes,
  };
}

export function registeredModelToWire(m: RegisteredModel): RegisteredModelWire {
  return {
    name: m.name,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime,
    description: m.description,
    latest_versions: m.latestVersions.map(modelVersionToWire),
    tags: m.tags,
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}

export function registeredModelFromWire(w: RegisteredModelWire): RegisteredModel {
  return {
    name: w.name,
    description: w.description,
    creationTime: w.creation_timestamp,
    lastUpdatedTime: w.last_updated_timestamp,
    tags: w.tags,
    aliases: w.aliases.map((a) => ({ alias: a.alias, version: Number(a.version) })),
    latestVersions: w.latest_versions.map(modelVersionFromWire),
  };
}

export function aliasEventToWire(e: AliasEvent): AliasEventWire {
  return {
    alias: e.alias,
    action: e.action,
    from_version: e.fromVersion === null ? null : String(e.fromVersion),
    to_version: e.toVersion === null ? null : String(e.toVersion),
    user_id: e.userId,
    time: e.time,
  };
}

/** The wire has no model name in each event: the route's `name` is given back. */
export function aliasEventFromWire(w: AliasEventWire, name: string): AliasEvent {
  return {
    name,
    alias: w.alias,
    action: w.action,
    fromVersion: w.from_version === null ? null : Number(w.from_version),
    toVersion: w.to_version === null ? null : Number(w.to_version),
    userId: w.user_id,
    time: w.time,
  };
}

export function modelFileToWire(f: ModelFileEntry): ModelFileWire {
  return { path: f.path, size: f.size, sha256: f.sha256 };
}
