import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidArgument, parseRequest } from '../../core/index.js';
import { gatesToJson } from '../gates/parse-gates.js';
import { gateReportJson } from './gates-json.js';
import { parseVersion } from '../internal/registry-validation.js';
import type { RegistryService } from '../registry-service.js';
import { aliasEventJson, modelVersionJson } from './registry-json.js';

const versionField = z.union([z.string().regex(/^\d+$/, 'must be a version number'), z.number().int().min(1)]);
const gatesSchema = z.strictObject({ gates: z.array(z.unknown()) });
const versionSchema = z.strictObject({ version: versionField });
const promoteSchema = z.strictObject({ version: versionField, force: z.boolean().optional(), user_id: z.string().max(256).optional() });

type AliasParams = { Params: { name: string; alias: string } };
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

  app.get<{ Params: { name: string } }>('/api/v1/models/:name/gates', async (request) => {
    const gates = await registry.gates(request.params.name);
    return { gates: Object.fromEntries(Object.entries(gates).map(([alias, g]) => [alias, gatesToJson(g)])) };
  });

  app.put<AliasParams>('/api/v1/models/:name/gates/:alias', async (request) => {
    const body = parseRequest(gatesSchema, request.body ?? {});
    return { gates: gatesToJson(await registry.setGates(request.params.name, request.params.alias, body.gates)) };
  });

  app.post<AliasParams>('/api/v1/models/:name/aliases/:alias/check', async (request) => {
    const body = parseRequest(versionSchema, request.body ?? {});
    return { report: gateReportJson(await registry.checkPromotion(request.params.name, parseVersion(String(body.version)), request.params.alias)) };
  });

  app.post<AliasParams>('/api/v1/models/:name/aliases/:alias', async (request) => {
    const body = parseRequest(promoteSchema, request.body ?? {});
    const version = parseVersion(String(body.version));
    const report = await registry.setAlias(request.params.name, request.params.alias, version, body.user_id ?? '', { force: body.force === true });
    return { model_version: modelVersionJson(await registry.getVersion(request.params.name, version)), report: report ? gateReportJson(report) : null };
  });

  app.get<{ Params: { name: string } }>('/api/v1/models/:name/alias-history', async (request) => ({
    events: (await registry.aliasHistory(request.params.name)).map(aliasEventJson),
  }));
}
