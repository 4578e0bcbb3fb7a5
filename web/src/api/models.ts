import { mlflow, native, v1 } from './client';
import { nameContainsFilter, versionsOfFilter } from './models-filter';
import type { AliasEvent, GateReport, GateSpec, ModelFile, ModelVersion, RegisteredModel } from './models-types';

// Typed calls to the model registry (docs/models-api.md): MLflow's registered-models/* and
// model-versions/* routes, and Flywheel's /api/v1/models routes. Pages compose these; none
// holds state.

export interface ModelSearchQuery {
  /** Models whose name contains this, any case. */
  nameContains?: string;
  maxResults?: number;
  pageToken?: string;
}

/** One page of registered models, by name. */
export const searchModels = (q: ModelSearchQuery, signal?: AbortSignal): Promise<{ models: RegisteredModel[]; nextPageToken: string | undefined }> => {
  const filter = nameContainsFilter(q.nameContains ?? '');
  return mlflow<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(
    'GET',
    'registered-models/search',
    {
      ...(filter ? { filter } : {}),
      order_by: 'name ASC',
      ...(q.maxResults !== undefined ? { max_results: q.maxResults } : {}),
      ...(q.pageToken ? { page_token: q.pageToken } : {}),
    },
    signal,
  ).then((page) => ({ models: page.registered_models ?? [], nextPageToken: page.next_page_token }));
};

export const getModel = async (name: string, signal?: AbortSignal): Promise<RegisteredModel> =>
  (await mlflow<{ registered_model: RegisteredModel }>('GET', 'registered-models/get', { name }, signal)).registered_model;

/** Every version of these models (newest first), reading page after page. */
export async function searchVersionsOf(names: readonly string[], signal?: AbortSignal): Promise<ModelVersion[]> {
  if (names.length === 0) return [];
  const versions: ModelVersion[] = [];
  let token: string | undefined;
  do {
    const page = await mlflow<{ model_versions?: ModelVersion[]; next_page_token?: string }>(
      'GET',
      'model-versions/search',
      { filter: versionsOfFilter(names), order_by: 'version_number DESC', max_results: 10_000, ...(token ? { page_token: token } : {}) },
      signal,
    );
    versions.push(...(page.model_versions ?? []));
    token = page.next_page_token;
  } while (token);
  return versions;
}

export const getModelVersion = async (name: string, version: string, signal?: AbortSignal): Promise<ModelVersion> =>
  (await mlflow<{ model_version: ModelVersion }>('GET', 'model-versions/get', { name, version }, signal)).model_version;

const path = (name: string, rest: string) => `models/${encodeURIComponent(name)}${rest}`;

/**
 * Points `alias` at `version` once the alias's gates pass; a refusal is an ApiError with the
 * server's message naming each failed gate. `force` skips the gates (for rollbacks).
 */
export const setAlias = (
  name: string,
  alias: string,
  args: { version: string; force?: boolean },
): Promise<{ model_version: ModelVersion; report: GateReport | null }> =>
  native(path(name, `/aliases/${encodeURIComponent(alias)}`), { version: args.version, ...(args.force ? { force: true } : {}) });

/** Runs the alias's gates for `version` without moving anything. */
export const checkAlias = async (name: string, alias: string, version: string): Promise<GateReport> =>
  (await native<{ report: GateReport }>(path(name, `/aliases/${encodeURIComponent(alias)}/check`), { version })).report;

export const deleteAlias = (name: string, alias: string): Promise<unknown> => mlflow('DELETE', 'registered-models/alias', { name, alias });

/** Every move of every alias, newest first. */
export const aliasHistory = async (name: string, signal?: AbortSignal): Promise<AliasEvent[]> =>
  (await v1<{ events?: AliasEvent[] }>('GET', path(name, '/alias-history'), undefined, signal)).events ?? [];

/** Each alias's gates, in their file form. */
export const getGates = async (name: string, signal?: AbortSignal): Promise<Record<string, GateSpec[]>> =>
  (await v1<{ gates?: Record<string, GateSpec[]> }>('GET', path(name, '/gates'), undefined, signal)).gates ?? {};

export const listModelFiles = async (name: string, version: string, signal?: AbortSignal): Promise<ModelFile[]> =>
  (await v1<{ files?: ModelFile[] }>('GET', path(name, `/versions/${encodeURIComponent(version)}/files`), undefined, signal)).files ?? [];

/** Where the browser downloads one of a version's files. */
export const modelFileUrl = (name: string, version: string, file: string): string =>
  `/api/v1/${path(name, `/versions/${encodeURIComponent(version)}/files/${file.split('/').map(encodeURIComponent).join('/')}`)}`;
