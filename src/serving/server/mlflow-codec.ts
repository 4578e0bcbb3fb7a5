import { invalidArgument } from '../../core/index.js';
import type { ModelSignature, Tensor, TensorSpec } from '../runtime/runtime-types.js';
import { decodeTensor, elementCount, nest, nestedShape, tensorValues } from './tensor-codec.js';

/**
 * MLflow's scoring protocol (`mlflow models serve`, POST /invocations, JSON only):
 * exactly one of
 * - `inputs`: a tensor (nested list) for a model with one input, or `{name: tensor}`;
 * - `instances`: rows; each a tensor row, or `{name: row}` for several inputs;
 * - `dataframe_split`: `{columns, data}` (pandas' split orient);
 * - `dataframe_records`: `[{column: value}]` (pandas' records orient).
 * `params` is accepted and ignored (tensor models take none). Datatypes come from the
 * model's signature, since JSON has none.
 *
 * A DataFrame maps to tensors in one of two ways: when every column names an input, each
 * column is that input (one value, or one nested row, per record); otherwise a model with
 * one input takes the whole table as its `[rows, columns]` matrix, columns in order.
 */
export function decodeMlflowRequest(body: unknown, signature: ModelSignature): Tensor[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('The request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const formats = ['inputs', 'instances', 'dataframe_split', 'dataframe_records'].filter((k) => b[k] !== undefined);
  if (formats.length !== 1) {
    throw invalidArgument(
      formats.length === 0
        ? 'The request body must have one of the keys inputs, instances, dataframe_split or dataframe_records'
        : `The request body has ${formats.join(' and ')}; it must have exactly one of inputs, instances, dataframe_split, dataframe_records`,
    );
  }
  const format = formats[0]!;
  switch (format) {
    case 'inputs':
      return fromTensors(b.inputs, signature, 'inputs');
    case 'instances':
      return fromInstances(b.instances, signature);
    case 'dataframe_split':
      return fromSplit(b.dataframe_split, signature);
    default:
      return fromRecords(b.dataframe_records, signature);
  }
}

/** `{"predictions": ...}`: the one output as a nested list, or `{name: nested list}` for several. */
export function encodeMlflowResponse(outputs: readonly Tensor[]): { predictions: unknown } {
  const nested = (t: Tensor): unknown => nest(tensorValues(t), t.shape);
  if (outputs.length === 1) return { predictions: nested(outputs[0]!) };
  return { predictions: Object.fromEntries(outputs.map((t) => [t.name, nested(t)])) };
}

function fromTensors(value: unknown, signature: ModelSignature, where: string): Tensor[] {
  if (Array.isArray(value)) return [tensorFor(onlyInput(signature, where), value, where)];
  if (value === null || typeof value !== 'object') throw invalidArgument(`${where} must be a list (one input) or an object of named inputs`);
  return Object.entries(value as Record<string, unknown>).map(([name, data]) => tensorFor(inputSpec(signature, name, where), data, `${where}.${name}`));
}

function fromInstances(value: unknown, signature: ModelSignature): Tensor[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidArgument('instances must be a non-empty list');
  if (!value.every(isRecord)) return [tensorFor(onlyInput(signature, 'instances'), value, 'instances')];
  const names = Object.keys(value[0] as Record<string, unknown>);
  return names.map((name) => {
    const column = value.map((row, i) => {
      if (!Object.hasOwn(row as object, name)) throw invalidArgument(`instances[${i}] has no ${name}`);
      return (row as Record<string, unknown>)[name];
    });
    return tensorFor(inputSpec(signature, name, 'instances'), column, `instances.${name}`);
  });
}

function fromSplit(value: unknown, signature: ModelSignature): Tensor[] {
  if (!isRecord(value) || !Array.isArray(value.data)) throw invalidArgument('dataframe_split must be {columns, data} with data a list of rows');
  const rows = value.data as unknown[];
  if (!rows.every(Array.isArray)) throw invalidArgument('dataframe_split.data must be a list of rows (lists)');
  const columns = value.columns === undefined ? undefined : value.columns;
  if (columns !== undefined && (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))) {
    throw invalidArgument('dataframe_split.columns must be a list of column names');
  }
  return fromTable((columns as string[] | undefined) ?? [], rows as unknown[][], signature, 'dataframe_split');
}

function fromRecords(value: unknown, signature: ModelSignature): Tensor[] {
  if (!Array.isArray(value) || !value.every(isRecord)) throw invalidArgument('dataframe_records must be a list of objects');
  const columns = value.length === 0 ? [] : Object.keys(value[0] as object);
  const rows = value.map((r, i) =>
    columns.map((c) => {
      if (!Object.hasOwn(r as object, c)) throw invalidArgument(`dataframe_records[${i}] has no column ${c}`);
      return (r as Record<string, unknown>)[c];
    }),
  );
  return fromTable(columns, rows, signature, 'dataframe_records');
}

function fromTable(columns: string[], rows: unknown[][], signature: ModelSignature, where: string): Tensor[] {
  const inputNames = new Set(signature.inputs.map((s) => s.name));
  if (columns.length > 0 && columns.every((c) => inputNames.has(c))) {
    return columns.map((name, c) => tensorFor(inputSpec(signature, name, where), rows.map((r) => r[c]), `${where}.${name}`));
  }
  return [tensorFor(onlyInput(signature, where), rows, where)];
}

/** A tensor for an input from nested JSON, reshaped to the input's rank when the counts allow (`[1,2,3]` for `[-1, 1]`). */
function tensorFor(spec: TensorSpec, data: unknown, where: string): Tensor {
  let shape = nestedShape(data);
  if (shape.length !== spec.shape.length && spec.shape.length > 0) {
    const trailing = spec.shape.slice(1);
    const count = elementCount(shape);
    const per = elementCount(trailing);
    if (trailing.every((d) => d >= 0) && per > 0 && count % per === 0) shape = [count / per, ...trailing];
  }
  return decodeTensor({ name: spec.name, datatype: spec.datatype, shape, data }, where);
}

function onlyInput(signature: ModelSignature, where: string): TensorSpec {
  if (signature.inputs.length !== 1) {
    throw invalidArgument(`${where}: the model has ${signature.inputs.length} inputs (${signature.inputs.map((s) => s.name).join(', ')}); name each one`);
  }
  return signature.inputs[0]!;
}

function inputSpec(signature: ModelSignature, name: string, where: string): TensorSpec {
  const spec = signature.inputs.find((s) => s.name === name);
  if (!spec) throw invalidArgument(`${where}: the model has no input named ${name} (its inputs: ${signature.inputs.map((s) => s.name).join(', ')})`);
  return spec;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
