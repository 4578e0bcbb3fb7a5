import { native, v1 } from './client';
import type { Dataset, DatasetDiff, DatasetFile, DatasetProfile, DatasetVersion, QueryResult, TreeEntry, VersionRun } from './data-types';

// Typed calls to the data API (docs/data-api.md). Pages compose these; none holds state.

const dataset = (name: string, rest = '') => `datasets/${encodeURIComponent(name)}${rest}`;
/** `:ref` is a version number, a tag or `latest`. */
const version = (name: string, ref: string, rest = '') => dataset(name, `/versions/${encodeURIComponent(ref)}${rest}`);

export const listDatasets = async (signal?: AbortSignal): Promise<Dataset[]> =>
  (await v1<{ datasets?: Dataset[] }>('GET', 'datasets', undefined, signal)).datasets ?? [];

/** The dataset and its versions, newest first (the log). */
export const getDatasetLog = async (name: string, signal?: AbortSignal): Promise<{ dataset: Dataset; versions: DatasetVersion[] }> => {
  const r = await v1<{ dataset: Dataset; versions?: DatasetVersion[] }>('GET', dataset(name), undefined, signal);
  return { dataset: r.dataset, versions: r.versions ?? [] };
};

export const getVersion = async (name: string, ref: string, signal?: AbortSignal): Promise<DatasetVersion> =>
  (await v1<{ version: DatasetVersion }>('GET', version(name, ref), undefined, signal)).version;

/** The API's largest page of files. */
export const MAX_FILES_PAGE = 100_000;

/** One page of a version's files under `prefix`, in path order. */
export const listVersionFiles = (
  name: string,
  ref: string,
  q: { prefix?: string; maxResults?: number; pageToken?: string } = {},
  signal?: AbortSignal,
): Promise<{ files: DatasetFile[]; nextPageToken: string | undefined }> =>
  v1<{ files?: DatasetFile[]; next_page_token?: string }>(
    'GET',
    version(name, ref, '/files'),
    { prefix: q.prefix, max_results: q.maxResults, page_token: q.pageToken },
    signal,
  ).then((page) => ({ files: page.files ?? [], nextPageToken: page.next_page_token }));

/** One level of the version's file tree under `path` ('' for the root): folders first, then files. */
export const getVersionTree = async (name: string, ref: string, path: string, signal?: AbortSignal): Promise<TreeEntry[]> =>
  (await v1<{ entries?: TreeEntry[] }>('GET', version(name, ref, '/tree'), { path: path || undefined }, signal)).entries ?? [];

/** Most entries of each kind (added, removed, modified) a diff lists; the summary counts them all. */
export const DIFF_MAX_RESULTS = 1000;

/** What changed from one version to another (`from`/`to` are `name@ref`). */
export const diffVersions = (from: string, to: string, signal?: AbortSignal): Promise<DatasetDiff> =>
  v1<DatasetDiff>('GET', 'datasets/diff', { from, to, max_results: DIFF_MAX_RESULTS }, signal);

/** Runs whose inputs name this version (by its digest). */
export const versionRuns = async (name: string, ref: string, signal?: AbortSignal): Promise<VersionRun[]> =>
  (await v1<{ runs?: VersionRun[] }>('GET', version(name, ref, '/runs'), undefined, signal)).runs ?? [];

/** The version's profile; the server computes it on the first ask, which can take a while. */
export const getVersionProfile = async (name: string, ref: string, signal?: AbortSignal): Promise<DatasetProfile> =>
  (await v1<{ profile: DatasetProfile }>('GET', version(name, ref, '/profile'), undefined, signal)).profile;

/** Rows a query returns at most here (the server's default). */
export const QUERY_MAX_ROWS = 1000;

/** DuckDB SQL over the version's tabular files, named by their paths (`select * from 'labels.csv'`). */
export const queryVersion = (name: string, ref: string, sql: string, signal?: AbortSignal): Promise<QueryResult> =>
  native<QueryResult>(version(name, ref, '/query'), { sql, max_rows: QUERY_MAX_ROWS }, signal);
