import type { z } from 'zod';
import { invalidArgument } from './errors.js';

/**
 * Checks a request body or query against a Zod schema; on failure throws INVALID_ARGUMENT
 * with one issue per problem, each naming its field (`resources.cpus: ...`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidArgument('The request body must be a JSON object');
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  throw invalidArgument(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}
