/**
 * What the inference server, the registry (format and signature detection at registration,
 * latency gates) and edge export need from a loaded model, whatever its format. Tensors use
 * the Open Inference Protocol's datatype names so the server passes them through unchanged.
 */

export const MODEL_FORMATS = ['onnx', 'tfjs-layers', 'tfjs-graph'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** Open Inference Protocol v2 datatypes. */
export const TENSOR_DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'] as const;
export type TensorDatatype = (typeof TENSOR_DATATYPES)[number];

export interface TensorSpec {
  name: string;
  datatype: TensorDatatype;
  /** -1 where the model accepts any size (the batch dimension, usually). */
  shape: number[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | boolean[]
  | string[];

/** A tensor in row-major order; `data.length` is the product of `shape`. */
export interface Tensor {
  name: string;
  datatype: TensorDatatype;
  shape: number[];
  data: TensorData;
}

export interface LoadedModel {
  format: ModelFormat;
  signature: ModelSignature;
  /**
   * Whether inputs of several requests may be concatenated along dimension 0 and the outputs
   * split back (every input and output has a dynamic first dimension).
   */
  batchable: boolean;
  /** Runs the model; `outputs` limits what is returned (default: every output). Safe to call concurrently. */
  run(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<Tensor[]>;
  /** Frees the model's memory; `run` must not be called after. */
  close(): Promise<void>;
}

/** A model's files, by path relative to the model's root (`model.onnx`, `model.json`, `group1-shard1of1.bin`). */
export type ModelFiles = ReadonlyMap<string, Uint8Array>;
