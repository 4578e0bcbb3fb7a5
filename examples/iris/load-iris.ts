import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { seededRandom, shuffleInPlace } from './seeded-random.js';

/**
 * Fisher's Iris data (1936), as `iris.csv` beside this file: 150 rows, 50 per species.
 * The copy follows Fisher's paper, i.e. it carries the two corrections (rows 35 and 38)
 * that the UCI file lacks, the same values as scikit-learn's copy.
 */
export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
export const IRIS_CLASSES = ['setosa', 'versicolor', 'virginica'] as const;

export type IrisSpecies = (typeof IRIS_CLASSES)[number];

export interface IrisRow {
  features: [number, number, number, number];
  species: IrisSpecies;
}

export interface IrisSplit {
  /** Standardized features, one array of four per row. */
  features: number[][];
  /** Class indexes into IRIS_CLASSES. */
  labels: number[];
}

export interface IrisDataset {
  train: IrisSplit;
  validation: IrisSplit;
  /** Per-feature mean and standard deviation of the training split, used to standardize both splits. */
  mean: number[];
  std: number[];
  /** Where the CSV was read from, and a sha256 of its bytes (for dataset lineage). */
  source: string;
  digest: string;
  rowCount: number;
}

export interface LoadIrisOptions {
  /** Defaults to the iris.csv shipped in examples/iris. */
  path?: string;
  /** Share of each class held out for validation; default 0.2 (10 of 50 per class). */
  validationFraction?: number;
  seed?: number;
}

/** Parses the CSV text; throws naming the line on any malformed row. */
export function parseIrisCsv(text: string): IrisRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines.shift()?.split(',').map((s) => s.trim());
  const expected = [...IRIS_FEATURES, 'species'];
  if (!header || header.join(',') !== expected.join(',')) {
    throw new Error(`iris.csv: expected header ${expected.join(',')}, got ${header?.join(',') ?? 'nothing'}`);
  }
  return lines.map((line, i) => {
    const cells = line.split(',').map((s) => s.trim());
    const values = cells.slice(0, 4).map(Number);
    const species = cells[4] as IrisSpecies;
    if (cells.length !== 5 || values.some((v) => !Number.isFinite(v)) || !IRIS_CLASSES.includes(species)) {
      throw new Error(`iris.csv line ${i + 2}: cannot parse "${line}"`);
    }
    return { features: values as IrisRow['features'], species };
  });
}

/**
 * Reads iris.csv, splits it per class (so every class has the same share in both splits,
 * in an order fixed by `seed`) and standardizes with the training split's statistics.
 *
 * @example
 *   const data = await loadIris({ seed: 42 });
 *   data.train.features.length; // 120
 */
export async function loadIris(options: LoadIrisOptions = {}): Promise<IrisDataset> {
  const source = options.path ?? defaultIrisPath();
  const bytes = await readFile(source);
  const rows = parseIrisCsv(bytes.toString('utf8'));
  const { train, validation } = stratifiedSplit(rows, options.validationFraction ?? 0.2, options.seed ?? 42);
  const { mean, std } = featureStats(train);
  const standardize = (part: IrisRow[]): IrisSplit => ({
    features: part.map((r) => r.features.map((v, j) => (v - mean[j]!) / std[j]!)),
    labels: part.map((r) => IRIS_CLASSES.indexOf(r.species)),
  });
  return {
    train: standardize(train),
    validation: standardize(validation),
    mean,
    std,
    source,
    digest: createHash('sha256').update(bytes).digest('hex'),
    rowCount: rows.length,
  };
}

function stratifiedSplit(rows: IrisRow[], fraction: number, seed: number): { train: IrisRow[]; validation: IrisRow[] } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validationFraction must be between 0 and 1, got ${fraction}`);
  const rand = seededRandom(seed);
  const train: IrisRow[] = [];
  const validation: IrisRow[] = [];
  for (const species of IRIS_CLASSES) {
    const ofClass = shuffleInPlace(
      rows.filter((r) => r.species === species),
      rand,
    );
    const held = Math.round(ofClass.length * fraction);
    validation.push(...ofClass.slice(0, held));
    train.push(...ofClass.slice(held));
  }
  // Rows were grouped by class; mix them so mini-batches see every class.
  return { train: shuffleInPlace(train, rand), validation: shuffleInPlace(validation, rand) };
}

function featureStats(rows: IrisRow[]): { mean: number[]; std: number[] } {
  const mean = IRIS_FEATURES.map((_, j) => rows.reduce((s, r) => s + r.features[j]!, 0) / rows.length);
  const std = IRIS_FEATURES.map((_, j) =>
    Math.sqrt(rows.reduce((s, r) => s + (r.features[j]! - mean[j]!) ** 2, 0) / rows.length),
  );
  return { mean, std };
}

/**
 * iris.csv sits beside the source; tsc does not copy it, so from dist/examples/iris the
 * file is found back in examples/iris at the package root.
 */
function defaultIrisPath(): string {
  const candidates = [new URL('./iris.csv', import.meta.url), new URL('../../../examples/iris/iris.csv', import.meta.url)];
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (!found) throw new Error(`iris.csv not found; looked in ${candidates.map((u) => fileURLToPath(u)).join(', ')}`);
  return found;
}
