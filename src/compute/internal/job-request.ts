import { randomBytes } from 'node:crypto';
import { basename, isAbsolute } from 'node:path';
import { EXECUTOR_KINDS, type Job, type JobResources, type SubmitJobRequest } from '../../core/compute-types.js';
import { invalidArgument, type ValidationIssue } from '../../core/index.js';

export const newJobId = (): string => `j${randomBytes(6).toString('hex')}`;

export const LIMITS = {
  maxNodes: 256,
  maxPriority: 1_000_000,
  maxRetries: 100,
  maxCommandArgs: 10_000,
  maxArgBytes: 128 * 1024,
  maxLabels: 64,
  maxLabelChars: 255,
  maxEnvVars: 1000,
  maxTimeoutSeconds: 365 * 24 * 3600,
} as const;

/** A submit request with every default applied, ready to be stored: the job's own fields. */
export type NormalizedSubmit = Pick<
  Job,
  'name' | 'command' | 'cwd' | 'env' | 'resources' | 'priority' | 'queue' | 'executor' | 'partition' | 'timeoutSeconds' | 'maxRetries' | 'labels' | 'experimentId'
>;

/** Interpreters whose first argument names the job better than they do. */
const INTERPRETERS = new Set(['node', 'python', 'python3', 'bash', 'sh', 'torchrun', 'uv', 'npx', 'deno', 'bun', 'Rscript', 'julia']);

/**
 * Checks a submit request and fills in the defaults. Every problem found is reported at
 * once, as a list of issues naming the field, so a client can show all of them together.
 */
export function normalizeSubmit(req: SubmitJobRequest, defaults: { cwd: string }): NormalizedSubmit {
  const issues: ValidationIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ path, message });

  const command = Array.isArray(req.command) ? req.command : [];
  if (command.length === 0) bad('command', 'must be a non-empty list of strings (the program and its arguments)');
  if (command.length > LIMITS.maxCommandArgs) bad('command', `has more than ${LIMITS.maxCommandArgs} arguments`);
  command.forEach((a, i) => {
    if (typeof a !== 'string') bad(`command[${i}]`, 'must be a string');
    else if (Buffer.byteLength(a) > LIMITS.maxArgBytes) bad(`command[${i}]`, `is longer than ${LIMITS.maxArgBytes} bytes`);
    else if (a.includes('\0')) bad(`command[${i}]`, 'must not contain a NUL character');
  });
  if (typeof command[0] === 'string' && command[0].trim() === '') bad('command[0]', 'must name a program');

  const r = req.resources ?? {};
  const resources: JobResources = {
    cpus: intIn(r.cpus, 1, 1, 100_000, 'resources.cpus', bad),
    memoryMb: intIn(r.memoryMb, 0, 0, 1 << 30, 'resources.memory_mb', bad),
    gpus: intIn(r.gpus, 0, 0, 1024, 'resources.gpus', bad),
    nodes: intIn(r.nodes, 1, 1, LIMITS.maxNodes, 'resources.nodes', bad),
  };

  const executor = req.executor ?? 'local';
  if (!EXECUTOR_KINDS.includes(executor)) bad('executor', `unknown executor '${String(executor)}'; use one of: ${EXECUTOR_KINDS.join(', ')}`);

  const cwd = req.cwd ?? defaults.cwd;
  if (typeof cwd !== 'string' || !isAbsolute(cwd)) bad('cwd', 'must be an absolute path');

  const env: Record<string, string> = {};
  const envEntries = Object.entries(req.env ?? {});
  if (envEntries.length > LIMITS.maxEnvVars) bad('env', `has more than ${LIMITS.maxEnvVars} variables`);
  for (const [k, v] of envEntries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) bad(`env.${k}`, 'is not a valid environment variable name');
    else if (typeof v !== 'string') bad(`env.${k}`, 'must be a string');
    else if (v.includes('\0')) bad(`env.${k}`, 'must not contain a NUL character');
    else env[k] = v;
  }

  const labels: Record<string, string> = {};
  const labelEntries = Object.entries(req.labels ?? {});
  if (labelEntries.length > LIMITS.maxLabels) bad('labels', `has more than ${LIMITS.maxLabels} labels`);
  for (const [k, v] of labelEntries) {
    if (k === '' || k.length > LIMITS.maxLabelChars || k.includes('=')) bad(`labels.${k}`, `a label key must be 1-${LIMITS.maxLabelChars} characters without '='`);
    else if (typeof v !== 'string' || v.length > LIMITS.maxLabelChars) bad(`labels.${k}`, `a label value must be a string of at most ${LIMITS.maxLabelChars} characters`);
    else labels[k] = v;
  }

  const queue = req.queue ?? 'default';
  if (typeof queue !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(queue)) bad('queue', 'must be 1-64 letters, digits, dots, dashes or underscores');
  const partition = req.partition ?? null;
  if (partition !== null && (typeof partition !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(partition))) {
    bad('partition', 'must be 1-64 letters, digits, dots, dashes or underscores');
  }
  const name = req.name ?? defaultName(command);
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) bad('name', 'must be 1-255 characters');

  const timeoutSeconds =
    req.timeoutSeconds === undefined ? null : intIn(req.timeoutSeconds, 0, 1, LIMITS.maxTimeoutSeconds, 'timeout_seconds', bad);
  const result: NormalizedSubmit = {
    name: typeof name === 'string' ? name.trim() : '',
    command,
    cwd,
    env,
    resources,
    priority: intIn(req.priority, 0, -LIMITS.maxPriority, LIMITS.maxPriority, 'priority', bad),
    queue,
    executor,
    partition,
    timeoutSeconds,
    maxRetries: intIn(req.maxRetries, 0, 0, LIMITS.maxRetries, 'max_retries', bad),
    labels,
    experimentId: req.experimentId ?? '0',
  };
  if (issues.length > 0) {
    throw invalidArgument(`invalid job: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return result;
}

function intIn(v: unknown, dflt: number, min: number, max: number, path: string, bad: (p: string, m: string) => void): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    bad(path, `must be a whole number, got ${JSON.stringify(v)}`);
    return dflt;
  }
  if (v < min || v > max) {
    bad(path, v < min ? `must be at least ${min}, got ${v}` : `must be at most ${max}, got ${v}`);
    return dflt;
  }
  return v;
}

function defaultName(command: unknown[]): string {
  const [first, second] = command;
  if (typeof first !== 'string' || first === '') return 'job';
  const program = basename(first);
  if (INTERPRETERS.has(program) && typeof second === 'string' && !second.startsWith('-')) return basename(second);
  return program;
}
