import { FlywheelError } from '../core/errors.js';

/**
 * The one line (plus validation issues) printed for an error that reaches the CLI. Expected
 * errors (FlywheelError: server unreachable, unknown run, bad filter) never show a stack;
 * anything else is a bug, and FW_DEBUG=1 shows its stack.
 */
export function formatError(e: unknown, env: NodeJS.ProcessEnv): string {
  if (e instanceof FlywheelError) {
    const issues = e.issues.filter((i) => !e.message.includes(i.message)).map((i) => `  ${i.path}: ${i.message}\n`);
    return `error: ${e.message}\n${issues.join('')}`;
  }
  const message = e instanceof Error ? e.message : String(e);
  const stack = env.FW_DEBUG && e instanceof Error && e.stack ? `${e.stack}\n` : '';
  return `error: ${message}\n${stack}`;
}
