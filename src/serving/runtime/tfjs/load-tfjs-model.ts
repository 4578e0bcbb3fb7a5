import * as tf from '@tensorflow/tfjs';
import { FlywheelError, invalidArgument } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { checkInputs, isBatchable, selectOutputs } from '../check-inputs.js';
import type { LoadedModel, ModelFiles, ModelSignature, Tensor, TensorData, TensorDatatype, TensorSpec } from '../runtime-types.js';
import { filesIOHandler } from './files-io.js';
import { graphSignature } from './graph-signature.js';
import { MODEL_JSON, readModelJson } from './model-json.js';
import { useWasmBackend } from './tf-backend.js';

const FROM_TF: Partial<Record<tf.DataType, TensorDatatype>> = { float32: 'FP32', int32: 'INT32', bool: 'BOOL', string: 'BYTES' };
const TO_TF: Partial<Record<TensorDatatype, tf.DataType>> = { FP32: 'float32', INT32: 'int32', BOOL: 'bool', BYTES: 'string' };

type Kind = 'tfjs-layers' | 'tfjs-graph';

interface Executor {
  /** Runs on tensors in signature-input order; returns the outputs named, in that order. */
  execute(inputs: tf.Tensor[], outputs: readonly TensorSpec[]): Promise<tf.Tensor[]>;
  dispose(): void;
}

/** Loads a TF.js layers or graph model (model.json and its weight shards) on the WASM backend. */
export async function loadTfjsModel(files: ModelFiles, kind: Kind, logger: Logger): Promise<LoadedModel> {
  await useWasmBackend((m) => logger.warn(m));
  const json = readModelJson(files);
  const handler = filesIOHandler(files);
  const what = kind === 'tfjs-layers' ? 'TF.js layers' : 'TF.js graph';
  let model: tf.LayersModel | tf.GraphModel;
  try {
    model = kind === 'tfjs-layers' ? await tf.loadLayersModel(handler) : await tf.loadGraphModel(handler);
  } catch (err) {
    throw new FlywheelError('INVALID_ARGUMENT', `${MODEL_JSON} is not a valid ${what} model: ${(err as Error).message}`, { cause: err });
  }
  try {
    if (model instanceof tf.GraphModel) {
      const { signature, unknownRank } = graphSignature(json, model);
      return new TfjsModel(kind, signature, unknownRank, graphExecutor(model));
    }
    // Tensor names get a process-wide counter (dense1_input_1 for the second model loaded);
    // originalName is the one model.json gives, so a version's signature is the same in every process.
    const name = (t: tf.SymbolicTensor) => t.originalName ?? t.name;
    const signature = {
      inputs: model.inputs.map((t) => toSpec(name(t), t.shape, t.dtype)),
      outputs: model.outputs.map((t) => toSpec(name(t), t.shape, t.dtype)),
    };
    return new TfjsModel(kind, signature, new Set(), layersExecutor(model, signature.outputs));
  } catch (err) {
    model.dispose();
    throw err;
  }
}

function toSpec(name: string, shape: readonly (number | null)[], dtype: tf.DataType): TensorSpec {
  const datatype = FROM_TF[dtype];
  if (!datatype) throw invalidArgument(`tensor ${name} has dtype ${dtype}, which cannot be served`);
  return { name, datatype, shape: shape.map((d) => (d === null || d < 0 ? -1 : d)) };
}

function layersExecutor(model: tf.LayersModel, outputSpecs: readonly TensorSpec[]): Executor {
  const names = outputSpecs.map((s) => s.name);
  return {
    execute: (inputs, outputs) => {
      // predictOnBatch runs the request as one batch; predict would cut it into slices of 32.
      const all = model.predictOnBatch(inputs.length === 1 ? inputs[0]! : inputs);
      const list = Array.isArray(all) ? all : [all];
      const picked = outputs.map((s) => list[names.indexOf(s.name)]!);
      // Every output is computed; free the ones nobody asked for.
      tf.dispose(list.filter((t) => !picked.includes(t)));
      return Promise.resolve(picked);
    },
    dispose: () => model.dispose(),
  };
}

function graphExecutor(model: tf.GraphModel): Executor {
  // execute is synchronous and quiet; executeAsync handles control flow and dynamic shapes
  // but logs a hint to use execute on every call where it was not needed. So: execute, and
  // executeAsync for good once execute has refused (TF.js names no error type to tell by).
  let needsAsync = false;
  return {
    execute: async (inputs, outputs) => {
      const feeds: tf.NamedTensorMap = {};
      model.inputs.forEach((info, i) => (feeds[info.name] = inputs[i]!));
      const names = outputs.map((s) => s.name);
      let result: tf.Tensor | tf.Tensor[];
      if (needsAsync) {
        result = await model.executeAsync(feeds, names);
      } else {
        try {
          result = model.execute(feeds, names);
        } catch (err) {
          result = await model.executeAsync(feeds, names).catch(() => Promise.reject(err));
          needsAsync = true;
        }
      }
      return Array.isArray(result) ? result : [result];
    },
    dispose: () => model.dispose(),
  };
}

class TfjsModel implements LoadedModel {
  readonly batchable: boolean;
  private closed = false;

  constructor(
    readonly format: Kind,
    readonly signature: ModelSignature,
    private readonly unknownRank: ReadonlySet<string>,
    private readonly executor: Executor,
  ) {
    this.batchable = isBatchable(signature);
  }

  async run(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<Tensor[]> {
    if (this.closed) throw new FlywheelError('FAILED_PRECONDITION', 'the model is closed');
    checkInputs(this.signature, inputs, { unknownRank: this.unknownRank });
    const wanted = selectOutputs(this.signature, outputs);
    const byName = new Map(inputs.map((t) => [t.name, t]));
    const xs = this.signature.inputs.map((spec) => toTf(byName.get(spec.name)!));
    let ys: tf.Tensor[] = [];
    try {
      try {
        ys = await this.executor.execute(xs, wanted);
      } catch (err) {
        throw new FlywheelError('INVALID_ARGUMENT', `${MODEL_JSON} rejected the inputs: ${(err as Error).message}`, { cause: err });
      }
      return await Promise.all(ys.map((y, i) => fromTf(wanted[i]!, y)));
    } finally {
      tf.dispose(xs);
      tf.dispose(ys);
    }
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.executor.dispose();
    }
    return Promise.resolve();
  }
}

function toTf(t: Tensor): tf.Tensor {
  const dtype = TO_TF[t.datatype];
  // checkInputs has matched the datatype to the signature, whose datatypes all come from FROM_TF.
  if (!dtype) throw invalidArgument(`input ${t.name}: ${t.datatype} is not a TF.js datatype`);
  return tf.tensor(t.data as Float32Array | Int32Array | boolean[] | string[], t.shape, dtype);
}

async function fromTf(spec: TensorSpec, t: tf.Tensor): Promise<Tensor> {
  const shape = [...t.shape];
  const datatype = FROM_TF[t.dtype] ?? spec.datatype;
  const raw = await t.data();
  let data: TensorData;
  if (datatype === 'BOOL') data = Array.from(raw as Uint8Array, (v) => v !== 0);
  else if (datatype === 'BYTES') data = raw as unknown as string[];
  else data = raw as Float32Array | Int32Array;
  return { name: spec.name, datatype, shape, data };
}
