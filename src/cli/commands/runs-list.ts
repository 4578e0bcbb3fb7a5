import type { Experiment, Run, ViewType } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { parseColumn, type Column } from '../render/columns.js';
import { renderRunsTable } from '../render/runs-table.js';
import { resolveExperiment } from '../resolve.js';
import { sortedColumn, toOrderBy } from '../sort-key.js';

export interface RunsListOptions {
  experiment?: string;
  filter?: string;
  sort?: string[];
  limit: number;
  columns?: Column[];
  all?: boolean;
  deleted?: boolean;
  json?: boolean;
}

// MLflow servers cap one page; asking for more than this per request gains nothing.
const PAGE_SIZE = 1000;

/** `fw runs list`: fetches up to --limit runs, then renders them (rendering is in render/). */
export async function runsList(ctx: CliContext, opts: RunsListOptions): Promise<void> {
  const client = ctx.client();
  const runViewType: ViewType = opts.all ? 'ALL' : opts.deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
  const experiments: Experiment[] = opts.experiment
    ? [await resolveExperiment(client, opts.experiment)]
    : await client.listExperiments(runViewType === 'ACTIVE_ONLY' ? 'ACTIVE_ONLY' : 'ALL');
  const orderBy = (opts.sort ?? []).map(toOrderBy);

  const runs: Run[] = [];
  let pageToken: string | undefined;
  let more = false;
  if (experiments.length > 0) {
    do {
      const page = await client.searchRuns({
        experimentIds: experiments.map((e) => e.experimentId),
        runViewType,
        maxResults: Math.min(PAGE_SIZE, opts.limit - runs.length),
        ...(opts.filter ? { filter: opts.filter } : {}),
        ...(orderBy.length > 0 ? { orderBy } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      for (const run of page.items) if (runs.length < opts.limit) runs.push(run);
      pageToken = page.nextPageToken;
      more = pageToken !== undefined;
    } while (pageToken !== undefined && runs.length < opts.limit);
  }

  if (opts.json) return ctx.json(runs);
  const pinned = (opts.sort ?? []).flatMap((key) => {
    const column = sortedColumn(key);
    return column ? [parseColumn(column)] : [];
  });
  ctx.io.out(
    renderRunsTable({
      runs,
      now: ctx.io.now(),
      experimentNames: new Map(experiments.map((e) => [e.experimentId, e.name])),
      ...(opts.columns ? { columns: opts.columns } : {}),
      pinned,
    }),
  );
  if (more) ctx.io.out(`(first ${runs.length} runs shown; raise --limit for more)\n`);
}
