import type { FastifyInstance } from 'fastify';
import { invalidArgument } from '../../core/index.js';
import { parseVersion } from '../internal/registry-validation.js';
import type { RegistryService } from '../registry-service.js';
import { aliasEventJson, modelVersionJson } from './registry-json.js';

type VersionParams = { Params: { name: string; version: string } };
type FileParams = { Params: { name: string; version: string; '*': string } };

/** Flywheel's registry routes under /api/v1/models (docs/models-api.md). */
export function registerModelsRoutes(app: FastifyInstance, options: { registry: RegistryService }): void {
  const { registry } = options;

  app.get<VersionParams>('/api/v1/models/:name/versions/:version/files', async (request) => ({
    files: await registry.fileList(request.params.name, parseVersion(request.params.version)),
  }));

  app.get<FileParams>('/api/v1/models/:name/versions/:version/files/*', async (request, reply) => {
    const path = request.params['*'];
    if (path === '') throw invalidArgument('Name a file: /files/<path>');
    const bytes = await registry.file(request.params.name, parseVersion(request.params.version), path);
    return reply.type('application/octet-stream').header('content-length', bytes.length).send(bytes);
  });

  app.get<{ Params: { name: string }; Querystring: { ref?: string | string[] } }>('/api/v1/models/:name/resolve', async (request) => {
    const ref = [request.query.ref ?? ''].flat()[0] ?? '';
    if (ref === '') throw invalidArgument("Missing value for required parameter 'ref': a version number, an alias or latest", [{ path: 'ref', message: 'required' }]);
    return { model_version: modelVersionJson(await registry.resolveVersion(request.params.name, ref)) };
  });

  app.get<{ Params: { name: string } }>('/api/v1/models/:name/alias-history', async (request) => ({
    events: (await registry.aliasHistory(request.params.name)).map(aliasEventJson),
  }));
}
