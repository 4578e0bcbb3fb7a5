import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { conflict, type FlywheelError } from '../../core/index.js';
import type { Metric } from '../types.js';

/** Points of one series in logging order, as columns, and the id of the last chunk they came from. */
export interface PointColumns {
  lastChunkId: number;
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface SeriesRow {
  seriesId: number;
  runId: string;
  key: string;
  pointCount: number;
}

/** NaN is stored as NULL in metric_series (SQLite cannot store a NaN REAL); ±Infinity is stored as is. */
export const toStoredValue = (v: number): number | null => (Number.isNaN(v) ? null : v);
export const fromStoredValue = (v: number | null): number => (v === null ? Number.NaN : v);

// Chunks are float64 arrays in the machine's byte order, which must be little-endian so that
// a data directory moves between machines; every platform Node supports today is.
if (endianness() !== 'LE') throw new Error('Flywheel stores metric chunks little-endian and needs a little-endian machine');

/** Packs points (all of one series) into one chunk blob: steps, timestamps, values. */
export function encodeChunk(points: readonly Metric[]): Uint8Array {
  const n = points.length;
  const cols = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    cols[i] = p.step;
    cols[n + i] = p.timestamp;
    cols[2 * n + i] = p.value;
  }
  return new Uint8Array(cols.buffer);
}

/** A chunk's columns; copies the blob once so the views are aligned. */
export function decodeChunk(data: Uint8Array, count: number): { steps: Float64Array; timestamps: Float64Array; values: Float64Array } {
  if (data.byteLength !== count * 24) throw new Error(`corrupt metric chunk: ${data.byteLength} bytes for ${count} points`);
  const cols = new Float64Array(count * 3);
  new Uint8Array(cols.buffer).set(data);
  return { steps: cols.subarray(0, count), timestamps: cols.subarray(count, 2 * count), values: cols.subarray(2 * count) };
}

/**
 * Concatenates chunks into one set of columns, copying each chunk's bytes once, straight
 * into place (a blob from the driver may not be 8-byte aligned, so no float view on it).
 */
export function joinChunks(rows: readonly { id: number; point_count: number; data: Uint8Array }[]): PointColumns {
  let total = 0;
  for (const r of rows) total += r.point_count;
  const steps = new Float64Array(total);
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const bytes = [new Uint8Array(steps.buffer), new Uint8Array(timestamps.buffer), new Uint8Array(values.buffer)];
  let at = 0;
  for (const r of rows) {
    const n = r.point_count;
    if (r.data.byteLength !== n * 24) throw new Error(`corrupt metric chunk ${r.id}: ${r.data.byteLength} bytes for ${n} points`);
    for (let col = 0; col < 3; col++) bytes[col]!.set(r.data.subarray(col * n * 8, (col + 1) * n * 8), at * 8);
    at += n;
  }
  return { lastChunkId: rows.length > 0 ? rows[rows.length - 1]!.id : 0, steps, timestamps, values };
}

/** An idempotency key and the digest of what it was first sent with. */
export interface RequestKey {
  id: string;
  digest: string;
}

/** sha256 of a write's run and points: tells a true retry from a key reused for other data. */
export function requestDigest(runId: string, points: readonly Metric[]): string {
  const numbers = new Float64Array(points.length * 3);
  const hash = createHash('sha256').update(runId).update('\u0000');
  points.forEach((p, i) => {
    numbers[i * 3] = p.step;
    numbers[i * 3 + 1] = p.timestamp;
    numbers[i * 3 + 2] = p.value;
    hash.update(p.key).update('\u0000');
  });
  return hash.update(new Uint8Array(numbers.buffer)).digest('hex');
}

/** The error for a key that comes back with other content (the IETF Idempotency-Key draft's rule). */
export const reusedKeyError = (id: string): FlywheelError =>
  conflict(`Idempotency-Key '${id.slice(0, 80)}' was already used for a different request; use a new key for new data`);

/** MLflow's "latest" point of a metric: the greatest step, then timestamp, then value. */
export function isLater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (Number.isNaN(b.value)) return !Number.isNaN(a.value);
  return a.value > b.value;
}

/** A batch split by key, in first-seen order, with each key's latest point. */
export function groupByKey(points: readonly Metric[]): Map<string, { points: Metric[]; latest: Metric }> {
  const out = new Map<string, { points: Metric[]; latest: Metric }>();
  for (const p of points) {
    const cur = out.get(p.key);
    if (!cur) out.set(p.key, { points: [p], latest: p });
    else {
      cur.points.push(p);
      if (isLater(p, cur.latest)) cur.latest = p;
    }
  }
  return out;
}
