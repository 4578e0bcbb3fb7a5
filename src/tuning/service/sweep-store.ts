import type { Kysely, Selectable } from 'kysely';
import { decodeTimeIdToken, encodeTimeIdToken, invalidArgument } from '../../core/index.js';
import type { Page } from '../../core/tracking-types.js';
import type { ListSweepsRequest, SweepCounts, SweepState, Trial, TrialState } from '../../core/tuning-types.js';
import type { TuningTables as Database, SweepsTable, SweepTrialsTable } from '../storage/index.js';
import type { SweepConfig } from '../config/index.js';
import type { SweepRecord, TrialPatch } from './sweep-record.js';

const DEFAULT_PAGE = 100;
export const MAX_SWEEPS_PAGE = 1000;

/**
 * Sweeps and trials in the database (SQLite or PostgreSQL). State changes are
 * compare-and-set on the current state, so a controller and a user's cancel racing on the
 * same row never both win.
 */
export class SweepStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertSweep(s: SweepRecord): Promise<void> {
    await this.db
      .insertInto('sweeps')
      .values({
        sweep_id: s.sweepId,
        name: s.name,
        state: s.state,
        reason: s.reason,
        config_text: s.configText,
        config: JSON.stringify(s.config),
        cwd: s.cwd,
        env: JSON.stringify(s.env),
        experiment_id: Number(s.experimentId),
        created_time: s.createdTime,
        end_time: s.endTime,
      })
      .execute();
  }

  async getSweep(sweepId: string): Promise<SweepRecord | undefined> {
    const row = await this.db.selectFrom('sweeps').selectAll().where('sweep_id', '=', sweepId).executeTakeFirst();
    return row && sweepFromRow(row);
  }

  async sweepsInStates(states: readonly SweepState[]): Promise<SweepRecord[]> {
    const rows = await this.db.selectFrom('sweeps').selectAll().where('state', 'in', [...states]).orderBy('created_time').execute();
    return rows.map(sweepFromRow);
  }

  async listSweeps(req: ListSweepsRequest): Promise<Page<SweepRecord>> {
    const limit = req.maxResults ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SWEEPS_PAGE) {
      throw invalidArgument(`max_results must be an integer from 1 to ${MAX_SWEEPS_PAGE}`);
    }
    let q = this.db.selectFrom('sweeps').selectAll();
    if (req.states && req.states.length > 0) q = q.where('state', 'in', req.states);
    const after = decodeTimeIdToken(req.pageToken);
    if (after) {
      q = q.where((eb) => eb.or([eb('created_time', '<', after.t), eb.and([eb('created_time', '=', after.t), eb('sweep_id', '<', after.id)])]));
    }
    const rows = await q.orderBy('created_time', 'desc').orderBy('sweep_id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(sweepFromRow);
    const last = items.at(-1);
    return rows.length > limit && last ? { items, nextPageToken: encodeTimeIdToken(last.createdTime, last.sweepId) } : { items };
  }

  /** Moves a sweep out of one of `from`; false when it was no longer in one of them. */
  async transitionSweep(sweepId: string, from: readonly SweepState[], to: { state: SweepState; reason: string | null; endTime?: number | null }): Promise<boolean> {
    const result = await this.db
      .updateTable('sweeps')
      .set({ state: to.state, reason: to.reason, ...(to.endTime !== undefined ? { end_time: to.endTime } : {}) })
      .where('sweep_id', '=', sweepId)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Adds a trial with the next number. Callers serialise per sweep; the key catches any slip. */
  async insertTrial(t: Omit<Trial, 'number'>): Promise<Trial> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('sweep_trials')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('sweep_id', '=', t.sweepId)
        .executeTakeFirst();
      const trial: Trial = { ...t, number: Number(row?.n ?? 0) + 1 };
      await tx.insertInto('sweep_trials').values(trialToRow(trial)).execute();
      return trial;
    });
  }

  async trials(sweepId: string): Promise<Trial[]> {
    const rows = await this.db.selectFrom('sweep_trials').selectAll().where('sweep_id', '=', sweepId).orderBy('number').execute();
    return rows.map(trialFromRow);
  }

  async trial(sweepId: string, number: number): Promise<Trial | undefined> {
    const row = await this.db.selectFrom('sweep_trials').selectAll().where('sweep_id', '=', sweepId).where('number', '=', number).executeTakeFirst();
    return row && trialFromRow(row);
  }

  /** Applies `patch` if the trial is still in one of `from`; returns whether it did. */
  async updateTrial(sweepId: string, number: number, from: readonly TrialState[], patch: TrialPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('sweep_trials')
      .set(patchToRow(patch))
      .where('sweep_id', '=', sweepId)
      .where('number', '=', number)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async counts(sweepIds: readonly string[]): Promise<Map<string, SweepCounts>> {
    const out = new Map<string, SweepCounts>(sweepIds.map((id) => [id, emptyCounts()]));
    if (sweepIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('sweep_trials')
      .select(['sweep_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sweep_id', 'in', [...sweepIds])
      .groupBy(['sweep_id', 'state'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.sweep_id)!;
      const n = Number(r.n);
      c.total += n;
      if (r.state in c) c[r.state as TrialState] += n;
    }
    return out;
  }

  /** Each sweep's best trial (by `goal`): the best completed one, else the best with a value. */
  async best(sweeps: readonly SweepRecord[]): Promise<Map<string, Trial>> {
    const out = new Map<string, Trial>();
    for (const goal of ['minimize', 'maximize'] as const) {
      const ids = sweeps.filter((s) => s.config.metric.goal === goal).map((s) => s.sweepId);
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom('sweep_trials')
        .selectAll()
        .where('sweep_id', 'in', ids)
        .where('value', 'is not', null)
        .where('state', 'in', ['completed', 'stopped', 'running'])
        // Completed trials first, as Optuna's best_trial: a stopped or running trial's value
        // comes from less training. Without any completed trial, the best of the others.
        .orderBy((eb) => eb.case().when('state', '=', 'completed').then(0).else(1).end())
        .orderBy('value', goal === 'minimize' ? 'asc' : 'desc')
        .orderBy('number')
        .execute();
      for (const r of rows) if (!out.has(r.sweep_id)) out.set(r.sweep_id, trialFromRow(r));
    }
    return out;
  }
}

export const emptyCounts = (): SweepCounts => ({ total: 0, running: 0, completed: 0, stopped: 0, failed: 0, cancelled: 0 });

function sweepFromRow(r: Selectable<SweepsTable>): SweepRecord {
  return {
    sweepId: r.sweep_id,
    name: r.name,
    state: r.state as SweepState,
    reason: r.reason,
    configText: r.config_text,
    config: JSON.parse(r.config) as SweepConfig,
    cwd: r.cwd,
    env: JSON.parse(r.env) as Record<string, string>,
    experimentId: String(r.experiment_id),
    createdTime: Number(r.created_time),
    endTime: r.end_time === null ? null : Number(r.end_time),
  };
}

function trialFromRow(r: Selectable<SweepTrialsTable>): Trial {
  return {
    sweepId: r.sweep_id,
    number: Number(r.number),
    state: r.state as TrialState,
    params: JSON.parse(r.params) as Trial['params'],
    value: r.value === null ? null : Number(r.value),
    lastT: r.last_t === null ? null : Number(r.last_t),
    reports: Number(r.reports),
    jobId: r.job_id,
    runId: r.run_id,
    attempt: Number(r.attempt),
    reason: r.reason,
    createdTime: Number(r.created_time),
    endTime: r.end_time === null ? null : Number(r.end_time),
  };
}

function trialToRow(t: Trial): SweepTrialsTable {
  return {
    sweep_id: t.sweepId,
    number: t.number,
    state: t.state,
    params: JSON.stringify(t.params),
    value: t.value,
    last_t: t.lastT,
    reports: t.reports,
    job_id: t.jobId,
    run_id: t.runId,
    attempt: t.attempt,
    reason: t.reason,
    created_time: t.createdTime,
    end_time: t.endTime,
  };
}

function patchToRow(p: TrialPatch): Partial<SweepTrialsTable> {
  const row: Partial<SweepTrialsTable> = {};
  if (p.state !== undefined) row.state = p.state;
  if (p.value !== undefined) row.value = p.value;
  if (p.lastT !== undefined) row.last_t = p.lastT;
  if (p.reports !== undefined) row.reports = p.reports;
  if (p.jobId !== undefined) row.job_id = p.jobId;
  if (p.runId !== undefined) row.run_id = p.runId;
  if (p.attempt !== undefined) row.attempt = p.attempt;
  if (p.reason !== undefined) row.reason = p.reason;
  if (p.endTime !== undefined) row.end_time = p.endTime;
  return row;
}
