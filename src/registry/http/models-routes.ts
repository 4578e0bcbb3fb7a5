import type { FastifyInstance } from 'fastify';
import { aliasEventToWire, modelFileToWire, modelsRoutes, modelVersionToWire } from '../../contracts/index.js';
import { invalidArgument } from '../../core/index.js';
import { contractRoute } from '../../http/index.js';
import { gatesToJson } from '../gates/parse-gates.js';
import { parseVersion } from '../internal/registry-validation.js';
import type { RegistryService } from '../registry-service.js';
import { gateReportJson } from './gates-json.js';

/** Flywheel's registry routes under /api/v1/models (docs/models-api.md). */
export function registerModelsRoutes(app: FastifyInstance, options: { registry: RegistryService }): void {
  const { registry } = options;

  contractRoute(app, modelsRoutes.files, async ({ params }) => ({
    files: (await registry.fileList(params.name, parseVersion(params.version))).map(modelFileToWire),
  }));

  contractRoute(app, modelsRoutes.file, async ({ params }, _request, reply) => {
    const path = params['*'];
    if (path === '') throw invalidArgument('Name a file: /files/<path>');
    const bytes = await registry.file(params.name, parseVersion(params.version), path);
    return reply.type('application/octet-stream').header('content-length', bytes.length).send(bytes);
  });

  contractRoute(app, modelsRoutes.resolve, async ({ params, query }) => {
    const ref = [query.ref ?? ''].flat()[0] ?? '';
    if (ref === '') throw invalidArgument("Missing value for required parameter 'ref': a version number, an alias or latest", [{ path: 'ref', message: 'required' }]);
    return { model_version: modelVersionToWire(await registry.resolveVersion(params.name, ref)) };
  });

  contractRoute(app, modelsRoutes.gates, async ({ params }) => {
    const gates = await registry.gates(params.name);
    return { gates: Object.fromEntries(Object.entries(gates).map(([alias, g]) => [alias, gatesToJson(g)])) };
  });

  contractRoute(app, modelsRoutes.setGates, async ({ params, body }) => ({ gates: gatesToJson(await registry.setGates(params.name, params.alias, body.gates)) }));

  contractRoute(app, modelsRoutes.check, async ({ params, body }) => ({
    report: gateReportJson(await registry.checkPromotion(params.name, parseVersion(String(body.version)), params.alias)),
  }));

  contractRoute(app, modelsRoutes.promote, async ({ params, body }) => {
    const version = parseVersion(String(body.version));
    const report = await registry.setAlias(params.name, params.alias, version, body.user_id ?? '', { force: body.force === true });
    return { model_version: modelVersionToWire(await registry.getVersion(params.name, version)), report: report ? gateReportJson(report) : null };
  });

  contractRoute(app, modelsRoutes.aliasHistory, async ({ params }) => ({ events: (await registry.aliasHistory(params.name)).map(aliasEventToWire) }));
}
