import { invalidArgument } from '../../core/index.js';
import type { LoadedModel, Tensor } from '../../serving/index.js';
import type { Gate } from './gate-types.js';

type DatasetGate = Extract<Gate, { type: 'beats_current' }>;

/** A file of a dataset version as rows, read by the data module (DuckDB: CSV, Parquet, JSON lines). */
export interface EvaluationTable {
  columns: string[];
  rows: unknown[][];
}

/** Where gates read evaluation data; `fw server` answers from its data module. */
export interface EvaluationData {
  table(datasetRef: string, file: string): Promise<EvaluationTable>;
}

/** Rows per model call: large enough to be quick, small enough for any model's memory. */
const CHUNK = 1024;

/**
 * The model's score on a table: its features (the `features` columns, else every column but
 * the label, in file order) go in as the model's one FP32 input `[rows, features]`; the first
 * output is compared with the label. Higher is better for accuracy, lower for rmse and mae.
 */
export async function scoreOnTable(model: LoadedModel, table: EvaluationTable, gate: DatasetGate): Promise<number> {
  const { features, labels } = tableToArrays(table, gate);
  if (model.signature.inputs.length !== 1) {
    throw invalidArgument(`the model has ${model.signature.inputs.length} inputs; a dataset gate feeds exactly one (the feature columns)`);
  }
  const input = model.signature.inputs[0]!;
  const width = features.length / labels.length;
  const expected = input.shape.at(-1);
  if (expected !== undefined && expected !== -1 && expected !== width) {
    throw invalidArgument(`the model's input ${input.name} takes ${expected} features; ${gate.file} gives ${width} (columns other than ${gate.label})`);
  }
  const outputs: Float64Array[] = [];
  let outWidth = 0;
  for (let start = 0; start < labels.length; start += CHUNK) {
    const rows = Math.min(CHUNK, labels.length - start);
    const tensor: Tensor = { name: input.name, datatype: 'FP32', shape: [rows, width], data: Float32Array.from(features.subarray(start * width, (start + rows) * width)) };
    const [out] = await model.run([tensor]);
    if (!out) throw invalidArgument('the model returned no output');
    outWidth = out.shape.length >= 2 ? out.shape.at(-1)! : 1;
    outputs.push(Float64Array.from(out.data as ArrayLike<number>, Number));
  }
  const predicted = concat(outputs);
  return gate.metric === 'accuracy' ? accuracy(predicted, outWidth, labels) : regression(gate.metric, predicted, outWidth, labels);
}

function tableToArrays(table: EvaluationTable, gate: DatasetGate): { features: Float64Array; labels: Float64Array } {
  const labelIndex = table.columns.indexOf(gate.label);
  if (labelIndex < 0) throw invalidArgument(`${gate.file} has no column ${gate.label} (columns: ${table.columns.join(', ')})`);
  const featureNames = gate.features ?? table.columns.filter((c) => c !== gate.label);
  const featureIndex = featureNames.map((name) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw invalidArgument(`${gate.file} has no feature column ${name}`);
    return i;
  });
  if (table.rows.length === 0) throw invalidArgument(`${gate.file} has no rows to evaluate on`);
  const features = new Float64Array(table.rows.length * featureIndex.length);
  const labels = new Float64Array(table.rows.length);
  table.rows.forEach((row, r) => {
    featureIndex.forEach((c, j) => {
      const v = Number(row[c]);
      if (!Number.isFinite(v)) throw invalidArgument(`${gate.file} row ${r + 1}: ${table.columns[c]} is not a number (${String(row[c])})`);
      features[r * featureIndex.length + j] = v;
    });
    labels[r] = labelValue(row[labelIndex], gate, r);
  });
  return { features, labels };
}

function labelValue(raw: unknown, gate: DatasetGate, row: number): number {
  if (gate.metric === 'accuracy' && gate.classes) {
    const i = gate.classes.indexOf(String(raw));
    if (i < 0) throw invalidArgument(`${gate.file} row ${row + 1}: label '${String(raw)}' is not one of the classes ${gate.classes.join(', ')}`);
    return i;
  }
  const v = Number(raw);
  if (typeof raw === 'string' && !Number.isFinite(v) && gate.metric === 'accuracy') {
    throw invalidArgument(`${gate.file}: label '${raw}' is text; list the classes in the order of the model's outputs (classes: [...])`);
  }
  if (!Number.isFinite(v)) throw invalidArgument(`${gate.file} row ${row + 1}: label ${String(raw)} is not a number`);
  return v;
}

function accuracy(predicted: Float64Array, width: number, labels: Float64Array): number {
  let right = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (predicted[r * width + k]! > predicted[r * width + best]!) best = k;
    // A one-column output is a probability of class 1.
    const cls = width === 1 ? (predicted[r]! >= 0.5 ? 1 : 0) : best;
    if (cls === labels[r]) right++;
  }
  return right / labels.length;
}

function regression(metric: 'rmse' | 'mae', predicted: Float64Array, width: number, labels: Float64Array): number {
  if (width !== 1) throw invalidArgument(`${metric} compares one output column with the label; the model gives ${width}`);
  let sum = 0;
  for (let r = 0; r < labels.length; r++) {
    const d = predicted[r]! - labels[r]!;
    sum += metric === 'rmse' ? d * d : Math.abs(d);
  }
  return metric === 'rmse' ? Math.sqrt(sum / labels.length) : sum / labels.length;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
