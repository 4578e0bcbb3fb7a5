import { z } from 'zod';
import { ErrorBody } from './common.js';
import { defineRoute, rawResponse } from './route-contract.js';

// The inference server's routes (docs/serving.md): Open Inference Protocol v2 REST (KServe,
// Triton) under /v2, MLflow's scoring protocol at /invocations and /ping, and Prometheus'
// /metrics. `fw serve` serves them alone, `fw server` beside the rest. OIP's errors are
// `{"error": "..."}`; MLflow's scoring routes answer MLflow's `{error_code, message}`.
// https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/

/** OIP's error body. */
export const OipErrorBody = z.object({ error: z.string() }).meta({ id: 'OipError' });

const Parameters = z.record(z.string(), z.unknown());

export const OipTensorMetadata = z
  .object({ name: z.string(), datatype: z.string().describe('FP32, INT64, BYTES, ...'), shape: z.array(z.number().int()).describe('-1 for a dynamic dimension') })
  .meta({ id: 'OipTensorMetadata' });

/**
 * An inference request. The handler checks it with this schema after the model is found (so
 * an unknown model is a 404 before the body's problems); each input's `data` is then decoded
 * against its shape and datatype.
 */
export const OipInferRequest = z
  .object({
    id: z.string().optional(),
    parameters: Parameters.optional(),
    inputs: z
      .array(
        z.object({
          name: z.string().min(1),
          shape: z.array(z.number().int().nonnegative()),
          datatype: z.string(),
          parameters: Parameters.optional(),
          data: z.unknown().describe('The tensor: flat or nested, row-major'),
        }),
      )
      .min(1, 'at least one input is required'),
    outputs: z.array(z.object({ name: z.string().min(1), parameters: Parameters.optional() })).optional(),
  })
  .meta({ id: 'OipInferRequest' });

export const OipInferResponse = z
  .object({
    model_name: z.string(),
    model_version: z.string(),
    id: z.string().optional(),
    parameters: Parameters.optional(),
    outputs: z.array(
      z.object({
        name: z.string(),
        shape: z.array(z.number().int()),
        datatype: z.string(),
        parameters: Parameters.optional(),
        data: z.array(z.unknown()).describe('Flat, row-major; 64-bit integers exact'),
      }),
    ),
  })
  .meta({ id: 'OipInferResponse' });

export const OipModelMetadata = z
  .object({
    name: z.string(),
    versions: z.array(z.string()),
    platform: z.string(),
    inputs: z.array(OipTensorMetadata),
    outputs: z.array(OipTensorMetadata),
  })
  .meta({ id: 'OipModelMetadata' });

/** MLflow's scoring request: exactly one of inputs, instances, dataframe_split, dataframe_records (checked by the handler against the model's signature). */
export const MlflowScoringRequest = z
  .object({
    inputs: z.unknown().optional().describe('A tensor (nested list) for a model with one input, or {name: tensor}'),
    instances: z.array(z.unknown()).optional().describe('Rows: each a tensor row, or {name: row}'),
    dataframe_split: z.object({ columns: z.array(z.string()).optional(), data: z.array(z.unknown()) }).optional(),
    dataframe_records: z.array(z.record(z.string(), z.unknown())).optional(),
    params: z.record(z.string(), z.unknown()).optional().describe('Accepted and ignored'),
  })
  .meta({ id: 'MlflowScoringRequest' });

export const MlflowScoringResponse = z.object({ predictions: z.unknown().describe('The one output as a nested list, or {name: nested list}') });

const ModelParams = z.object({ name: z.string() });
const VersionParams = z.object({ name: z.string(), version: z.string() });
const ScoringQuery = z.object({ model: z.string().optional(), version: z.string().optional() });
const ModelReady = z.object({ name: z.string(), ready: z.boolean() });
/** Health and readiness answer 400 with their body when false ("4xx indicates false"). */
const readyOrError = <S extends z.ZodType>(s: S) => z.union([s, OipErrorBody]);

const oip = { tag: 'inference', errorBody: OipErrorBody } as const;

export const inferenceRoutes = {
  live: defineRoute({ ...oip, methods: ['GET'], path: '/v2/health/live', summary: 'The server is live', response: z.object({ live: z.boolean() }) }),
  ready: defineRoute({
    ...oip,
    methods: ['GET'],
    path: '/v2/health/ready',
    summary: 'Every served model is ready (400 with ready false otherwise)',
    response: z.object({ ready: z.boolean() }),
    errorBody: readyOrError(z.object({ ready: z.literal(false) })),
  }),
  server: defineRoute({
    ...oip,
    methods: ['GET'],
    path: '/v2',
    summary: "The server's name, version and extensions",
    response: z.object({ name: z.string(), version: z.string(), extensions: z.array(z.string()) }),
  }),
  model: defineRoute({ ...oip, methods: ['GET'], path: '/v2/models/:name', summary: "A model's metadata: versions, platform, inputs, outputs", params: ModelParams, response: OipModelMetadata }),
  modelVersion: defineRoute({
    ...oip,
    methods: ['GET'],
    path: '/v2/models/:name/versions/:version',
    summary: "One version's metadata",
    params: VersionParams,
    response: OipModelMetadata,
  }),
  modelReady: defineRoute({
    ...oip,
    methods: ['GET'],
    path: '/v2/models/:name/ready',
    summary: 'The model is ready (400 with ready false otherwise)',
    params: ModelParams,
    response: ModelReady,
    errorBody: readyOrError(ModelReady),
  }),
  modelVersionReady: defineRoute({
    ...oip,
    methods: ['GET'],
    path: '/v2/models/:name/versions/:version/ready',
    summary: 'The version is ready (400 with ready false otherwise)',
    params: VersionParams,
    response: ModelReady,
    errorBody: readyOrError(ModelReady),
  }),
  infer: defineRoute({
    ...oip,
    methods: ['POST'],
    path: '/v2/models/:name/infer',
    summary: 'Inference on the served version (header x-model-version names it)',
    params: ModelParams,
    body: OipInferRequest,
    response: OipInferResponse,
  }),
  inferVersion: defineRoute({
    ...oip,
    methods: ['POST'],
    path: '/v2/models/:name/versions/:version/infer',
    summary: 'Inference on one version',
    params: VersionParams,
    body: OipInferRequest,
    response: OipInferResponse,
  }),
  ping: defineRoute({ methods: ['GET'], path: '/ping', tag: 'inference', summary: "MLflow's health check", response: rawResponse('text/plain', 'A newline') }),
  invocations: defineRoute({
    methods: ['POST'],
    path: '/invocations',
    tag: 'inference',
    summary: 'MLflow scoring: the one served model, or the one named by ?model=name&version=v',
    query: ScoringQuery,
    body: MlflowScoringRequest,
    response: MlflowScoringResponse,
    errorBody: ErrorBody,
  }),
  modelInvocations: defineRoute({
    methods: ['POST'],
    path: '/v2/models/:name/invocations',
    tag: 'inference',
    summary: 'MLflow scoring of a model by path',
    params: ModelParams,
    body: MlflowScoringRequest,
    response: MlflowScoringResponse,
    errorBody: ErrorBody,
  }),
  versionInvocations: defineRoute({
    methods: ['POST'],
    path: '/v2/models/:name/versions/:version/invocations',
    tag: 'inference',
    summary: 'MLflow scoring of one version',
    params: VersionParams,
    body: MlflowScoringRequest,
    response: MlflowScoringResponse,
    errorBody: ErrorBody,
  }),
  metrics: defineRoute({
    methods: ['GET'],
    path: '/metrics',
    tag: 'inference',
    summary: 'Prometheus metrics: requests, latency, batch sizes, queue time, loaded models',
    response: rawResponse('text/plain; version=0.0.4', "Prometheus' text format"),
  }),
} as const;
