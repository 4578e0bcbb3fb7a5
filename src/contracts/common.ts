import { z } from 'zod';

/**
 * The error body of the MLflow REST API, which Flywheel's own routes share so a client needs
 * one error parser. `details` lists validation issues, each naming its field.
 */
export const ErrorBody = z
  .object({
    error_code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** An answer with nothing to say (`{}`), as MLflow's writes return. */
export const Empty = z.object({});

/**
 * A double as protobuf JSON writes it: a number, or "NaN" / "Infinity" / "-Infinity".
 * The SDK decodes it to a JS number.
 */
export const ProtoDouble = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])])
  .describe('A double; NaN and ±Infinity are sent as strings, as in protobuf JSON');

/** An int64 as protobuf JSON allows it: a number or a decimal string. */
export const ProtoInt64 = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]);

/** A string map (`env`, `labels`). */
export const StringMap = z.record(z.string(), z.string());

/** Query booleans as they arrive. */
export const QueryBool = z.enum(['true', 'false', '1', '0']);
