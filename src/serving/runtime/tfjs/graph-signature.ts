import type * as tf from '@tensorflow/tfjs';
import { invalidArgument } from '../../../core/errors.js';
import type { ModelSignature, TensorDatatype, TensorSpec } from '../runtime-types.js';
import type { ModelJson } from './model-json.js';

const FROM_DT: Record<string, TensorDatatype> = { DT_FLOAT: 'FP32', DT_INT32: 'INT32', DT_BOOL: 'BOOL', DT_STRING: 'BYTES' };
const FROM_TF: Partial<Record<tf.DataType, TensorDatatype>> = { float32: 'FP32', int32: 'INT32', bool: 'BOOL', string: 'BYTES' };

interface TensorShapeJson {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}
interface NodeJson {
  name: string;
  attr?: Record<string, { type?: string; shape?: TensorShapeJson; list?: { shape?: TensorShapeJson[] } }>;
}
interface SignatureEntryJson {
  name?: string;
  dtype?: string;
  tensorShape?: TensorShapeJson;
}

type GraphTensorInfo = tf.GraphModel['inputs'][number];

export interface GraphSignature {
  signature: ModelSignature;
  /** Tensors whose rank the model does not record. */
  unknownRank: Set<string>;
}

/**
 * A graph model's signature. Inputs are its placeholders, which carry dtype and shape. An
 * output node (an Identity, usually) records neither in the attributes TF.js reads, so they
 * come from model.json's `signature` (which the converter writes for SavedModels), else from
 * the node's `T`/`dtype` and `_output_shapes` attributes; a shape found nowhere is left
 * open (unknownRank), which also makes the model not batchable.
 */
export function graphSignature(json: ModelJson, model: tf.GraphModel): GraphSignature {
  const topology = json.modelTopology as { node?: NodeJson[] } | undefined;
  const nodes = new Map((topology?.node ?? []).map((n) => [n.name, n]));
  const declared = new Map<string, SignatureEntryJson>();
  const sig = json.signature as { inputs?: Record<string, SignatureEntryJson>; outputs?: Record<string, SignatureEntryJson> } | undefined;
  for (const entry of [...Object.values(sig?.inputs ?? {}), ...Object.values(sig?.outputs ?? {})]) {
    if (entry.name) declared.set(entry.name.replace(/:0$/, ''), entry);
  }
  const unknownRank = new Set<string>();
  const spec = (info: GraphTensorInfo, role: string): TensorSpec => {
    const entry = declared.get(info.name);
    const attr = nodes.get(info.name)?.attr ?? {};
    const datatype =
      (info.dtype ? FROM_TF[info.dtype as tf.DataType] : undefined) ?? FROM_DT[entry?.dtype ?? ''] ?? FROM_DT[attr.dtype?.type ?? ''] ?? FROM_DT[attr.T?.type ?? ''];
    if (!datatype) throw invalidArgument(`${role} ${info.name} has a dtype (${info.dtype ?? entry?.dtype ?? attr.T?.type ?? 'unknown'}) that cannot be served`);
    const shape = info.shape ?? readShape(entry?.tensorShape) ?? readShape(attr._output_shapes?.list?.shape?.[0]);
    if (!shape) unknownRank.add(info.name);
    return { name: info.name, datatype, shape: (shape ?? []).map((d: number) => (d < 0 ? -1 : d)) };
  };
  return {
    signature: { inputs: model.inputs.map((i) => spec(i, 'input')), outputs: model.outputs.map((o) => spec(o, 'output')) },
    unknownRank,
  };
}

function readShape(shape: TensorShapeJson | undefined): number[] | undefined {
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => Number(d.size ?? -1));
}
