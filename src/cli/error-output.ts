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

/**
 * A sweep file the server refused: a count, then one line per problem in the compiler style
 * editors link to (`sweep.yaml:9: parameters.lr.max: max must be greater than min`). The
 * config parser starts each issue's message with "line N: "; the server's own message names
 * the file as "sweep config", since it never saw the name, so it is left out.
 */
export function formatConfigError(file: string, e: FlywheelError): string {
  if (e.issues.length === 0) return formatError(e, {});
  const n = e.issues.length;
  const lines = e.issues.map((i) => {
    const m = /^line (\d+): ([\s\S]*)$/.exec(i.message);
    const where = m ? `${file}:${m[1]}` : file;
    return `  ${where}: ${i.path ? `${i.path}: ` : ''}${m ? m[2] : i.message}\n`;
  });
  return `error: ${file}: ${n} problem${n === 1 ? '' : 's'}\n${lines.join('')}`;
}
