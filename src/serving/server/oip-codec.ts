import { OipInferRequest } from '../../contracts/index.js';
import { invalidArgument, parseRequest } from '../../core/index.js';
import type { Tensor } from '../runtime/runtime-types.js';
import { decodeTensor, tensorDataJson } from './tensor-codec.js';

/**
 * Open Inference Protocol v2 (KServe) REST bodies: the inference request and response.
 * https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/
 */

// The request's schema is the route contract's (src/contracts/inference.ts).

export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: Tensor[];
  /** The outputs asked for by name; undefined: every output. */
  outputs?: string[];
}

/** Decodes an inference request body; throws INVALID_ARGUMENT with the problems. */
export function decodeInferRequest(body: unknown): InferRequest {
  const parsed = parseRequest(OipInferRequest, body);
  const request: InferRequest = {
    inputs: parsed.inputs.map((input, i) => {
      if (input.data === undefined) throw invalidArgument(`inputs[${i}] (${input.name}): data is required`);
      return decodeTensor({ name: input.name, shape: input.shape, datatype: input.datatype, data: input.data }, `inputs[${i}]`);
    }),
  };
  if (parsed.id !== undefined) request.id = parsed.id;
  if (parsed.parameters !== undefined) request.parameters = parsed.parameters;
  if (parsed.outputs !== undefined) request.outputs = parsed.outputs.map((o) => o.name);
  return request;
}

/**
 * The inference response as JSON text, written directly: tensors' data go out through
 * `tensorDataJson` (exact 64-bit integers, no intermediate arrays).
 */
export function encodeInferResponse(response: { modelName: string; modelVersion: string; id?: string; outputs: readonly Tensor[] }): string {
  const outputs = response.outputs.map(
    (t) => `{"name":${JSON.stringify(t.name)},"datatype":"${t.datatype}","shape":[${t.shape.join(',')}],"data":${tensorDataJson(t)}}`,
  );
  const id = response.id === undefined ? '' : `,"id":${JSON.stringify(response.id)}`;
  return `{"model_name":${JSON.stringify(response.modelName)},"model_version":${JSON.stringify(response.modelVersion)}${id},"outputs":[${outputs.join(',')}]}`;
}
