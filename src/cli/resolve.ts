import { FlywheelError, invalidArgument, notFound } from '../core/errors.js';
import type { Experiment, TrackingClient } from '../sdk/index.js';
import { shortId } from './render/format.js';

const isNotFound = (e: unknown) => e instanceof FlywheelError && e.code === 'NOT_FOUND';

/**
 * An experiment from what a user typed: an id (digits) or a name. An all-digit name is
 * possible in MLflow, so digits that are no experiment's id are tried as a name too.
 */
export async function resolveExperiment(client: TrackingClient, nameOrId: string): Promise<Experiment> {
  if (/^\d+$/.test(nameOrId)) {
    try {
      return await client.getExperiment(nameOrId);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  try {
    return await client.getExperimentByName(nameOrId);
  } catch (e) {
    if (isNotFound(e)) throw notFound(`no experiment with the name or id '${nameOrId}'`);
    throw e;
  }
}

const FULL_RUN_ID = /^[0-9a-f]{32}$/;
const RUN_ID_PREFIX = /^[0-9a-f]{4,31}$/;

/**
 * A full run id from a full id or a unique prefix of at least 4 characters (the tables print 8).
 * MLflow's search cannot match id prefixes, so a prefix is looked for among every run the
 * server holds, deleted ones included; that costs a listing, which is fine at the scale one
 * server holds and saves typing 32 characters.
 */
export async function resolveRunId(client: TrackingClient, idOrPrefix: string): Promise<string> {
  const id = idOrPrefix.toLowerCase();
  if (FULL_RUN_ID.test(id)) return id;
  if (!RUN_ID_PREFIX.test(id)) {
    throw invalidArgument(`'${idOrPrefix}' is not a run id (32 hex characters, or a unique prefix of at least 4)`);
  }
  const experiments = await client.listExperiments('ALL');
  if (experiments.length === 0) throw notFound(`no run id starts with '${idOrPrefix}'`);
  const matches: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns({
      experimentIds: experiments.map((e) => e.experimentId),
      runViewType: 'ALL',
      maxResults: 1000,
      ...(pageToken ? { pageToken } : {}),
    });
    for (const run of page.items) if (run.info.runId.startsWith(id)) matches.push(run.info.runId);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined && matches.length < 2);
  if (matches.length === 0) throw notFound(`no run id starts with '${idOrPrefix}'`);
  if (matches.length > 1) {
    throw invalidArgument(`'${idOrPrefix}' matches several runs (${matches.map(shortId).join(', ')}, ...); give more characters`);
  }
  return matches[0]!;
}
