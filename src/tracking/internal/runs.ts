import type { Kysely, Selectable } from 'kysely';
import { FlywheelError, invalidArgument, newRunId, notFound, nowMs } from '../../core/index.js';
import type { Dialect } from '../../storage/index.js';
import type { TrackingTables as Database, RunsTable } from '../storage/index.js';
import { applyRunSearch } from '../search/index.js';
import type { CreateRunRequest, ExperimentStats, Page, Run, RunInfo, SearchRunsRequest, UpdateRunRequest } from '../types.js';
import { DEFAULT_EXPERIMENT_ID, lifecycleFilter, type Experiments } from './experiments.js';
import type { MetricsStore } from './metrics-store.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { RUN_NAME_TAG } from './run-batch-rules.js';
import { generateRunName } from './run-names.js';
import { hydrateRuns, toRunInfo } from './run-rows.js';
import { LIMITS, requireExperimentId, requireMaxResults, requireOrderBy, requireRunId, requireStatus, requireStorableText, validateTags } from './validation.js';

const USER_TAG = 'mlflow.user';

// How long a run seen active is trusted without asking the database again. Changes made
// through this process invalidate at once; another server sharing PostgreSQL is seen
// within this time (a log call can land on a run deleted elsewhere a moment before).
const ACTIVE_RUN_TTL_MS = 2000;

/** Runs: creation, lookup, update, lifecycle, search and moving between experiments. */
export class Runs {
  private readonly activeRuns = new Map<string, { row: Selectable<RunsTable>; at: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly experiments: Experiments,
    private readonly metrics: MetricsStore,
  ) {}

  async row(runId: string): Promise<Selectable<RunsTable>> {
    const id = requireRunId(runId);
    const row = await this.db.selectFrom('runs').selectAll().where('run_uuid', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row;
  }

  /**
   * Logging goes only to active runs, as in MLflow. Every log call asks this, so an active
   * run is remembered for a moment: the single log-metric path is one query lighter.
   */
  async requireActive(runId: string): Promise<Selectable<RunsTable>> {
    const hit = this.activeRuns.get(runId);
    const now = Date.now();
    if (hit && now - hit.at < ACTIVE_RUN_TTL_MS) return hit.row;
    const row = await this.row(runId);
    if (row.lifecycle_stage !== 'active') {
      this.activeRuns.delete(runId);
      throw new FlywheelError('FAILED_PRECONDITION', `The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    }
    if (this.activeRuns.size > 10_000) this.activeRuns.clear();
    this.activeRuns.set(runId, { row, at: now });
    return row;
  }

  /** Forgets what requireActive remembered, after a change of lifecycle or experiment. */
  invalidate(runId?: string): void {
    if (runId === undefined) this.activeRuns.clear();
    else this.activeRuns.delete(runId);
  }

  async create(req: CreateRunRequest): Promise<Run> {
    const experimentId = req.experimentId ?? DEFAULT_EXPERIMENT_ID;
    const exp = await this.experiments.requireActive(experimentId);
    const tags = req.tags ?? [];
    validateTags(tags);
    requireStorableText(req.runName, 'run_name');
    requireStorableText(req.userId, 'user_id');
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (req.runName && nameTag && req.runName !== nameTag) {
      throw invalidArgument(`Both 'run_name' ('${req.runName}') and tag '${RUN_NAME_TAG}' ('${nameTag}') were given and differ`);
    }
    const runId = newRunId();
    const name = req.runName || nameTag || generateRunName();
    const startTime = req.startTime ?? nowMs();
    if (!Number.isSafeInteger(startTime)) throw invalidArgument('start_time must be an integer (ms since epoch)');
    const row: Selectable<RunsTable> = {
      run_uuid: runId,
      experiment_id: Number(exp.experimentId),
      name,
      user_id: req.userId || tags.find((t) => t.key === USER_TAG)?.value || 'unknown',
      status: req.status === undefined ? 'RUNNING' : requireStatus(req.status),
      start_time: startTime,
      end_time: null,
      lifecycle_stage: 'active',
      artifact_uri: `${exp.artifactLocation.replace(/\/+$/, '')}/${runId}/artifacts`,
      deleted_time: null,
      job_id: req.jobId ?? null,
    };
    const allTags = [...tags.filter((t) => t.key !== RUN_NAME_TAG), { key: RUN_NAME_TAG, value: name }];
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('runs').values(row).execute();
      await trx.insertInto('tags').values(allTags.map((t) => ({ run_uuid: runId, key: t.key, value: t.value }))).execute();
    });
    return (await hydrateRuns(this.db, this.metrics, [row]))[0]!;
  }

  async get(runId: string): Promise<Run> {
    return (await hydrateRuns(this.db, this.metrics, [await this.row(runId)]))[0]!;
  }

  async update(req: UpdateRunRequest): Promise<RunInfo> {
    const row = await this.requireActive(req.runId);
    const patch: Partial<Selectable<RunsTable>> = {};
    if (req.status !== undefined) patch.status = requireStatus(req.status);
    if (req.endTime !== undefined) {
      if (!Number.isSafeInteger(req.endTime)) throw invalidArgument('end_time must be an integer (ms since epoch)');
      patch.end_time = req.endTime;
    }
    requireStorableText(req.runName, 'run_name');
    if (req.runName !== undefined && req.runName !== '') patch.name = req.runName;
    if (Object.keys(patch).length === 0) return toRunInfo(row);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('runs').set(patch).where('run_uuid', '=', row.run_uuid).execute();
      if (patch.name !== undefined) {
        await trx
          .insertInto('tags')
          .values({ run_uuid: row.run_uuid, key: RUN_NAME_TAG, value: patch.name })
          .onConflict((oc) => oc.columns(['run_uuid', 'key']).doUpdateSet({ value: patch.name! }))
          .execute();
      }
    });
    this.invalidate(row.run_uuid);
    return toRunInfo({ ...row, ...patch });
  }

  async setLifecycle(runId: string, stage: 'active' | 'deleted'): Promise<void> {
    const row = await this.row(runId);
    if (stage === 'active') {
      const exp = await this.experiments.get(String(row.experiment_id));
      if (exp.lifecycleStage !== 'active') {
        throw new FlywheelError('FAILED_PRECONDITION', `Cannot restore run ${runId}: its experiment ${exp.experimentId} is deleted. Restore the experiment first.`);
      }
    }
    await this.db
      .updateTable('runs')
      .set({ lifecycle_stage: stage, deleted_time: stage === 'deleted' ? nowMs() : null })
      .where('run_uuid', '=', row.run_uuid)
      .execute();
    this.invalidate(row.run_uuid);
  }

  async search(req: SearchRunsRequest): Promise<Page<Run>> {
    const maxResults = requireMaxResults(req.maxResults, 1000, LIMITS.maxSearchResults);
    const offset = decodePageToken(req.pageToken, 'offset');
    if (!Array.isArray(req.experimentIds)) throw invalidArgument("'experiment_ids' must be a list of experiment ids");
    if (req.experimentIds.length > LIMITS.searchExperimentIds) {
      throw invalidArgument(`At most ${LIMITS.searchExperimentIds} experiment ids per search; got ${req.experimentIds.length}`);
    }
    const experimentIds = [...new Set(req.experimentIds.map(requireExperimentId))];
    if (experimentIds.length === 0) return { items: [] };
    let q = this.db.selectFrom('runs').selectAll('runs').where('runs.experiment_id', 'in', experimentIds);
    q = lifecycleFilter(q, req.runViewType);
    q = applyRunSearch(q, { filter: req.filter, orderBy: requireOrderBy(req.orderBy), dialect: this.dialect });
    const rows = await q.limit(maxResults + 1).offset(offset).execute();
    const items = await hydrateRuns(this.db, this.metrics, rows.slice(0, maxResults));
    return rows.length > maxResults ? { items, nextPageToken: encodePageToken({ offset: offset + maxResults }) } : { items };
  }

  async move(runId: string, experimentId: string): Promise<void> {
    const row = await this.row(runId);
    const exp = await this.experiments.requireActive(experimentId);
    await this.db.updateTable('runs').set({ experiment_id: Number(exp.experimentId) }).where('run_uuid', '=', row.run_uuid).execute();
    this.invalidate(row.run_uuid);
  }

  async stats(experimentIds: string[]): Promise<ExperimentStats[]> {
    if (!Array.isArray(experimentIds)) throw invalidArgument("'experiment_ids' must be a list of experiment ids");
    if (experimentIds.length > LIMITS.searchExperimentIds) {
      throw invalidArgument(`At most ${LIMITS.searchExperimentIds} experiment ids per request; got ${experimentIds.length}`);
    }
    const ids = [...new Set(experimentIds.map(requireExperimentId))];
    if (ids.length === 0) return [];
    // One grouped scan of the (experiment_id, start_time) index, however many runs there are.
    const rows = await this.db
      .selectFrom('runs')
      .select((eb) => [
        'experiment_id',
        eb.fn.countAll<number>().as('run_count'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'RUNNING').then(1).else(0).end()).as('running_count'),
        eb.fn.max('start_time').as('last_start'),
        eb.fn.max('end_time').as('last_end'),
      ])
      .where('experiment_id', 'in', ids)
      .where('lifecycle_stage', '=', 'active')
      .groupBy('experiment_id')
      .execute();
    const byId = new Map(rows.map((r) => [Number(r.experiment_id), r]));
    return ids.map((id) => {
      const r = byId.get(id);
      const last = r ? Math.max(Number(r.last_start ?? 0), Number(r.last_end ?? 0)) : 0;
      return {
        experimentId: String(id),
        runCount: r ? Number(r.run_count) : 0,
        runningCount: r ? Number(r.running_count ?? 0) : 0,
        lastActivityTime: last > 0 ? last : null,
      };
    });
  }

  /** Deleted runs whose deletion is older than the cutoff: what `fw gc` removes. */
  async deletedBefore(cutoff: number): Promise<Selectable<RunsTable>[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('lifecycle_stage', '=', 'deleted')
      .where((eb) => eb.or([eb('deleted_time', '<=', cutoff), eb('deleted_time', 'is', null)]))
      .execute();
  }
}
