/**
 * Lenient readers for the native APIs' JSON, shared by the jobs, data and sweeps wires: a
 * field a server leaves out (an older server, a proxy that trims nulls) gets its neutral
 * value rather than `undefined`, and a number sent as a string is read as a number.
 */
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const strOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
export const num = (v: unknown, fallback = 0): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
};
export const numOrNull = (v: unknown): number | null => {
  const n = v === undefined || v === null ? NaN : num(v, NaN);
  return Number.isNaN(n) ? null : n;
};
/** Drops undefined fields, so what a caller left out is left to the server's defaults. */
export const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
