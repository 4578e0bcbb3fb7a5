import * as ort from 'onnxruntime-node';
import { FlywheelError, invalidArgument } from '../../../core/errors.js';
import { checkInputs, isBatchable, selectOutputs } from '../check-inputs.js';
import { onnxFiles } from '../detect-format.js';
import type { LoadedModel, ModelFiles, ModelSignature, Tensor, TensorData, TensorDatatype, TensorSpec } from '../runtime-types.js';

/** ORT element types and the OIP datatypes they travel as; types missing here (int4, float8...) cannot be served. */
const FROM_ORT: Partial<Record<ort.Tensor.Type, TensorDatatype>> = {
  float32: 'FP32',
  float64: 'FP64',
  float16: 'FP16',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  string: 'BYTES',
};

const TO_ORT: Record<TensorDatatype, ort.Tensor.Type> = {
  FP32: 'float32',
  FP64: 'float64',
  FP16: 'float16',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  BOOL: 'bool',
  BYTES: 'string',
};

/**
 * ORT prints its own errors to stderr (a bad request's shape mismatch, say); every failure
 * reaches the caller as a FlywheelError, so only fatal ones are left for ORT to print.
 */
const QUIET = 4;

/** Loads the model's single `.onnx` file into an onnxruntime-node session (CPU). */
export async function loadOnnxModel(files: ModelFiles): Promise<LoadedModel> {
  const paths = onnxFiles(files);
  if (paths.length !== 1) {
    throw invalidArgument(paths.length === 0 ? 'the model has no .onnx file' : `the model has ${paths.length} .onnx files (${paths.join(', ')}); expected one`);
  }
  const path = paths[0]!;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(files.get(path)!, { logSeverityLevel: QUIET });
  } catch (err) {
    throw new FlywheelError('INVALID_ARGUMENT', `${path} is not a valid ONNX model: ${(err as Error).message}`, { cause: err });
  }
  let signature: ModelSignature;
  try {
    signature = {
      inputs: session.inputMetadata.map((m) => toSpec(m, 'input')),
      outputs: session.outputMetadata.map((m) => toSpec(m, 'output')),
    };
  } catch (err) {
    await session.release();
    throw err;
  }
  return new OnnxModel(path, session, signature);
}

function toSpec(meta: ort.InferenceSession.ValueMetadata, role: string): TensorSpec {
  if (!meta.isTensor) throw invalidArgument(`${role} ${meta.name} is not a tensor (a sequence or map); only tensors can be served`);
  const datatype = FROM_ORT[meta.type];
  if (!datatype) throw invalidArgument(`${role} ${meta.name} has element type ${meta.type}, which cannot be served`);
  // Symbolic dimensions ('batch') and unknown ones come as strings or negative numbers.
  return { name: meta.name, datatype, shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
}

class OnnxModel implements LoadedModel {
  readonly format = 'onnx' as const;
  readonly batchable: boolean;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly session: ort.InferenceSession,
    readonly signature: ModelSignature,
  ) {
    this.batchable = isBatchable(signature);
  }

  async run(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<Tensor[]> {
    if (this.closed) throw new FlywheelError('FAILED_PRECONDITION', 'the model is closed');
    checkInputs(this.signature, inputs);
    const wanted = selectOutputs(this.signature, outputs);
    const feeds: Record<string, ort.Tensor> = {};
    for (const t of inputs) feeds[t.name] = toOrt(t);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(feeds, wanted.map((s) => s.name), { logSeverityLevel: QUIET });
    } catch (err) {
      // Inputs matched the signature, so this is a mismatch the signature cannot express
      // (two dynamic dimensions that must agree, say).
      throw new FlywheelError('INVALID_ARGUMENT', `${this.path} rejected the inputs: ${(err as Error).message}`, { cause: err });
    }
    try {
      return wanted.map((spec) => fromOrt(spec, results[spec.name]!));
    } finally {
      for (const t of Object.values(results)) t.dispose();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}

function toOrt(t: Tensor): ort.Tensor {
  const type = TO_ORT[t.datatype];
  // ORT wants bools as bytes.
  const data = t.datatype === 'BOOL' ? Uint8Array.from(t.data as boolean[], (b) => (b ? 1 : 0)) : t.data;
  return new ort.Tensor(type, data as ort.Tensor.DataType, t.shape);
}

function fromOrt(spec: TensorSpec, t: ort.Tensor): Tensor {
  const datatype = FROM_ORT[t.type] ?? spec.datatype;
  const raw = t.data;
  // ORT hands out views of buffers it reuses; copy typed arrays so the caller owns them.
  let data: TensorData;
  if (datatype === 'BOOL') data = Array.from(raw as Uint8Array, (v) => v !== 0);
  else if (datatype === 'BYTES') data = [...(raw as string[])];
  else data = (raw as Exclude<TensorData, boolean[] | string[]>).slice();
  return { name: spec.name, datatype, shape: [...t.dims], data };
}
