import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { dataRoutes, MAX_OBJECT_BATCH_BYTES, MAX_OBJECT_IMPORT_PATHS, OBJECT_RECORDS_TYPE } from '../../contracts/index.js';
import { FlywheelError, invalidArgument, notFound } from '../../core/index.js';
import { contractRoute, type ContractRouteConfig } from '../../http/index.js';
import type { DataService } from '../data-service.js';
import { objectRecords, readObjectRecords } from './object-records.js';

/**
 * The object store over HTTP (docs/data-api.md), each route from its contract in
 * src/contracts/data.ts. Registered as a plugin: its byte routes take raw bodies as streams,
 * which needs its own content-type parsers in its own scope.
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

  contractRoute(app, dataRoutes.missing, async ({ body }) => ({ missing: await data.missing(body.hashes) }));

  contractRoute(app, dataRoutes.location, async () => ({ local_root: data.localRoot }));

  contractRoute(app, dataRoutes.putObject, async ({ params: { hash } }, request) => {
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

  // Through app.route for its own body limit; the contract rides in the config all the same.
  const batch = dataRoutes.batch;
  app.route({
    method: [...batch.methods],
    url: batch.path,
    bodyLimit: MAX_OBJECT_BATCH_BYTES + 1024 * 1024,
    config: { contract: batch } satisfies ContractRouteConfig,
    handler: async (request) => {
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw invalidArgument(`send the objects as ${OBJECT_RECORDS_TYPE}`);
      const records = await readObjectRecords(body, MAX_OBJECT_BATCH_BYTES);
      return data.blobs.putMany(records);
    },
  });

  contractRoute(app, dataRoutes.fetch, async ({ body: { hashes } }, _request, reply) => {
    const absent = await data.missing(hashes);
    if (absent.length > 0) throw notFound(`${absent.length} of the objects do not exist, e.g. ${absent.slice(0, 3).join(', ')}`);
    reply.header('content-type', OBJECT_RECORDS_TYPE);
    return reply.send(Readable.from(objectRecords(data, hashes)));
  });

  contractRoute(app, dataRoutes.import, async ({ body: { paths } }) => {
    if (!data.localImport) throw new FlywheelError('FAILED_PRECONDITION', 'this server does not read files from its own disk (FW_LOCAL_IMPORT=off, or it is not listening on loopback only)');
    if (paths.some((p) => !isAbsolute(p))) throw invalidArgument(`paths must be a list of 1 to ${MAX_OBJECT_IMPORT_PATHS} absolute file paths`);
    return { objects: await data.importFiles(paths) };
  });

  contractRoute(app, dataRoutes.getObject, async ({ params: { hash } }, _request, reply) => {
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
