import type { FastifyInstance } from 'fastify';
import {
  dataRoutes,
  datasetDiffToWire,
  datasetFileToWire,
  datasetProfileToWire,
  datasetRunToWire,
  datasetToWire,
  datasetVersionToWire,
} from '../../contracts/index.js';
import { parseDatasetRef } from '../../core/data-types.js';
import { invalidArgument } from '../../core/index.js';
import { contractRoute } from '../../http/index.js';
import type { DataService } from '../data-service.js';

/** Datasets and versions under /api/v1 (docs/data-api.md), each route from its contract in src/contracts/data.ts. */
export function registerDatasetsRoutes(app: FastifyInstance, options: { data: DataService }): void {
  const { data } = options;

  contractRoute(app, dataRoutes.createVersion, async ({ body: b }) => {
    const { version, created } = await data.createVersion({
      dataset: b.dataset,
      manifestHash: b.manifest_hash,
      ...(b.message !== undefined ? { message: b.message } : {}),
      ...(b.author !== undefined ? { author: b.author } : {}),
      ...(b.tags ? { tags: b.tags } : {}),
    });
    return { version: datasetVersionToWire(version), created };
  });

  contractRoute(app, dataRoutes.list, async () => ({ datasets: (await data.list()).map(datasetToWire) }));

  contractRoute(app, dataRoutes.diff, async ({ query: q }) => datasetDiffToWire(await data.diff(ref(q.from, 'from'), ref(q.to, 'to'), q.max_results ?? 1000)));

  contractRoute(app, dataRoutes.gc, async ({ body }) => {
    const r = await data.gc(body.dry_run ?? false);
    return { objects: r.objects, bytes: r.bytes, dry_run: r.dryRun };
  });

  contractRoute(app, dataRoutes.pull, async ({ body }) => {
    const r = await data.pull(body.dataset, body.remote);
    return { versions: r.versions, objects: r.objects, bytes: r.bytes, skipped: r.skipped };
  });

  contractRoute(app, dataRoutes.push, async ({ params, body }) => {
    const r = await data.push(params.name, body.remote, body.versions);
    return { objects: r.objects, bytes: r.bytes, skipped: r.skipped, versions: r.versions };
  });

  contractRoute(app, dataRoutes.log, async ({ params }) => {
    const { dataset, versions } = await data.log(params.name);
    return { dataset: datasetToWire(dataset), versions: versions.map(datasetVersionToWire) };
  });

  contractRoute(app, dataRoutes.version, async ({ params }) => ({ version: datasetVersionToWire(await data.getVersion(params.name, params.ref)) }));

  contractRoute(app, dataRoutes.files, async ({ params, query: q }) => {
    const page = await data.files(params.name, params.ref, {
      ...(q.prefix !== undefined ? { prefix: q.prefix } : {}),
      ...(q.max_results !== undefined ? { maxResults: q.max_results } : {}),
      ...(q.page_token ? { pageToken: q.page_token } : {}),
    });
    return { files: page.files.map(datasetFileToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  // A tree entry's wire shape is the domain's (src/data/internal/tree.ts).
  contractRoute(app, dataRoutes.tree, async ({ params, query }) => ({ entries: await data.tree(params.name, params.ref, query.path ?? '') }));

  contractRoute(app, dataRoutes.runs, async ({ params }) => ({ runs: (await data.runs(params.name, params.ref)).map(datasetRunToWire) }));

  contractRoute(app, dataRoutes.profile, async ({ params }) => ({ profile: datasetProfileToWire(await data.profile(params.name, params.ref)) }));

  contractRoute(app, dataRoutes.query, async ({ params, body }) => data.query(params.name, params.ref, body.sql, body.max_rows));

  contractRoute(app, dataRoutes.tag, async ({ params, body }) => ({ version: datasetVersionToWire(await data.tag(params.name, body.tag, body.version)) }));

  contractRoute(app, dataRoutes.untag, async ({ params }) => {
    await data.untag(params.name, params.tag);
    return {};
  });
}

function ref(text: string, field: string): { dataset: string; ref: string } {
  const r = parseDatasetRef(text);
  if (!r) throw invalidArgument(`${field} '${text.slice(0, 200)}' is not a dataset reference like pets@2`);
  return r;
}
