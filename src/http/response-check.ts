import type { FastifyInstance } from 'fastify';
import { ErrorBody, isRawResponse } from '../contracts/index.js';
import { invalidArgument, type Logger } from '../core/index.js';
import { routeContract } from './contract-route.js';

/**
 * Checks every JSON answer against its route's contract (success bodies against `response`,
 * errors against the error shape) and turns a mismatch into a 500 naming the problem. On in
 * tests (`FW_CHECK_RESPONSES=on`, set by vitest.config.ts), off in production, where the
 * handlers' types already hold the shape and the parse would cost the hot paths.
 */
export function installResponseCheck(app: FastifyInstance, logger: Logger): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const contract = routeContract(request);
    if (!contract || typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json')) return payload;
    const ok = reply.statusCode < 300;
    if (ok && isRawResponse(contract.response)) return payload;
    const schema = ok ? (contract.response as Exclude<typeof contract.response, { kind: 'raw' }>) : (contract.errorBody ?? ErrorBody);
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      parsed = payload;
    }
    const result = schema.safeParse(parsed);
    if (result.success) return payload;
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
    const message = `The answer of ${request.method} ${contract.path} (${reply.statusCode}) does not match its contract: ${problems}`;
    logger.error({ url: request.url, body: payload.slice(0, 2000) }, message);
    reply.code(500);
    return JSON.stringify({ error_code: 'INTERNAL_ERROR', message });
  });
}

/**
 * `FW_CHECK_RESPONSES=on` turns the check on (the test runner sets it). A test-only switch, so
 * it is read here rather than in the server's settings; anything but on/off/unset is refused.
 */
export function responseChecksFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.FW_CHECK_RESPONSES;
  if (v === undefined || v === '' || v === 'off') return false;
  if (v === 'on') return true;
  throw invalidArgument(`invalid configuration: FW_CHECK_RESPONSES: must be on or off, not '${v}'`, [{ path: 'FW_CHECK_RESPONSES', message: 'must be on or off' }]);
}
