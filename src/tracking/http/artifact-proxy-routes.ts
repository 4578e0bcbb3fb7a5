import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ajaxTwin, fileInfoToWire, mlflowArtifactsRoutes as routes } from '../../contracts/index.js';
import { invalidArgument, notFound } from '../../core/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { artifactContentType, attachmentDisposition } from './artifact-mime.js';
import { safeArtifactPath } from './artifact-paths.js';
import { EMPTY_RESPONSE, mlflowRoute } from './mlflow-route.js';

export const ARTIFACT_PROXY_PREFIXES = [routes.list.path, ajaxTwin(routes.list.path)] as const;

function wildcardPath(request: FastifyRequest): string {
  return (request.params as { '*'?: string })['*'] ?? '';
}

function queryPath(request: FastifyRequest): string {
  const value = (request.query as Record<string, string | string[] | undefined>).path;
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`): the routes that MLflow clients
 * use for run artifacts whose URI is `mlflow-artifacts:/...`. Paths are relative to the proxy
 * root. Register with `app.register`: the plugin swaps in a pass-through body parser for any
 * content type, so uploads stream to the blob store instead of being buffered, and that swap
 * must stay inside this plugin.
 */
export async function artifactProxyRoutes(app: FastifyInstance, options: { tracking: TrackingApi }): Promise<void> {
  const { tracking } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const list = async (path: string) => {
    const dir = safeArtifactPath(path, { allowEmpty: true });
    const files = await tracking.listArtifacts(dir);
    // As MLflow's handler: each entry is named by its basename, relative to the listed folder.
    return { files: files.map((f) => fileInfoToWire(f, f.path.slice(f.path.lastIndexOf('/') + 1))) };
  };

  const upload = async (request: FastifyRequest) => {
    const path = safeArtifactPath(wildcardPath(request));
    const content = request.body === undefined ? Buffer.alloc(0) : (request.body as Readable);
    try {
      await tracking.putArtifact(path, content);
    } catch (e) {
      // A client that hangs up mid-upload is not a server fault; nothing was stored.
      if (request.raw.destroyed && !request.raw.complete) throw invalidArgument(`The upload of '${path}' was interrupted`);
      throw e;
    }
    return EMPTY_RESPONSE;
  };

  mlflowRoute(app, routes.list, (_, request) => list(queryPath(request)));
  mlflowRoute(app, routes.download, async (_, request, reply) => {
    const raw = wildcardPath(request);
    if (raw === '') return reply.send(await list(queryPath(request)));
    const path = safeArtifactPath(raw);
    const found = await tracking.getArtifact(path);
    if (!found) throw notFound(`Artifact '${path}' does not exist`);
    reply
      .header('content-type', artifactContentType(path))
      .header('content-length', found.size)
      .header('content-disposition', attachmentDisposition(path))
      .header('x-content-type-options', 'nosniff');
    return reply.send(found.stream);
  });
  mlflowRoute(app, routes.upload, (_, request) => upload(request));
  mlflowRoute(app, routes.delete, async (_, request) => {
    await tracking.deleteArtifact(safeArtifactPath(wildcardPath(request)));
    return EMPTY_RESPONSE;
  });
}
