import type { RouteContract, RouteResult } from '../contracts/route-contract.js';
import { FlywheelError } from '../core/errors.js';

/**
 * Reads a server's JSON answer with the route's contract, the same schema the server answers
 * from. An answer that does not match is the server's fault (or a version skew), reported as
 * INTERNAL naming the route and the fields, rather than surfacing later as an `undefined`.
 */
export function decodeResponse<C extends RouteContract>(contract: C, json: unknown): RouteResult<C> {
  const schema = contract.response;
  if (!('safeParse' in schema)) return json as RouteResult<C>;
  const result = schema.safeParse(json);
  if (result.success) return result.data as RouteResult<C>;
  const problems = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new FlywheelError('INTERNAL', `The server's answer to ${contract.methods[0]} ${contract.path} does not match its contract: ${problems}`);
}
