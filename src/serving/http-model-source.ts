import { createHash } from 'node:crypto';
import { z } from 'zod';
import { mlflowRegistryRoutes, modelsRoutes, ModelVersionWire } from '../contracts/index.js';
import { FlywheelError, type ErrorCode } from '../core/index.js';
import type { ModelSource, ServableVersion } from './model-source.js';
import type { ModelFiles, ModelFormat } from './runtime/runtime-types.js';
import { MODEL_FORMATS } from './runtime/runtime-types.js';

export interface HttpModelSourceOptions {
  /** The Flywheel server, e.g. http://127.0.0.1:5050 (FW_TRACKING_URI). */
  baseUrl: string;
  /** Extra headers on every request (authorization). */
  headers?: Record<string, string>;
  /** Per request; default 60 s (files may be large). */
  timeoutMs?: number;
}

// What the source reads of the registry's answers, from the models contract: the version and
// its format of a resolved ref, and the file listing.
const ResolveAnswer = z.object({ model_version: ModelVersionWire.pick({ version: true, format: true }) });
const VersionAnswer = z.object({ model_version: ModelVersionWire.pick({ format: true }).partial() });
const FilesAnswer = modelsRoutes.files.response;

/** Statuses of the registry's answers, as our error codes. */
const STATUS_CODES: Record<number, ErrorCode> = { 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 409: 'CONFLICT', 503: 'UNAVAILABLE' };

/**
 * The models of a Flywheel server's registry over HTTP (docs/models-api.md): references
 * resolve with `GET /api/v1/models/:name/resolve?ref=`, the version's format comes from
 * MLflow's `model-versions/get`, and files are listed and fetched from
 * `/api/v1/models/:name/versions/:v/files[/path]`, each checked against its sha256.
 *
 * @example
 * const source = new HttpModelSource({ baseUrl: trackingUri(process.env) }); // FW_TRACKING_URI, then MLFLOW_TRACKING_URI
 * const v = await source.resolve('iris', 'production');
 * const files = await source.files(v.name, v.version);
 */
export class HttpModelSource implements ModelSource {
  private readonly baseUrl: string;
  private readonly options: HttpModelSourceOptions;

  constructor(options: HttpModelSourceOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async resolve(name: string, ref: string): Promise<ServableVersion> {
    const resolvePath = `${modelsRoutes.resolve.path.replace(':name', enc(name))}?ref=${encodeURIComponent(ref)}`;
    const mv = decode(ResolveAnswer, await this.getJson(resolvePath), resolvePath).model_version;
    const version = mv.version;
    let format: string | undefined = mv.format;
    if (!isFormat(format)) {
      // A registry that keeps the format only in MLflow's answer (Flywheel's has it in both).
      const getPath = `${mlflowRegistryRoutes.getVersion.path}?name=${encodeURIComponent(name)}&version=${encodeURIComponent(version)}`;
      format = decode(VersionAnswer, await this.getJson(getPath), getPath).model_version.format;
    }
    if (!isFormat(format)) throw new FlywheelError('FAILED_PRECONDITION', `Model ${name} version ${version} has no servable format (got ${String(format)})`);
    return { name, version, format };
  }

  async files(name: string, version: string): Promise<ModelFiles> {
    const base = `/api/v1/models/${enc(name)}/versions/${enc(version)}/files`;
    const listing = decode(FilesAnswer, await this.getJson(base), base);
    const files = new Map<string, Uint8Array>();
    for (const f of listing.files) {
      const res = await this.fetch(`${base}/${f.path.split('/').map(enc).join('/')}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== f.sha256) {
        throw new FlywheelError('UNAVAILABLE', `File ${f.path} of ${name} version ${version} did not match its sha256 (expected ${f.sha256}, got ${sha}); the download was corrupted`);
      }
      files.set(f.path, bytes);
    }
    return files;
  }

  private async getJson(path: string): Promise<unknown> {
    return (await this.fetch(path)).json();
  }

  private async fetch(path: string): Promise<Response> {
    const url = this.baseUrl + path;
    let res: Response;
    try {
      res = await fetch(url, { headers: this.options.headers ?? {}, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    } catch (e) {
      throw new FlywheelError('UNAVAILABLE', `Could not reach the Flywheel server at ${this.baseUrl}: ${(e as Error).message}`, { cause: e });
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new FlywheelError(STATUS_CODES[res.status] ?? 'UNAVAILABLE', `GET ${path}: ${res.status} ${message}`);
    }
    return res;
  }
}

const enc = (s: string): string => encodeURIComponent(s);

/** Reads an answer with the contract's schema; one that does not match is the server's fault. */
function decode<S extends z.ZodType>(schema: S, json: unknown, path: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new FlywheelError('UNAVAILABLE', `GET ${path}: the registry's answer does not match its contract: ${problems}`);
}

function isFormat(v: unknown): v is ModelFormat {
  return typeof v === 'string' && (MODEL_FORMATS as readonly string[]).includes(v);
}
