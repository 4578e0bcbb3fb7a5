import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseMemoryMb } from './compute-units.js';
import { invalidArgument } from './errors.js';

/** Server settings. Precedence: flags > environment (FW_*) > defaults. */
export const serverConfigSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .refine((s) => s.startsWith('postgres://') || s.startsWith('postgresql://') || s.startsWith('sqlite:'), {
      message: 'must start with postgres://, postgresql:// or sqlite:',
    })
    .optional(),
  logLevel: z.string().default('info'),
  /** CPUs the local executor may hand to jobs; default all of this host's. */
  computeCpus: z.coerce.number().int().min(1).optional(),
  /** Memory the local executor may hand to jobs, as "16G" or MiB; default 90% of this host's. */
  computeMemory: z.coerce
    .string()
    .refine((s) => parseMemoryMb(s) !== undefined, { message: 'must be a size like 512M, 16G or a number of MiB' })
    .optional(),
  /** Seconds between SIGTERM and SIGKILL when a job is stopped. */
  jobKillGraceSeconds: z.coerce.number().min(0).default(10),
  /** Where artifacts and dataset files are stored: unset for `<dataDir>/blobs`, or `s3://bucket/prefix`. */
  blobStore: z
    .string()
    .refine((s) => /^s3:\/\/[^/]+/.test(s), { message: 'must be an s3://bucket/prefix URL (leave unset for the data directory)' })
    .optional(),
  /** Let clients on this host have the server read their files (`auto`: when it listens on loopback only). */
  localImport: z.enum(['auto', 'on', 'off']).default('auto'),
  /** `auto`: use SLURM when `sinfo` answers; `off`: never. */
  slurm: z.enum(['auto', 'off']).default('auto'),
  /** Registered models to serve at /v2 and /invocations, comma-separated `name@ref` (as `fw serve` takes them). */
  serve: z.string().optional(),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

const SETTING_NAMES: Record<string, string> = {
  host: '--host',
  port: '--port / FW_PORT',
  dataDir: '--data-dir / FW_DATA_DIR',
  databaseUrl: 'FW_DATABASE_URL',
  logLevel: 'FW_LOG_LEVEL',
  computeCpus: '--cpus / FW_COMPUTE_CPUS',
  computeMemory: '--memory / FW_COMPUTE_MEMORY',
  jobKillGraceSeconds: 'FW_JOB_KILL_GRACE_SECONDS',
  slurm: '--slurm / FW_SLURM',
  blobStore: 'FW_BLOB_STORE',
  localImport: 'FW_LOCAL_IMPORT',
  serve: '--serve / FW_SERVE',
};

export function loadServerConfig(
  flags: Partial<Record<keyof ServerConfig, string | number | undefined>>,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const raw = {
    host: flags.host ?? env.FW_HOST ?? '127.0.0.1',
    port: flags.port ?? env.FW_PORT ?? 5050,
    dataDir: flags.dataDir ?? env.FW_DATA_DIR ?? join(homedir(), '.flywheel'),
    databaseUrl: flags.databaseUrl ?? (env.FW_DATABASE_URL || undefined),
    logLevel: flags.logLevel ?? env.FW_LOG_LEVEL ?? 'info',
    computeCpus: flags.computeCpus ?? (env.FW_COMPUTE_CPUS || undefined),
    computeMemory: flags.computeMemory ?? (env.FW_COMPUTE_MEMORY || undefined),
    jobKillGraceSeconds: flags.jobKillGraceSeconds ?? env.FW_JOB_KILL_GRACE_SECONDS ?? 10,
    slurm: flags.slurm ?? env.FW_SLURM ?? 'auto',
    blobStore: flags.blobStore ?? (env.FW_BLOB_STORE || undefined),
    localImport: flags.localImport ?? env.FW_LOCAL_IMPORT ?? 'auto',
    serve: flags.serve ?? (env.FW_SERVE || undefined),
  };
  const parsed = serverConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: SETTING_NAMES[String(i.path[0])] ?? String(i.path[0]),
      message: i.message,
    }));
    throw invalidArgument(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Where clients find the server: FW_TRACKING_URI, then MLFLOW_TRACKING_URI, then the default. */
export function trackingUri(env: NodeJS.ProcessEnv = process.env): string {
  return (env.FW_TRACKING_URI || env.MLFLOW_TRACKING_URI || 'http://127.0.0.1:5050').replace(/\/+$/, '');
}
