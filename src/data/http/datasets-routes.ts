import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDatasetRef } from '../../core/data-types.js';
import { invalidArgument, parseRequest } from '../../core/index.js';
import type { DataService } from '../data-service.js';
import { datasetJson, diffJson, fileJson, profileJson, runJson, versionJson } from './datasets-json.js';

type VersionParams = { Params: { name: string; ref: string } };

const createSchema = z.strictObject({
  dataset: z.string(),
  manifest_hash: z.string(),
  message: z.string().max(10_000).optional(),
  author: z.string().max(256).optional(),
  tags: z.array(z.string()).max(64).optional(),
});
const filesSchema = z.strictObject({
  prefix: z.string().optional(),
  max_results: z.coerce.number().int().optional(),
  page_token: z.string().optional(),
});
const treeSchema = z.strictObject({ path: z.string().optional() });
const diffSchema = z.strictObject({ from: z.string(), to: z.string(), max_results: z.coerce.number().int().min(1).max(100_000).optional() });
const tagSchema = z.strictObject({ tag: z.string(), version: z.number().int().min(1) });
const querySchema = z.strictObject({ sql: z.string().min(1).max(100_000), max_rows: z.number().int().min(1).max(100_000).optional() });
const gcSchema = z.strictObject({ dry_run: z.boolean().optional() });
const pushSchema = z.strictObject({ remote: z.string().min(1), versions: z.array(z.number().int().min(1)).max(10_000).optional() });
const pullSchema = z.strictObject({ remote: z.string().min(1), dataset: z.string() });

/** Datasets and versions under /api/v1 (docs/data-api.md). */
export function registerDatasetsRoutes(app: FastifyInstance, options: { data: DataService }): void {
  const { data } = options;

  app.post('/api/v1/datasets/versions', async (request) => {
    const b = parseRequest(createSchema, request.body === undefined ? {} : request.body);
    const { version, created } = await data.createVersion({
      dataset: b.dataset,
      manifestHash: b.manifest_hash,
      ...(b.message !== undefined ? { message: b.message } : {}),
      ...(b.author !== undefined ? { author: b.author } : {}),
      ...(b.tags ? { tags: b.tags } : {}),
    });
    return { version: versionJson(version), created };
  });

  app.get('/api/v1/datasets', async () => ({ datasets: (await data.list()).map(datasetJson) }));

  app.get('/api/v1/datasets/diff', async (request) => {
    const q = parseRequest(diffSchema, request.query ?? {});
    const from = ref(q.from, 'from');
    const to = ref(q.to, 'to');
    return diffJson(await data.diff(from, to, q.max_results ?? 1000));
  });

  app.post('/api/v1/datasets/gc', async (request) => {
    const b = parseRequest(gcSchema, request.body === undefined ? {} : request.body);
    const r = await data.gc(b.dry_run ?? false);
    return { objects: r.objects, bytes: r.bytes, dry_run: r.dryRun };
  });

  app.post('/api/v1/datasets/pull', async (request) => {
    const b = parseRequest(pullSchema, request.body === undefined ? {} : request.body);
    return data.pull(b.dataset, b.remote);
  });

  app.post<{ Params: { name: string } }>('/api/v1/datasets/:name/push', async (request) => {
    const b = parseRequest(pushSchema, request.body === undefined ? {} : request.body);
    return data.push(request.params.name, b.remote, b.versions);
  });

  app.get<{ Params: { name: string } }>('/api/v1/datasets/:name', async (request) => {
    const { dataset, versions } = await data.log(request.params.name);
    return { dataset: datasetJson(dataset), versions: versions.map(versionJson) };
  });

  app.get<VersionParams>('/api/v1/datasets/:name/versions/:ref', async (request) => ({
    version: versionJson(await data.getVersion(request.params.name, request.params.ref)),
  }));

  app.get<VersionParams>('/api/v1/datasets/:name/versions/:ref/files', async (request) => {
    const q = parseRequest(filesSchema, request.query ?? {});
    const page = await data.files(request.params.name, request.params.ref, {
      ...(q.prefix !== undefined ? { prefix: q.prefix } : {}),
      ...(q.max_results !== undefined ? { maxResults: q.max_results } : {}),
      ...(q.page_token ? { pageToken: q.page_token } : {}),
    });
    return { files: page.files.map(fileJson), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  app.get<VersionParams>('/api/v1/datasets/:name/versions/:ref/tree', async (request) => {
    const q = parseRequest(treeSchema, request.query ?? {});
    return { entries: await data.tree(request.params.name, request.params.ref, q.path ?? '') };
  });

  app.get<VersionParams>('/api/v1/datasets/:name/versions/:ref/runs', async (request) => ({
    runs: (await data.runs(request.params.name, request.params.ref)).map(runJson),
  }));

  app.get<VersionParams>('/api/v1/datasets/:name/versions/:ref/profile', async (request) => ({
    profile: profileJson(await data.profile(request.params.name, request.params.ref)),
  }));

  app.post<VersionParams>('/api/v1/datasets/:name/versions/:ref/query', async (request) => {
    const b = parseRequest(querySchema, request.body === undefined ? {} : request.body);
    return data.query(request.params.name, request.params.ref, b.sql, b.max_rows);
  });

  app.post<{ Params: { name: string } }>('/api/v1/datasets/:name/tags', async (request) => {
    const b = parseRequest(tagSchema, request.body === undefined ? {} : request.body);
    return { version: versionJson(await data.tag(request.params.name, b.tag, b.version)) };
  });

  app.delete<{ Params: { name: string; tag: string } }>('/api/v1/datasets/:name/tags/:tag', async (request) => {
    await data.untag(request.params.name, request.params.tag);
    return {};
  });
}

function ref(text: string, field: string): { dataset: string; ref: string } {
  const r = parseDatasetRef(text);
  if (!r) throw invalidArgument(`${field} '${text.slice(0, 200)}' is not a dataset reference like pets@2`);
  return r;
}
