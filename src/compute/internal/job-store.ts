import type { Kysely } from 'kysely';
import type { Job, JobEvent, JobState, ListJobsRequest } from '../../core/index.js';
import type { Page } from '../../core/tracking-types.js';
import { decodeTimeIdToken, encodeTimeIdToken, invalidArgument } from '../../core/index.js';
import type { ComputeTables as Database } from '../storage/index.js';
import { eventFromRow, jobFromRow, jobToRow, patchToRow, type JobPatch } from './job-rows.js';

const DEFAULT_PAGE = 100;
export const MAX_JOBS_PAGE = 1000;

/**
 * Jobs, labels and events in the database (SQLite or PostgreSQL through Kysely). Every
 * state change writes the row and its event in one transaction, so the events are a true
 * history of the row.
 */
export class JobStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(job: Job, event: { reason: string | null }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('jobs').values(jobToRow(job, job.createdTime)).execute();
      const labels = Object.entries(job.labels).map(([key, value]) => ({ job_id: job.jobId, key, value }));
      if (labels.length > 0) await tx.insertInto('job_labels').values(labels).execute();
      await tx
        .insertInto('job_events')
        .values({ job_id: job.jobId, time: job.createdTime, state: job.state, attempt: job.attempt, reason: event.reason, exit_code: null })
        .execute();
    });
  }

  /**
   * Applies a patch (which names the attempt, for its event) if the job is still in one of `from` (a compare-and-set: the state
   * machine never moves a job that something else has already moved). Returns whether it did.
   */
  async transition(
    jobId: string,
    from: readonly JobState[],
    patch: JobPatch & { attempt: number },
    time: number,
    /** States passed through on the way, recorded as events before the final one (an attempt's end before its retry). */
    via: { state: JobState; attempt: number; reason: string | null; exitCode: number | null }[] = [],
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('jobs')
        .set(patchToRow(patch))
        .where('job_id', '=', jobId)
        .where('state', 'in', [...from])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      for (const v of via) {
        await tx
          .insertInto('job_events')
          .values({ job_id: jobId, time, state: v.state, attempt: v.attempt, reason: v.reason, exit_code: v.exitCode })
          .execute();
      }
      if (patch.state !== undefined) {
        await tx
          .insertInto('job_events')
          .values({ job_id: jobId, time, state: patch.state, attempt: patch.attempt, reason: patch.reason ?? null, exit_code: patch.exitCode ?? null })
          .execute();
      }
      return true;
    });
  }

  /** Sets fields that are not a state change (the external id once the executor answers). */
  async update(jobId: string, patch: Omit<JobPatch, 'state'>): Promise<void> {
    await this.db.updateTable('jobs').set(patchToRow(patch)).where('job_id', '=', jobId).execute();
  }

  async get(jobId: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    if (!row) return undefined;
    return jobFromRow(row, await this.labelsOf([jobId]).then((m) => m.get(jobId) ?? {}));
  }

  /** Jobs in these states, oldest first (what the scheduler loads on start). */
  async inStates(states: readonly JobState[]): Promise<{ job: Job; queuedTime: number }[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('state', 'in', [...states]).orderBy('created_time').orderBy('job_id').execute();
    const labels = await this.labelsOf(rows.map((r) => r.job_id));
    return rows.map((r) => ({ job: jobFromRow(r, labels.get(r.job_id) ?? {}), queuedTime: r.queued_time }));
  }

  /** Newest first; the page token is the position of the last job returned. */
  async list(req: ListJobsRequest): Promise<Page<Job>> {
    const limit = req.maxResults ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JOBS_PAGE) {
      throw invalidArgument(`max_results must be an integer from 1 to ${MAX_JOBS_PAGE}`);
    }
    let q = this.db.selectFrom('jobs').selectAll();
    if (req.states && req.states.length > 0) q = q.where('state', 'in', req.states);
    if (req.executor) q = q.where('executor', '=', req.executor);
    if (req.queue) q = q.where('queue', '=', req.queue);
    for (const [key, value] of Object.entries(req.labels ?? {})) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('job_labels')
            .select('job_labels.job_id')
            .whereRef('job_labels.job_id', '=', 'jobs.job_id')
            .where('job_labels.key', '=', key)
            .where('job_labels.value', '=', value),
        ),
      );
    }
    const after = decodeTimeIdToken(req.pageToken);
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('created_time', '<', after.t), eb.and([eb('created_time', '=', after.t), eb('job_id', '<', after.id)])]),
      );
    }
    const rows = await q.orderBy('created_time', 'desc').orderBy('job_id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const labels = await this.labelsOf(page.map((r) => r.job_id));
    const items = page.map((r) => jobFromRow(r, labels.get(r.job_id) ?? {}));
    const last = page.at(-1);
    return rows.length > limit && last ? { items, nextPageToken: encodeTimeIdToken(last.created_time, last.job_id) } : { items };
  }

  async events(jobId: string): Promise<JobEvent[]> {
    const rows = await this.db.selectFrom('job_events').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
    return rows.map(eventFromRow);
  }

  async countByState(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  private async labelsOf(jobIds: string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (jobIds.length === 0) return out;
    const rows = await this.db.selectFrom('job_labels').selectAll().where('job_id', 'in', jobIds).execute();
    for (const r of rows) {
      const labels = out.get(r.job_id) ?? {};
      labels[r.key] = r.value;
      out.set(r.job_id, labels);
    }
    return out;
  }
}
