import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { FlywheelError, invalidArgument, notFound } from '../../core/index.js';
import type { DataService } from '../data-service.js';
import { OBJECT_RECORDS_TYPE, objectRecords, readObjectRecords } from './object-records.js';

const HASH = /^[0-9a-f]{64}$/;
const MAX_MISSING_QUERY = 10_000;
/** Objects of a batch are held in memory until their pack is written. */
export const MAX_BATCH_BYTES = 256 * 1024 * 1024;

/**
 * The object store over HTTP (docs/data-api.md). Registered as a plugin: its byte routes
 * take raw bodies as streams, which needs its own content-type parsers in its own scope.
 */
export const objectsRoutes: FastifyPluginAsync<{ data: DataService }> = async (app: FastifyInstance, options) => {
  const { data } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch (e) {
      done(invalidArgument(`The request body is not JSON: ${(e as Error).message}`), undefined);
    }
  });
  // Anything else is bytes, streamed to the handler.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.post('/api/v1/objects/missing', async (request) => {
    const body = request.body as { hashes?: unknown } | undefined;
    const hashes = body?.hashes;
    if (!Array.isArray(hashes) || hashes.length === 0 || hashes.length > MAX_MISSING_QUERY || hashes.some((h) => typeof h !== 'string' || !HASH.test(h))) {
      throw invalidArgument(`hashes must be a list of 1 to ${MAX_MISSING_QUERY} sha256 hashes (64 lowercase hex)`);
    }
    return { missing: await data.missing(hashes as string[]) };
  });

  app.get('/api/v1/objects/location', async () => ({ local_root: data.localRoot }));

  app.put<{ Params: { hash: string } }>('/api/v1/objects/:hash', async (request) => {
    const { hash } = request.params;
    if (!HASH.test(hash)) throw invalidArgument(`'${hash.slice(0, 80)}' is not a sha256 hash (64 lowercase hex)`);
    const body = request.body as Readable | undefined;
    if (!body) throw invalidArgument('the request has no body');
    if (await data.blobs.has(hash)) {
      // Already stored: drain the upload without keeping it.
      for await (const _ of body) void _;
      return { hash, size: (await data.blobs.sizeOf(hash)) ?? 0 };
    }
    const stored = await data.blobs.put(body, { expectedHash: hash });
    return { hash: stored.hash, size: stored.size };
  });

  app.post('/api/v1/objects/batch', { bodyLimit: MAX_BATCH_BYTES + 1024 * 1024 }, async (request) => {
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') throw invalidArgument('send the objects as application/x-flywheel-objects');
    const records = await readObjectRecords(body, MAX_BATCH_BYTES);
    return data.blobs.putMany(records);
  });

  app.post('/api/v1/objects/fetch', async (request, reply) => {
    const body = request.body as { hashes?: unknown } | undefined;
    const hashes = body?.hashes;
    if (!Array.isArray(hashes) || hashes.length === 0 || hashes.length > MAX_MISSING_QUERY || hashes.some((h) => typeof h !== 'string' || !HASH.test(h))) {
      throw invalidArgument(`hashes must be a list of 1 to ${MAX_MISSING_QUERY} sha256 hashes (64 lowercase hex)`);
    }
    const absent = await data.missing(hashes as string[]);
    if (absent.length > 0) throw notFound(`${absent.length} of the objects do not exist, e.g. ${absent.slice(0, 3).join(', ')}`);
    reply.header('content-type', OBJECT_RECORDS_TYPE);
    return Readable.from(objectRecords(data, hashes as string[]));
  });

  app.post('/api/v1/objects/import', async (request) => {
    if (!data.localImport) throw new FlywheelError('FAILED_PRECONDITION', 'this server does not read files from its own disk (FW_LOCAL_IMPORT=off, or it is not listening on loopback only)');
    const body = request.body as { paths?: unknown } | undefined;
    const paths = body?.paths;
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > 1000 || paths.some((p) => typeof p !== 'string' || !isAbsolute(p))) {
      throw invalidArgument('paths must be a list of 1 to 1000 absolute file paths');
    }
    return { objects: await data.importFiles(paths as string[]) };
  });

  app.get<{ Params: { hash: string } }>('/api/v1/objects/:hash', async (request, reply) => {
    const { hash } = request.params;
    if (!HASH.test(hash)) throw invalidArgument(`'${hash.slice(0, 80)}' is not a sha256 hash (64 lowercase hex)`);
    const size = await data.blobs.sizeOf(hash);
    const stream = size === undefined ? undefined : await data.blobs.get(hash);
    if (!stream || size === undefined) throw notFound(`Object ${hash} does not exist.`);
    reply.header('content-type', 'application/octet-stream');
    reply.header('content-length', String(size));
    // Immutable: the name is the hash of the bytes.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.send(stream);
  });
};
