import { invalidArgument } from '../../core/index.js';
import type { Assignment, ParamValue } from '../space/space-types.js';

/**
 * Trial commands. A sweep's `command` is either a list of arguments or one string that is
 * split into arguments the way a POSIX shell splits words: whitespace separates, '...'
 * keeps everything literally, "..." keeps spaces and honours \" \\ \$, and a backslash
 * outside quotes escapes the next character. No shell is run, so there are no pipes,
 * globs, variables or redirections.
 *
 * Placeholders `${name}` (`${optimizer.lr}` for grouped parameters) are replaced inside each
 * argument after splitting, so a value with spaces stays one argument. They are replaced
 * inside single quotes too, unlike a shell; write `$${` for a literal `${`.
 */

const PLACEHOLDER = /\$(\$?)\{([^}]*)\}/g;

/** Splits a command line into arguments (see above). Throws INVALID_ARGUMENT on an unclosed quote. */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw invalidArgument(`command has an unclosed ${quote} quote`, [{ path: 'command', message: `unclosed ${quote} quote` }]);
  if (inWord) args.push(current);
  return args;
}

/** The placeholder names in an argument template, in order (escaped `$${...}` excluded). */
export function placeholdersIn(arg: string): string[] {
  return [...arg.matchAll(PLACEHOLDER)].filter((m) => m[1] === '').map((m) => m[2]!);
}

/**
 * A parameter value as text: numbers in JavaScript's shortest round-trip form (0.01, 1e-7,
 * 64), so a trial sees exactly the number the sampler chose and nothing more.
 */
export function formatParamValue(value: ParamValue): string {
  return String(value);
}

/**
 * The trial's argv: `command` (a string, split as above, or a list) with each `${name}`
 * replaced by the parameter's value. Throws INVALID_ARGUMENT when a placeholder names a
 * parameter that has no value in `params` (parseSweepConfig rejects unknown names earlier).
 *
 * @example renderCommand('train.py --lr ${lr} --name "run ${hidden}"', { lr: 0.01, hidden: 64 })
 *          // ['train.py', '--lr', '0.01', '--name', 'run 64']
 */
export function renderCommand(command: string | readonly string[], params: Assignment): string[] {
  const args = typeof command === 'string' ? splitCommand(command) : [...command];
  return args.map((arg, i) =>
    arg.replace(PLACEHOLDER, (whole: string, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const value = params[name];
      if (value === undefined) {
        throw invalidArgument(`command placeholder \${${name}} has no value in this trial`, [
          { path: `command[${i}]`, message: `no value for \${${name}}` },
        ]);
      }
      return formatParamValue(value);
    }),
  );
}

/**
 * The environment variable a parameter reaches the trial as: `FW_PARAM_` + the name in upper
 * case with dots and dashes as underscores (`optimizer.lr` → `FW_PARAM_OPTIMIZER_LR`).
 */
export function paramEnvName(name: string): string {
  return `FW_PARAM_${name.replace(/[.-]/g, '_').toUpperCase()}`;
}

/**
 * Environment variables for a trial: one `FW_PARAM_*` per parameter (see paramEnvName),
 * plus `FW_PARAMS` holding all of them as JSON for programs that read them in one go.
 */
export function paramsToEnv(params: Assignment): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) env[paramEnvName(name)] = formatParamValue(value);
  env['FW_PARAMS'] = JSON.stringify(params);
  return env;
}
