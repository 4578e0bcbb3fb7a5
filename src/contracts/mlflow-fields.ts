import { z } from 'zod';
import { RUN_STATUSES, type RunStatus, type ViewType } from '../core/tracking-types.js';
import { ProtoDouble } from './common.js';
import { decodeDouble, decodeInt64, exceedsLength } from './proto-json.js';

// The field schemas of MLflow's requests, shared by the tracking and registry contracts.
// MLflow reads one set of fields from the query string of a GET (every value a string) and
// from the JSON body of a POST, so numbers also come as decimal strings, and protobuf's JSON
// mapping lets any client send int64 that way.

/** A string field; absent stays undefined. */
export const optionalString = z.string().optional();

/** A required string: absent and "" are both "missing", as protobuf cannot tell them apart. */
export const requiredString = z.string().min(1);

/** A string bounded to MLflow's limit for that field. */
export const boundedString = (limit: number) =>
  z.string().refine((s) => !exceedsLength(s, limit), { message: `exceeds the length limit of ${limit}` });

/** An id: MLflow sends strings, but a number is accepted for hand-written requests. */
export const idString = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(z.string().min(1));

/** An int64 as a number or decimal string. */
export const int64 = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = decodeInt64(value);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected an integer' });
    return z.NEVER;
  }
  return n;
});

export const positiveInt64 = int64.pipe(z.number().min(1, { message: 'must be a positive integer' }));
export const nonNegativeInt64 = int64.pipe(z.number().min(0, { message: 'must not be negative' }));

/** A double field of a request: a number, a numeric string, or "NaN" / "Infinity" / "-Infinity". */
export const doubleField = z.union([ProtoDouble, z.string()]).transform((value, ctx) => {
  const n = decodeDouble(value);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a double (a number, "NaN", "Infinity" or "-Infinity")' });
    return z.NEVER;
  }
  return n;
});

/** A repeated string field. */
export const stringList = z.array(z.string());

/** A {key, value} pair; a value left out is "" as in protobuf. */
export const keyValue = (valueLimit: number, keyLimit: number) =>
  z.object({
    key: requiredString.pipe(boundedString(keyLimit)),
    value: z
      .string()
      .nullish()
      .transform((v) => v ?? '')
      .pipe(boundedString(valueLimit)),
  });

/** A protobuf enum in JSON: its name, or its number (as a number, or a string from a query). */
function protoEnum<const T extends readonly [string, ...string[]]>(names: T, byNumber: ReadonlyMap<string, T[number]>) {
  return z.preprocess((v) => (typeof v === 'number' || typeof v === 'string' ? (byNumber.get(String(v)) ?? v) : v), z.enum(names));
}

/** MLflow's ViewType. */
export const viewType = protoEnum(
  ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'],
  new Map<string, ViewType>([
    ['1', 'ACTIVE_ONLY'],
    ['2', 'DELETED_ONLY'],
    ['3', 'ALL'],
  ]),
);

/** MLflow's RunStatus. */
export const runStatus = protoEnum(
  RUN_STATUSES,
  new Map<string, RunStatus>([
    ['1', 'RUNNING'],
    ['2', 'SCHEDULED'],
    ['3', 'FINISHED'],
    ['4', 'FAILED'],
    ['5', 'KILLED'],
  ]),
);

/**
 * `run_id` and its deprecated twin `run_uuid`, which older clients send. The server reads them
 * before the other fields (a missing run id is the first error reported, as in MLflow), so in a
 * route's fields they only document the request.
 */
export const runIdFields = {
  run_id: z.string().optional().describe('The run; required unless the deprecated run_uuid is sent'),
  run_uuid: z.string().optional().describe('Deprecated: the run id, as older clients send it'),
};
