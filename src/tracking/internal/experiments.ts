import type { Kysely, Selectable } from 'kysely';
import { alreadyExists, FlywheelError, invalidArgument, notFound, nowMs } from '../../core/index.js';
import type { Dialect } from '../../storage/index.js';
import type { TrackingTables as Database, ExperimentsTable } from '../storage/index.js';
import { applyExperimentSearch } from '../search/index.js';
import type { Experiment, Page, SearchExperimentsRequest, Tag, ViewType } from '../types.js';
import { chunked } from './chunked.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { LIMITS, requireExperimentId, requireMaxResults, requireOrderBy, requireStorableText, validateTags } from './validation.js';

export const DEFAULT_EXPERIMENT_ID = '0';

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; message?: string };
  return err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/** Experiments: creation, lookup, search, lifecycle and tags. */
export class Experiments {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** MLflow clients expect experiment '0' ("Default") to exist. */
  async ensureDefault(): Promise<void> {
    const now = nowMs();
    await this.db
      .insertInto('experiments')
      .values({ experiment_id: 0, name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active', creation_time: now, last_update_time: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async create(req: { name: string; artifactLocation?: string; tags?: Tag[] }): Promise<string> {
    const name = typeof req.name === 'string' ? req.name.trim() : '';
    if (!name) throw invalidArgument("Missing value for required parameter 'name'");
    requireStorableText(name, 'name');
    if (name.length > LIMITS.experimentNameLength) throw invalidArgument(`Experiment name is longer than ${LIMITS.experimentNameLength} characters`);
    const tags = req.tags ?? [];
    validateTags(tags);
    const now = nowMs();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('experiments')
          .values({ name, artifact_location: req.artifactLocation ?? '', lifecycle_stage: 'active', creation_time: now, last_update_time: now })
          .returning('experiment_id')
          .executeTakeFirstOrThrow();
        const id = row.experiment_id;
        if (!req.artifactLocation) {
          await trx.updateTable('experiments').set({ artifact_location: `mlflow-artifacts:/${id}` }).where('experiment_id', '=', id).execute();
        }
        if (tags.length > 0) {
          await trx.insertInto('experiment_tags').values(tags.map((t) => ({ experiment_id: id, key: t.key, value: t.value }))).execute();
        }
        return String(id);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(`Experiment '${name}' already exists.`);
      throw e;
    }
  }

  private async row(experimentId: string): Promise<Selectable<ExperimentsTable>> {
    const id = requireExperimentId(experimentId);
    const row = await this.db.selectFrom('experiments').selectAll().where('experiment_id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`No Experiment with id=${experimentId} exists`);
    return row;
  }

  async get(experimentId: string): Promise<Experiment> {
    const row = await this.row(experimentId);
    return (await this.withTags([row]))[0]!;
  }

  async getByName(name: string): Promise<Experiment> {
    if (typeof name !== 'string' || name === '') throw invalidArgument("Missing value for required parameter 'experiment_name'");
    // Names are stored trimmed (create, rename), so a padded name finds its experiment: else
    // mlflow.set_experiment(' x ') would miss, create, and fail with ALREADY_EXISTS next time.
    const row = await this.db.selectFrom('experiments').selectAll().where('name', '=', name.trim()).executeTakeFirst();
    if (!row) throw notFound(`Could not find experiment with name '${name}'`);
    return (await this.withTags([row]))[0]!;
  }

  /** Throws unless the experiment exists and is active (runs may be created or moved into it). */
  async requireActive(experimentId: string): Promise<Experiment> {
    const exp = await this.get(experimentId);
    if (exp.lifecycleStage !== 'active') {
      throw new FlywheelError('FAILED_PRECONDITION', `The experiment ${experimentId} must be in the 'active' state. Current state is ${exp.lifecycleStage}.`);
    }
    return exp;
  }

  async search(req: SearchExperimentsRequest): Promise<Page<Experiment>> {
    const maxResults = requireMaxResults(req.maxResults, 1000, LIMITS.maxSearchResults);
    const offset = decodePageToken(req.pageToken, 'offset');
    let q = this.db.selectFrom('experiments').selectAll();
    q = lifecycleFilter(q, req.viewType);
    q = applyExperimentSearch(q, { filter: req.filter, orderBy: requireOrderBy(req.orderBy), dialect: this.dialect });
    const rows = await q.limit(maxResults + 1).offset(offset).execute();
    const page = rows.slice(0, maxResults);
    const items = await this.withTags(page);
    return rows.length > maxResults ? { items, nextPageToken: encodePageToken({ offset: offset + maxResults }) } : { items };
  }

  async rename(experimentId: string, newName: string): Promise<void> {
    const name = typeof newName === 'string' ? newName.trim() : '';
    if (!name) throw invalidArgument("Missing value for required parameter 'new_name'");
    requireStorableText(name, 'new_name');
    const exp = await this.row(experimentId);
    if (exp.lifecycle_stage !== 'active') throw new FlywheelError('FAILED_PRECONDITION', 'Cannot rename a non-active experiment.');
    try {
      await this.db.updateTable('experiments').set({ name, last_update_time: nowMs() }).where('experiment_id', '=', exp.experiment_id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(`Experiment '${name}' already exists.`);
      throw e;
    }
  }

  /** Marks the experiment and its active runs deleted; restore brings back the runs deleted with it. */
  async delete(experimentId: string): Promise<void> {
    if (experimentId === DEFAULT_EXPERIMENT_ID) throw invalidArgument('Cannot delete the default experiment (id 0). This is an internally reserved experiment.');
    const exp = await this.row(experimentId);
    if (exp.lifecycle_stage === 'deleted') return;
    const now = nowMs();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('experiments').set({ lifecycle_stage: 'deleted', last_update_time: now }).where('experiment_id', '=', exp.experiment_id).execute();
      await trx
        .updateTable('runs')
        .set({ lifecycle_stage: 'deleted', deleted_time: now })
        .where('experiment_id', '=', exp.experiment_id)
        .where('lifecycle_stage', '=', 'active')
        .execute();
    });
  }

  async restore(experimentId: string): Promise<void> {
    const exp = await this.row(experimentId);
    if (exp.lifecycle_stage === 'active') return;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('experiments').set({ lifecycle_stage: 'active', last_update_time: nowMs() }).where('experiment_id', '=', exp.experiment_id).execute();
      await trx
        .updateTable('runs')
        .set({ lifecycle_stage: 'active', deleted_time: null })
        .where('experiment_id', '=', exp.experiment_id)
        .where('deleted_time', '=', exp.last_update_time)
        .execute();
    });
  }

  async setTag(experimentId: string, tag: Tag): Promise<void> {
    validateTags([tag]);
    const exp = await this.row(experimentId);
    if (exp.lifecycle_stage !== 'active') throw new FlywheelError('FAILED_PRECONDITION', `The experiment ${experimentId} must be in the 'active' state.`);
    await this.db
      .insertInto('experiment_tags')
      .values({ experiment_id: exp.experiment_id, key: tag.key, value: tag.value })
      .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value: tag.value }))
      .execute();
  }

  private async withTags(rows: Selectable<ExperimentsTable>[]): Promise<Experiment[]> {
    const tags = new Map<number, Tag[]>();
    for (const ids of chunked(rows.map((r) => r.experiment_id), 500)) {
      if (ids.length === 0) break;
      for (const t of await this.db.selectFrom('experiment_tags').selectAll().where('experiment_id', 'in', ids).orderBy('key').execute()) {
        let list = tags.get(t.experiment_id);
        if (!list) tags.set(t.experiment_id, (list = []));
        list.push({ key: t.key, value: t.value });
      }
    }
    return rows.map((r) => ({
      experimentId: String(r.experiment_id),
      name: r.name,
      artifactLocation: r.artifact_location,
      lifecycleStage: r.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      creationTime: r.creation_time,
      lastUpdateTime: r.last_update_time,
      tags: tags.get(r.experiment_id) ?? [],
    }));
  }
}

/** ACTIVE_ONLY (the default), DELETED_ONLY or ALL, over a table with a lifecycle_stage column. */
export function lifecycleFilter<Q extends { where: (column: 'lifecycle_stage', op: '=', value: 'active' | 'deleted') => Q }>(q: Q, view: ViewType | undefined): Q {
  switch (view ?? 'ACTIVE_ONLY') {
    case 'ACTIVE_ONLY':
      return q.where('lifecycle_stage', '=', 'active');
    case 'DELETED_ONLY':
      return q.where('lifecycle_stage', '=', 'deleted');
    case 'ALL':
      return q;
    default:
      throw invalidArgument(`Invalid view type '${String(view)}': expected ACTIVE_ONLY, DELETED_ONLY or ALL`);
  }
}
