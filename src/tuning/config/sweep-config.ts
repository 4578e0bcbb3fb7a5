import { LineCounter, parseDocument } from 'yaml';
import { EXECUTOR_KINDS, invalidArgument, isFlywheelError, parseMemoryMb, type JobResources } from '../../core/index.js';
import type { SearchSpace } from '../space/space-types.js';
import { paramEnvName, placeholdersIn, splitCommand } from './command-template.js';
import { didYouMean } from './internal/did-you-mean.js';
import { parseDurationSeconds } from './internal/duration.js';
import { YamlReader, type Field, type Fields } from './internal/yaml-reader.js';
import { parseEarlyStop, parseTpeOptions } from './parse-early-stop.js';
import { parseParameters, type ParsedParameters } from './parse-parameters.js';
import { SWEEP_METHODS, type SweepConfig, type SweepMetric } from './sweep-config-types.js';

const TOP_KEYS = [
  'name', 'command', 'metric', 'method', 'max_trials', 'parallel', 'seed', 'time_budget', 'max_retries',
  'resources', 'executor', 'parameters', 'early_stop', 'tpe',
];

/**
 * Parses and validates a sweep file (W&B-style YAML; see the tuning docs). Every problem is
 * reported at once: throws FlywheelError INVALID_ARGUMENT whose issues each name the key
 * (`parameters.lr.max`) and start with the line ("line 9: max must be greater than min").
 *
 * @example parseSweepConfig(fs.readFileSync('sweep.yaml', 'utf8'), 'sweep.yaml')
 */
export function parseSweepConfig(text: string, fileName = 'sweep config'): SweepConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A YAML syntax error leaves the tree unreliable, so report only those.
    throw failure(fileName, doc.errors.map((e) => ({ path: '', message: `line ${lineCounter.linePos(e.pos[0]).line}: ${e.message}` })));
  }
  const r = new YamlReader(lineCounter);
  const config = readConfig(r, r.root(doc.contents));
  if (r.issues.length > 0 || config === undefined) throw failure(fileName, r.issues);
  return config;
}

function failure(fileName: string, issues: { path: string; message: string }[]) {
  const lines = issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`);
  return invalidArgument(`${fileName} is not a valid sweep config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, issues);
}

function readConfig(r: YamlReader, root: Field): SweepConfig | undefined {
  const f = r.map(root, TOP_KEYS);
  if (f === undefined) return undefined;
  const get = <T>(key: string, read: (field: Field) => T | undefined): T | undefined => {
    const field = f.get(key);
    return field === undefined ? undefined : read(field);
  };
  const required = <T>(key: string, read: (field: Field) => T | undefined): T | undefined => {
    const field = r.required(f, key);
    return field === undefined ? undefined : read(field);
  };

  const name = required('name', (x) => r.string(x));
  const command = get('command', (x) => readCommand(r, x));
  const metric = required('metric', (x) => readMetric(r, x));
  const method = required('method', (x) => r.oneOf(x, SWEEP_METHODS));
  // Grid runs its whole grid by default; random and TPE have no natural end.
  const maxTrials = method === 'grid' ? get('max_trials', (x) => r.integer(x, 1)) : required('max_trials', (x) => r.integer(x, 1));
  const parallel = get('parallel', (x) => r.integer(x, 1)) ?? 1;
  const seed = get('seed', (x) => r.integer(x, 0));
  const timeBudgetSeconds = get('time_budget', (x) => readDuration(r, x));
  const maxRetries = get('max_retries', (x) => r.integer(x, 0)) ?? 1;
  const resources = get('resources', (x) => readResources(r, x)) ?? {};
  const executor = get('executor', (x) => r.oneOf(x, EXECUTOR_KINDS));
  const parsed = method === undefined ? undefined : required('parameters', (x) => parseParameters(r, x, method));
  const space = parsed?.space;
  const earlyStop = get('early_stop', (x) => parseEarlyStop(r, x));
  const tpeField = f.get('tpe');
  if (tpeField && method !== undefined && method !== 'tpe') r.fail(tpeField, `tpe options apply only to method tpe, not ${method}`);
  const tpe = method === 'tpe' ? parseTpeOptions(r, tpeField) : undefined;
  if (command && parsed) checkPlaceholders(r, f, command, parsed);
  if (space) checkEnvNames(r, f, space);

  if (name === undefined || (f.has('command') && command === undefined) || metric === undefined || method === undefined || space === undefined) return undefined;
  return {
    name,
    ...(command !== undefined ? { command } : {}),
    metric,
    method,
    ...(maxTrials !== undefined ? { maxTrials } : {}),
    parallel,
    ...(seed !== undefined ? { seed } : {}),
    ...(timeBudgetSeconds !== undefined ? { timeBudgetSeconds } : {}),
    maxRetries,
    resources,
    ...(executor !== undefined ? { executor } : {}),
    space,
    ...(earlyStop !== undefined ? { earlyStop } : {}),
    ...(tpe !== undefined ? { tpe } : {}),
  };
}

function readCommand(r: YamlReader, field: Field): string[] | undefined {
  if (typeof (field.node as { value?: unknown } | null)?.value === 'string') {
    const line = r.string(field);
    if (line === undefined) return undefined;
    try {
      const args = splitCommand(line);
      return args.length > 0 ? args : r.fail(field, 'command must not be empty');
    } catch (e) {
      if (isFlywheelError(e)) return r.fail(field, e.message);
      throw e;
    }
  }
  const list = r.list(field);
  if (list === undefined) return undefined;
  if (list.length === 0) return r.fail(field, 'command must not be empty');
  const args = list.map((item) => r.scalar(item));
  return args.every((a) => a !== undefined) ? args.map(String) : undefined;
}

function readMetric(r: YamlReader, field: Field): SweepMetric | undefined {
  const f = r.map(field, ['name', 'goal', 'target']);
  if (f === undefined) return undefined;
  const nameField = r.required(f, 'name');
  const name = nameField && r.string(nameField);
  // Unlike W&B (which defaults to minimize), goal is required: a wrong guess silently
  // optimises the wrong way for a whole sweep.
  const goalField = r.required(f, 'goal');
  const goal = goalField && r.oneOf(goalField, ['minimize', 'maximize'] as const);
  const targetField = f.get('target');
  const target = targetField && r.number(targetField);
  if (name === undefined || goal === undefined || (targetField && target === undefined)) return undefined;
  return { name, goal, ...(target !== undefined ? { target } : {}) };
}

function readDuration(r: YamlReader, field: Field): number | undefined {
  const raw = (field.node as { value?: unknown } | null)?.value;
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDurationSeconds(raw) : undefined;
  if (seconds === undefined || !(seconds > 0)) {
    return r.fail(field, 'time_budget must be a positive duration like 90s, 30m, 2h, 1h30m, or a number of seconds');
  }
  return seconds;
}

function readResources(r: YamlReader, field: Field): Partial<JobResources> | undefined {
  const f = r.map(field, ['cpus', 'memory', 'gpus', 'nodes']);
  if (f === undefined) return undefined;
  const out: Partial<JobResources> = {};
  const cpus = f.get('cpus');
  const gpus = f.get('gpus');
  const nodes = f.get('nodes');
  const memory = f.get('memory');
  if (cpus) assign(out, 'cpus', r.integer(cpus, 1));
  if (gpus) assign(out, 'gpus', r.integer(gpus, 0));
  if (nodes) assign(out, 'nodes', r.integer(nodes, 1));
  if (memory) {
    const raw = (memory.node as { value?: unknown } | null)?.value;
    // A bare number means MiB, as in the job API and SLURM's --mem.
    const mb = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseMemoryMb(raw) : undefined;
    if (mb === undefined || !(mb > 0)) r.fail(memory, 'memory must be a size like 512M, 4G or a number of MiB');
    else out.memoryMb = Math.ceil(mb);
  }
  return out;
}

function assign(out: Partial<JobResources>, key: keyof JobResources, value: number | undefined): void {
  if (value !== undefined) out[key] = value;
}

function checkPlaceholders(r: YamlReader, f: Fields, command: string[], parsed: ParsedParameters): void {
  const field = f.get('command')!;
  for (const arg of command) {
    for (const name of placeholdersIn(arg)) {
      const parameter = parsed.space?.parameters.find((p) => p.name === name);
      if (!parsed.declared.includes(name)) {
        const near = didYouMean(name, parsed.declared);
        r.fail(field, `unknown placeholder \${${name}}: no such parameter${near ? ` (did you mean \${${near}}?)` : ''}`);
      } else if (parameter?.condition) {
        r.fail(field, `\${${name}} is conditional and may have no value in a trial; read it from ${paramEnvName(name)} instead`);
      }
    }
  }
}

function checkEnvNames(r: YamlReader, f: Fields, space: SearchSpace): void {
  const seen = new Map<string, string>();
  for (const { name } of space.parameters) {
    const env = paramEnvName(name);
    const other = seen.get(env);
    if (other !== undefined) r.fail(f.get('parameters')!, `parameters ${other} and ${name} both map to environment variable ${env}`);
    seen.set(env, name);
  }
}
