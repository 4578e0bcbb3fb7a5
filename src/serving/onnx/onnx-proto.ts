import { ProtobufWriter } from './protobuf-writer.js';

/**
 * Encoders for the part of onnx.proto an exporter needs. Field numbers are ONNX's
 * (onnx/onnx.proto, stable since IR version 3); only float32 and int64 tensors are written.
 */

/** TensorProto.DataType values (initializers are written for FLOAT and INT64 only). */
export const ONNX_DATA_TYPE = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;
export type OnnxDataType = (typeof ONNX_DATA_TYPE)[keyof typeof ONNX_DATA_TYPE];

/** A dimension: a size, or a symbolic name (`batch`) for one the model leaves open. */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  elemType: OnnxDataType;
  shape: readonly OnnxDim[];
}

export type OnnxTensor =
  | { name: string; dims: readonly number[]; dataType: typeof ONNX_DATA_TYPE.FLOAT; data: Float32Array }
  | { name: string; dims: readonly number[]; dataType: typeof ONNX_DATA_TYPE.INT64; data: BigInt64Array };

export type OnnxAttribute = { name: string; int: number } | { name: string; float: number } | { name: string; ints: readonly number[] };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: readonly OnnxAttribute[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion?: string;
  graph: OnnxGraph;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const opset = new ProtobufWriter().string(1, '').int64(2, model.opsetVersion).finish();
  const w = new ProtobufWriter().int64(1, model.irVersion).string(2, model.producerName);
  if (model.producerVersion !== undefined) w.string(3, model.producerVersion);
  return w.message(7, encodeGraph(model.graph)).message(8, opset).finish();
}

function encodeGraph(graph: OnnxGraph): Uint8Array {
  const w = new ProtobufWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const t of graph.initializers) w.message(5, encodeTensor(t));
  for (const v of graph.inputs) w.message(11, encodeValueInfo(v));
  for (const v of graph.outputs) w.message(12, encodeValueInfo(v));
  return w.finish();
}

function encodeNode(node: OnnxNode): Uint8Array {
  const w = new ProtobufWriter();
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  if (node.name !== undefined) w.string(3, node.name);
  w.string(4, node.opType);
  for (const a of node.attributes ?? []) w.message(5, encodeAttribute(a));
  return w.finish();
}

// AttributeProto.AttributeType: FLOAT 1, INT 2, INTS 7.
function encodeAttribute(a: OnnxAttribute): Uint8Array {
  const w = new ProtobufWriter().string(1, a.name);
  if ('int' in a) return w.int64(3, a.int).int64(20, 2).finish();
  if ('float' in a) return w.float(2, a.float).int64(20, 1).finish();
  return w.packedInt64(8, a.ints).int64(20, 7).finish();
}

function encodeTensor(t: OnnxTensor): Uint8Array {
  // raw_data is little-endian, which is every platform Node runs on.
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return new ProtobufWriter().packedInt64(1, t.dims).int64(2, t.dataType).string(8, t.name).bytes(9, raw).finish();
}

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const shape = new ProtobufWriter();
  for (const d of v.shape) {
    const dim = typeof d === 'number' ? new ProtobufWriter().int64(1, d) : new ProtobufWriter().string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new ProtobufWriter().int64(1, v.elemType).message(2, shape.finish()).finish();
  const type = new ProtobufWriter().message(1, tensorType).finish();
  return new ProtobufWriter().string(1, v.name).message(2, type).finish();
}
