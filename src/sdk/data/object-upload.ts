import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { dataRoutes, MAX_HASHES_PER_OBJECTS_REQUEST } from '../../contracts/data.js';
import { FlywheelError } from '../../core/errors.js';
import { decodeResponse } from '../decode.js';
import type { RestClient } from '../rest-client.js';
import { withRetry } from '../retry.js';
import type { ProgressCounter } from './progress.js';

/** A local file the server may lack. */
export interface UploadCandidate {
  path: string;
  abs: string;
  hash: string;
  size: number;
}

/** What an upload sent. */
export interface UploadTotals {
  objects: number;
  bytes: number;
}

/** `POST /objects/missing` takes at most this many hashes. */
export const MISSING_BATCH = MAX_HASHES_PER_OBJECTS_REQUEST;
/** Larger files go one by one with PUT; smaller ones share batch bodies. */
export const LARGE_FILE = 8 << 20;
/** A batch body holds about this much (the server accepts up to 256 MiB). */
const BATCH_BODY_BYTES = 64 << 20;
// Ask about the hashes seen so far once this many bytes wait, so uploads start while hashing goes on.
const CHECK_BYTES = 32 << 20;
const UPLOADS_IN_FLIGHT = 4;
// A batch body is sent in pieces of about this size.
const PIECE_BYTES = 1 << 20;
const RETRY = { giveUpAfterMs: 60_000 };

/**
 * Uploads the objects a server lacks, as their hashes become known: `offer()` each file once
 * hashed, then `finish()`. Hashes are asked about in groups (`POST /objects/missing`), small
 * missing files go together in `POST /objects/batch` bodies read from disk as they are sent,
 * large ones alone with `PUT /objects/:hash`, a few requests at a time. The same content
 * offered under several paths is sent once.
 */
export class ObjectUploader {
  readonly totals: UploadTotals = { objects: 0, bytes: 0 };
  private readonly offered = new Set<string>();
  private waiting: UploadCandidate[] = [];
  private waitingBytes = 0;
  private batch: UploadCandidate[] = [];
  private batchBytes = 0;
  private checks: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();
  private readonly queue: (() => Promise<void>)[] = [];
  private error: unknown;

  /**
   * Whether to ask the server to read large files from disk itself (same host, allowed by
   * its FW_LOCAL_IMPORT): one read on the server instead of a read here plus an upload.
   * Turned off at the first refusal or mismatch, and the file is sent by PUT instead.
   */
  private localImport: Promise<boolean> | undefined;

  constructor(
    private readonly rest: RestClient,
    private readonly progress?: ProgressCounter,
  ) {}

  /** The first failure, if any (the caller may stop early). */
  get failed(): boolean {
    return this.error !== undefined;
  }

  offer(file: UploadCandidate): void {
    if (this.offered.has(file.hash) || this.error !== undefined) return;
    this.offered.add(file.hash);
    this.waiting.push(file);
    this.waitingBytes += file.size;
    if (this.waiting.length >= MISSING_BATCH || this.waitingBytes >= CHECK_BYTES) this.check();
  }

  /** Resolves once every offered object the server lacked is stored; throws the first failure. */
  async finish(): Promise<UploadTotals> {
    this.check();
    await this.checks;
    if (this.batch.length > 0) this.schedule(this.sendBatch(this.batch));
    this.batch = [];
    while (this.running.size > 0 || this.queue.length > 0) await Promise.race(this.running);
    if (this.error !== undefined) throw this.error;
    return this.totals;
  }

  /** Asks which of the waiting hashes the server lacks; checks run one after another. */
  private check(): void {
    if (this.waiting.length === 0) return;
    const group = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    this.checks = this.checks.then(async () => {
      if (this.error !== undefined) return;
      try {
        const missing = new Set(await missingHashes(this.rest, group.map((f) => f.hash)));
        if (this.progress) {
          this.progress.filesTotal += missing.size;
          this.progress.bytesTotal += group.reduce((n, f) => n + (missing.has(f.hash) ? f.size : 0), 0);
        }
        for (const f of group) if (missing.has(f.hash)) this.plan(f);
      } catch (e) {
        this.error ??= e;
      }
    });
  }

  private plan(f: UploadCandidate): void {
    if (f.size > LARGE_FILE) return this.schedule(() => this.sendOne(f));
    this.batch.push(f);
    this.batchBytes += f.size + 80;
    if (this.batchBytes >= BATCH_BODY_BYTES) {
      this.schedule(this.sendBatch(this.batch));
      this.batch = [];
      this.batchBytes = 0;
    }
  }

  private sendBatch(files: UploadCandidate[]): () => Promise<void> {
    return () => this.sendMany(files);
  }

  private schedule(task: () => Promise<void>): void {
    this.queue.push(task);
    this.startQueued();
  }

  private startQueued(): void {
    while (this.running.size < UPLOADS_IN_FLIGHT && this.queue.length > 0) {
      const task = this.queue.shift()!;
      const p: Promise<void> = (this.error !== undefined ? Promise.resolve() : task())
        .catch((e: unknown) => {
          this.error ??= e;
        })
        .finally(() => {
          this.running.delete(p);
          this.startQueued();
        });
      this.running.add(p);
    }
  }

  private async sendOne(f: UploadCandidate): Promise<void> {
    if (await this.importedByServer(f)) {
      this.totals.objects++;
      this.totals.bytes += f.size;
      this.progress?.add(1, f.size);
      return;
    }
    await withRetry(async () => {
      const body = await openAsBlob(f.abs).catch((e: unknown) => {
        throw new FlywheelError('FAILED_PRECONDITION', `cannot read ${f.abs}: ${(e as Error).message}`);
      });
      if (body.size !== f.size) throw changedWhileAdding(f);
      await this.rest.request('PUT', `/api/v1/objects/${f.hash}`, { body, timeoutMs: uploadTimeoutMs(f.size) }).catch((e: unknown) => {
        throw withPath(e, [f]);
      });
    }, RETRY);
    this.totals.objects++;
    this.totals.bytes += f.size;
    this.progress?.add(1, f.size);
  }

  /** True when the server stored the file by reading it itself and got the same hash. */
  private async importedByServer(f: UploadCandidate): Promise<boolean> {
    this.localImport ??= this.rest
      .request('GET', '/api/v1/objects/location')
      .then((r) => decodeResponse(dataRoutes.location, r).local_root)
      .then((root) => root !== null && existsSync(root))
      .catch(() => false);
    if (!(await this.localImport)) return false;
    try {
      const r = await this.rest.request('POST', '/api/v1/objects/import', { body: { paths: [f.abs] }, timeoutMs: uploadTimeoutMs(f.size) });
      if (decodeResponse(dataRoutes.import, r).objects[0]?.hash === f.hash) return true;
      // Another host with the same path, or the file changed since it was hashed: the
      // server stored other bytes (harmless, gc takes them); send ours.
    } catch {
      // Refused (not allowed, or cannot read it): upload instead, and stop asking.
    }
    this.localImport = Promise.resolve(false);
    return false;
  }

  private async sendMany(files: UploadCandidate[]): Promise<void> {
    const length = files.reduce((n, f) => n + Buffer.byteLength(`${f.hash} ${f.size}\n`) + f.size, 0);
    const bytes = files.reduce((n, f) => n + f.size, 0);
    await withRetry(async () => {
      await this.rest
        .request('POST', '/api/v1/objects/batch', {
          body: batchBody(files),
          contentType: 'application/x-flywheel-objects',
          headers: { 'content-length': String(length) },
          timeoutMs: uploadTimeoutMs(length),
        })
        .catch((e: unknown) => {
          throw withPath(e, files);
        });
    }, RETRY);
    this.totals.objects += files.length;
    this.totals.bytes += bytes;
    this.progress?.add(files.length, bytes);
  }
}

/** The hashes the server lacks, asked MISSING_BATCH at a time. */
export async function missingHashes(rest: RestClient, hashes: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < hashes.length; i += MISSING_BATCH) {
    const res = await withRetry(() => rest.request('POST', '/api/v1/objects/missing', { body: { hashes: hashes.slice(i, i + MISSING_BATCH) } }), RETRY);
    missing.push(...decodeResponse(dataRoutes.missing, res).missing);
  }
  return missing;
}

/**
 * `<hash> <size>\n<bytes>` for each file, read from disk as the request is sent, about 1 MiB
 * per piece, so a 64 MiB body is never in memory whole. The reads are synchronous: for files
 * of a few KiB, a promise per read through libuv's pool costs 4-6 times the read itself
 * (15k files: 190 ms against 850-1200 ms), and one piece blocks the loop for ~3 ms only.
 * A file whose size changed since it was hashed ends the stream with an error naming it.
 */
function batchBody(files: UploadCandidate[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= files.length) return controller.close();
      const parts: Buffer[] = [];
      let bytes = 0;
      while (next < files.length && bytes < PIECE_BYTES) {
        const f = files[next++]!;
        let data: Buffer;
        try {
          data = readFileSync(f.abs);
        } catch (e) {
          throw new FlywheelError('FAILED_PRECONDITION', `cannot read ${f.abs}: ${(e as Error).message}`);
        }
        if (data.length !== f.size) throw changedWhileAdding(f);
        const head = Buffer.from(`${f.hash} ${f.size}\n`);
        parts.push(head, data);
        bytes += head.length + data.length;
      }
      controller.enqueue(Buffer.concat(parts, bytes));
    },
  });
}

const changedWhileAdding = (f: UploadCandidate): FlywheelError =>
  new FlywheelError('FAILED_PRECONDITION', `${f.abs} changed while it was being added; run the command again`);

/** Long enough for a slow link (5 MB/s) plus two minutes. */
const uploadTimeoutMs = (bytes: number): number => 120_000 + Math.ceil(bytes / 5_000);

/** The server names the object whose bytes did not match; users know files, so the path is added. */
function withPath(e: unknown, files: UploadCandidate[]): unknown {
  if (!(e instanceof FlywheelError) || e.code !== 'INVALID_ARGUMENT') return e;
  const f = files.find((x) => e.message.includes(x.hash));
  if (!f) return e;
  return new FlywheelError('FAILED_PRECONDITION', `${e.message} (${f.abs}: did it change while it was being added?)`, { cause: e });
}
