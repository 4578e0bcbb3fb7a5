import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseMemoryMb } from './compute-units.js';
import { invalidArgument } from './errors.js';
import { LOG_LEVELS } from './logger.js';

/** `true`/`false` as people write them in environment variables. */
const booleanSetting = z
  .string()
  .regex(/^(true|false|1|0|yes|no)$/i, { message: 'must be true or false' })
  .transform((s) => /^(true|1|yes)$/i.test(s));

/** An S3-compatible server's address, e.g. `http://minio:9000`. */
const endpointSetting = z.string().refine((s) => /^https?:\/\/[^/\s]+/.test(s), { message: 'must be an http:// or https:// URL, like http://minio:9000' });

/** Server settings. Precedence: flags > environment (FW_*) > defaults. */
export const serverConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(5050),
  dataDir: z.string().min(1).default(() => join(homedir(), '.flywheel')),
  databaseUrl: z
    .string()
    .refine((s) => s.startsWith('postgres://') || s.startsWith('postgresql://') || s.startsWith('sqlite:'), {
      message: 'must start with postgres://, postgresql:// or sqlite:',
    })
    .optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** CPUs the local executor may hand to jobs; default all of this host's. */
  computeCpus: z.coerce.number().int().min(1).optional(),
  /** Memory the local executor may hand to jobs, as "16G" or MiB; default 90% of this host's. */
  computeMemory: z.coerce
    .string()
    .refine((s) => parseMemoryMb(s) !== undefined, { message: 'must be a size like 512M, 16G or a number of MiB' })
    .optional(),
  /** Seconds between SIGTERM and SIGKILL when a job is stopped. */
  jobKillGraceSeconds: z.coerce.number().min(0).default(10),
  /** Memory for recently read metric series, in MiB (0 turns the cache off). */
  seriesCacheMb: z.coerce.number().min(0).default(256),
  /** Where artifacts and dataset files are stored: unset for `<dataDir>/blobs`, or `s3://bucket/prefix`. */
  blobStore: z
    .string()
    .refine((s) => /^s3:\/\/[^/]+/.test(s), { message: 'must be an s3://bucket/prefix URL (leave unset for the data directory)' })
    .optional(),
  /** An S3-compatible server for `blobStore` and dataset remotes; unset: AWS. */
  s3Endpoint: endpointSetting.optional(),
  /** Path-style S3 URLs; default on when `s3Endpoint` is set, as MinIO and Ceph need. */
  s3ForcePathStyle: booleanSetting.optional(),
  /** Let clients on this host have the server read their files (`auto`: when it listens on loopback only). */
  localImport: z.enum(['auto', 'on', 'off']).default('auto'),
  /** `auto`: use SLURM when `sinfo` answers; `off`: never. */
  slurm: z.enum(['auto', 'off']).default('auto'),
  /** Registered models to serve at /v2 and /invocations, comma-separated `name@ref` (as `fw serve` takes them). */
  serve: z.string().optional(),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

/**
 * Where each setting comes from: its environment variable and, for some, a flag of
 * `fw server`. Every FW_* variable the server reads is here, so a bad value is refused at
 * start with the setting's name, never turned into NaN or a default later.
 */
const SETTINGS: Record<keyof ServerConfig, { env: string; flag?: string }> = {
  host: { env: 'FW_HOST', flag: '--host' },
  port: { env: 'FW_PORT', flag: '--port' },
  dataDir: { env: 'FW_DATA_DIR', flag: '--data-dir' },
  databaseUrl: { env: 'FW_DATABASE_URL' },
  logLevel: { env: 'FW_LOG_LEVEL' },
  computeCpus: { env: 'FW_COMPUTE_CPUS', flag: '--cpus' },
  computeMemory: { env: 'FW_COMPUTE_MEMORY', flag: '--memory' },
  jobKillGraceSeconds: { env: 'FW_JOB_KILL_GRACE_SECONDS' },
  seriesCacheMb: { env: 'FW_SERIES_CACHE_MB' },
  blobStore: { env: 'FW_BLOB_STORE' },
  s3Endpoint: { env: 'FW_S3_ENDPOINT' },
  s3ForcePathStyle: { env: 'FW_S3_FORCE_PATH_STYLE' },
  localImport: { env: 'FW_LOCAL_IMPORT' },
  slurm: { env: 'FW_SLURM', flag: '--slurm' },
  serve: { env: 'FW_SERVE', flag: '--serve' },
};

const settingName = (key: string): string => {
  const s = SETTINGS[key as keyof ServerConfig];
  if (!s) return key;
  return s.flag ? `${s.flag} / ${s.env}` : s.env;
};

/** The FW_* variables the server's configuration reads. */
export const SERVER_ENV_VARIABLES: readonly string[] = Object.values(SETTINGS).map((s) => s.env);

export function loadServerConfig(
  flags: Partial<Record<keyof ServerConfig, string | number | boolean | undefined>>,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, { env: name }] of Object.entries(SETTINGS)) {
    // An empty variable counts as unset, as `FW_X= fw server` means.
    const value = flags[key as keyof ServerConfig] ?? (env[name] === '' ? undefined : env[name]);
    if (value !== undefined) raw[key] = value;
  }
  return parseSettings(serverConfigSchema, raw);
}

/** Parses with `schema`, or throws INVALID_ARGUMENT whose issues name the flag or variable. */
function parseSettings<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: settingName(String(i.path[0])), message: i.message }));
  throw invalidArgument(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

export interface S3Settings {
  endpoint?: string;
  forcePathStyle?: boolean;
}

const s3SettingsSchema = serverConfigSchema.pick({ s3Endpoint: true, s3ForcePathStyle: true });

/**
 * FW_S3_ENDPOINT and FW_S3_FORCE_PATH_STYLE, validated as `loadServerConfig` does: for S3
 * stores opened outside the server's start (dataset remotes, the CLI).
 * @example readS3Settings({ FW_S3_ENDPOINT: 'http://minio:9000' }) // { endpoint: 'http://minio:9000' }
 */
export function readS3Settings(env: Record<string, string | undefined>): S3Settings {
  const raw: Record<string, string> = {};
  if (env.FW_S3_ENDPOINT) raw.s3Endpoint = env.FW_S3_ENDPOINT;
  if (env.FW_S3_FORCE_PATH_STYLE) raw.s3ForcePathStyle = env.FW_S3_FORCE_PATH_STYLE;
  const s = parseSettings(s3SettingsSchema, raw);
  return { ...(s.s3Endpoint !== undefined ? { endpoint: s.s3Endpoint } : {}), ...(s.s3ForcePathStyle !== undefined ? { forcePathStyle: s.s3ForcePathStyle } : {}) };
}

/** FW_LOG_LEVEL for commands other than `fw server` (which has it in its config); undefined when unset. */
export function readLogLevel(env: Record<string, string | undefined>): ServerConfig['logLevel'] | undefined {
  if (!env.FW_LOG_LEVEL) return undefined;
  return parseSettings(serverConfigSchema.pick({ logLevel: true }), { logLevel: env.FW_LOG_LEVEL }).logLevel;
}

/** Where clients find the server: FW_TRACKING_URI, then MLFLOW_TRACKING_URI, then the default. */
export function trackingUri(env: NodeJS.ProcessEnv = process.env): string {
  return (env.FW_TRACKING_URI || env.MLFLOW_TRACKING_URI || 'http://127.0.0.1:5050').replace(/\/+$/, '');
}
