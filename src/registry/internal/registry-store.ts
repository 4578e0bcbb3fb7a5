import type { Kysely, Transaction } from 'kysely';
import type { AliasEvent, ModelAlias, ModelVersion, ModelVersionStage, RegistryTag } from '../../core/registry-types.js';
import type { Dialect } from '../../storage/index.js';
import type { RegistryTables as Database } from '../storage/index.js';
import { textOrder, type FilterExpr, type OrderClause } from '../../tracking/index.js';
import { toAliasEvent, toModelVersion, versionRow, type NewModelVersion } from './registry-rows.js';
import { modelCondition, versionCondition, type ModelField, type ModelOrderColumn, type VersionField, type VersionOrderColumn } from './registry-search.js';

/** A registered model as stored, without its versions. */
export interface ModelRecord {
  name: string;
  description: string;
  creationTime: number;
  lastUpdatedTime: number;
  tags: RegistryTag[];
  aliases: ModelAlias[];
}

export interface StoreSearch<F, O> {
  filter: FilterExpr<F> | undefined;
  order: OrderClause<O>[];
  offset: number;
  limit: number;
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Registered models, versions, tags, aliases and alias events. It stores and reads; the
 * service validates. Methods that change something answer whether there was anything to
 * change, so the service can say what was missing.
 */
export class RegistryStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** False when a model of that name exists. */
  async createModel(m: { name: string; description: string; time: number; tags: RegistryTag[] }): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto('registered_models')
        .values({ name: m.name, description: m.description, creation_time: m.time, last_updated_time: m.time })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      // A model created again under an old name starts with no history.
      await tx.deleteFrom('model_alias_events').where('name', '=', m.name).execute();
      for (const t of dedupeTags(m.tags)) await tx.insertInto('registered_model_tags').values({ name: m.name, key: t.key, value: t.value }).execute();
      return true;
    });
  }

  async getModel(name: string): Promise<ModelRecord | undefined> {
    const row = await this.db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) return undefined;
    const [tags, aliases] = await Promise.all([this.modelTags([name]), this.aliasesOf([name])]);
    return {
      name: row.name,
      description: row.description,
      creationTime: Number(row.creation_time),
      lastUpdatedTime: Number(row.last_updated_time),
      tags: tags.get(name) ?? [],
      aliases: aliases.get(name) ?? [],
    };
  }

  /** False when `from` does not exist; throws on a taken `to` (the service checks first). */
  async renameModel(from: string, to: string, time: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('registered_models').set({ name: to, last_updated_time: time }).where('name', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await tx.deleteFrom('model_alias_events').where('name', '=', to).execute();
      await tx.updateTable('model_alias_events').set({ name: to }).where('name', '=', from).execute();
      return true;
    });
  }

  async updateModel(name: string, patch: { description?: string; time: number }): Promise<boolean> {
    const r = await this.db
      .updateTable('registered_models')
      .set({ last_updated_time: patch.time, ...(patch.description !== undefined ? { description: patch.description } : {}) })
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deletes the model with its versions, tags and aliases (cascades) and its alias history. */
  async deleteModel(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx.deleteFrom('registered_models').where('name', '=', name).executeTakeFirst();
      await tx.deleteFrom('model_alias_events').where('name', '=', name).execute();
      return Number(r.numDeletedRows) > 0;
    });
  }

  async setModelTag(name: string, tag: RegistryTag, time: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      if (!(await touchModel(tx, name, time))) return false;
      await tx
        .insertInto('registered_model_tags')
        .values({ name, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['name', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      return true;
    });
  }

  async deleteModelTag(name: string, key: string): Promise<boolean> {
    const r = await this.db.deleteFrom('registered_model_tags').where('name', '=', name).where('key', '=', key).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** One page of models (without versions), ordered by the clauses then name. */
  async searchModels(search: StoreSearch<ModelField, ModelOrderColumn>): Promise<ModelRecord[]> {
    let qb = this.db.selectFrom('registered_models').selectAll();
    const { filter } = search;
    if (filter) qb = qb.where((eb) => modelCondition(eb, filter, this.dialect));
    const text = textOrder(this.dialect);
    for (const { field, descending } of search.order) {
      qb = qb.orderBy(`registered_models.${field}`, (ob) => {
        const typed = field === 'name' ? text(ob) : ob;
        return descending ? typed.desc() : typed.asc();
      });
    }
    if (!search.order.some((c) => c.field === 'name')) qb = qb.orderBy('registered_models.name', (ob) => text(ob).asc());
    const rows = await qb.limit(search.limit).offset(search.offset).execute();
    const names = rows.map((r) => r.name);
    const [tags, aliases] = await Promise.all([this.modelTags(names), this.aliasesOf(names)]);
    return rows.map((r) => ({
      name: r.name,
      description: r.description,
      creationTime: Number(r.creation_time),
      lastUpdatedTime: Number(r.last_updated_time),
      tags: tags.get(r.name) ?? [],
      aliases: aliases.get(r.name) ?? [],
    }));
  }

  /**
   * Inserts the model's next version: one more than the highest number it ever had, counted
   * on the model's row, whose update also serializes concurrent inserts. Undefined when the
   * model does not exist.
   */
  async insertVersion(name: string, v: NewModelVersion, tags: RegistryTag[]): Promise<number | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const bumped = await tx
        .updateTable('registered_models')
        .set((eb) => ({ last_version: eb('last_version', '+', 1), last_updated_time: v.creationTime }))
        .where('name', '=', name)
        .returning('last_version')
        .executeTakeFirst();
      if (!bumped) return undefined;
      const version = Number(bumped.last_version);
      await tx.insertInto('model_versions').values(versionRow(name, version, v)).execute();
      for (const t of dedupeTags(tags)) await tx.insertInto('model_version_tags').values({ name, version, key: t.key, value: t.value }).execute();
      return version;
    });
  }

  async getVersion(name: string, version: number): Promise<ModelVersion | undefined> {
    const row = await this.db.selectFrom('model_versions').selectAll().where('name', '=', name).where('version', '=', version).executeTakeFirst();
    if (!row) return undefined;
    return (await this.withTagsAndAliases([row]))[0];
  }

  /** Every version of a model, newest first. */
  async versionsOf(name: string): Promise<ModelVersion[]> {
    const rows = await this.db.selectFrom('model_versions').selectAll().where('name', '=', name).orderBy('version', 'desc').execute();
    return this.withTagsAndAliases(rows);
  }

  /** The newest version of each stage, for each of these models (MLflow's latest_versions). */
  async latestPerStage(names: string[]): Promise<Map<string, ModelVersion[]>> {
    const out = new Map<string, ModelVersion[]>();
    if (names.length === 0) return out;
    const newest = await this.db
      .selectFrom('model_versions')
      .select((eb) => ['name', 'current_stage', eb.fn.max('version').as('v')])
      .where('name', 'in', names)
      .groupBy(['name', 'current_stage'])
      .execute();
    if (newest.length === 0) return out;
    const rows = await this.db
      .selectFrom('model_versions')
      .selectAll()
      .where((eb) => eb.or(newest.map((n) => eb.and([eb('name', '=', n.name), eb('version', '=', Number(n.v))]))))
      .orderBy('version', 'asc')
      .execute();
    for (const v of await this.withTagsAndAliases(rows)) out.set(v.name, [...(out.get(v.name) ?? []), v]);
    return out;
  }

  async latestVersion(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('model_versions').select((eb) => eb.fn.max('version').as('v')).where('name', '=', name).executeTakeFirst();
    return row?.v === null || row?.v === undefined ? undefined : Number(row.v);
  }

  async updateVersion(name: string, version: number, patch: { description?: string; stage?: ModelVersionStage; time: number }): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .updateTable('model_versions')
        .set({
          last_updated_time: patch.time,
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.stage !== undefined ? { current_stage: patch.stage } : {}),
        })
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await touchModel(tx, name, patch.time);
      return true;
    });
  }

  /** Moves the model's other versions in `stage` to Archived (transition-stage's archive_existing_versions). */
  async archiveOthers(name: string, stage: ModelVersionStage, except: number, time: number): Promise<void> {
    await this.db
      .updateTable('model_versions')
      .set({ current_stage: 'Archived', last_updated_time: time })
      .where('name', '=', name)
      .where('current_stage', '=', stage)
      .where('version', '!=', except)
      .execute();
  }

  /** Deletes a version, its tags, and the aliases pointing at it (each recorded as a delete event). */
  async deleteVersion(name: string, version: number, userId: string, time: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const aliases = await tx.selectFrom('model_aliases').select('alias').where('name', '=', name).where('version', '=', version).execute();
      const r = await tx.deleteFrom('model_versions').where('name', '=', name).where('version', '=', version).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      for (const { alias } of aliases) {
        await tx.deleteFrom('model_aliases').where('name', '=', name).where('alias', '=', alias).execute();
        await tx
          .insertInto('model_alias_events')
          .values({ name, alias, action: 'delete', from_version: version, to_version: null, user_id: userId, time })
          .execute();
      }
      await touchModel(tx, name, time);
      return true;
    });
  }

  async setVersionTag(name: string, version: number, tag: RegistryTag, time: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('model_versions').set({ last_updated_time: time }).where('name', '=', name).where('version', '=', version).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await tx
        .insertInto('model_version_tags')
        .values({ name, version, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['name', 'version', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      return true;
    });
  }

  async deleteVersionTag(name: string, version: number, key: string): Promise<boolean> {
    const r = await this.db.deleteFrom('model_version_tags').where('name', '=', name).where('version', '=', version).where('key', '=', key).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Points the alias at `version` and records the change, in one transaction. Resolves the
   * version it pointed at before (null when it is new). The service checks the version exists.
   */
  async setAlias(a: { name: string; alias: string; version: number; userId: string; time: number }): Promise<number | null> {
    return this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('model_aliases').select('version').where('name', '=', a.name).where('alias', '=', a.alias).executeTakeFirst();
      await tx
        .insertInto('model_aliases')
        .values({ name: a.name, alias: a.alias, version: a.version })
        .onConflict((oc) => oc.columns(['name', 'alias']).doUpdateSet({ version: a.version }))
        .execute();
      const from = before ? Number(before.version) : null;
      await tx
        .insertInto('model_alias_events')
        .values({ name: a.name, alias: a.alias, action: 'set', from_version: from, to_version: a.version, user_id: a.userId, time: a.time })
        .execute();
      await touchModel(tx, a.name, a.time);
      return from;
    });
  }

  /** Removes the alias and records it; false when there was no such alias. */
  async deleteAlias(a: { name: string; alias: string; userId: string; time: number }): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('model_aliases').select('version').where('name', '=', a.name).where('alias', '=', a.alias).executeTakeFirst();
      if (!before) return false;
      await tx.deleteFrom('model_aliases').where('name', '=', a.name).where('alias', '=', a.alias).execute();
      await tx
        .insertInto('model_alias_events')
        .values({ name: a.name, alias: a.alias, action: 'delete', from_version: Number(before.version), to_version: null, user_id: a.userId, time: a.time })
        .execute();
      await touchModel(tx, a.name, a.time);
      return true;
    });
  }

  async aliasVersion(name: string, alias: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('model_aliases').select('version').where('name', '=', name).where('alias', '=', alias).executeTakeFirst();
    return row ? Number(row.version) : undefined;
  }

  /** The model's alias changes, newest first. */
  async aliasEvents(name: string): Promise<AliasEvent[]> {
    const rows = await this.db.selectFrom('model_alias_events').selectAll().where('name', '=', name).orderBy('id', 'desc').execute();
    return rows.map(toAliasEvent);
  }

  /** One page of versions, ordered by the clauses, then name ASC, version DESC. */
  async searchVersions(search: StoreSearch<VersionField, VersionOrderColumn>): Promise<ModelVersion[]> {
    let qb = this.db.selectFrom('model_versions').selectAll();
    const { filter } = search;
    if (filter) qb = qb.where((eb) => versionCondition(eb, filter, this.dialect));
    const text = textOrder(this.dialect);
    for (const { field, descending } of search.order) {
      qb = qb.orderBy(`model_versions.${field}`, (ob) => {
        const typed = field === 'name' ? text(ob) : ob;
        return descending ? typed.desc() : typed.asc();
      });
    }
    if (!search.order.some((c) => c.field === 'name')) qb = qb.orderBy('model_versions.name', (ob) => text(ob).asc());
    if (!search.order.some((c) => c.field === 'version')) qb = qb.orderBy('model_versions.version', 'desc');
    const rows = await qb.limit(search.limit).offset(search.offset).execute();
    return this.withTagsAndAliases(rows);
  }

  /** Every version's manifest object (gc keeps them and the files they list). */
  async manifestHashes(): Promise<string[]> {
    const rows = await this.db.selectFrom('model_versions').select('manifest_hash').distinct().execute();
    return rows.map((r) => r.manifest_hash);
  }

  private async modelTags(names: string[]): Promise<Map<string, RegistryTag[]>> {
    const out = new Map<string, RegistryTag[]>();
    if (names.length === 0) return out;
    const rows = await this.db.selectFrom('registered_model_tags').selectAll().where('name', 'in', names).orderBy('key').execute();
    for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), { key: r.key, value: r.value }]);
    return out;
  }

  private async aliasesOf(names: string[]): Promise<Map<string, ModelAlias[]>> {
    const out = new Map<string, ModelAlias[]>();
    if (names.length === 0) return out;
    const rows = await this.db.selectFrom('model_aliases').selectAll().where('name', 'in', names).orderBy('alias').execute();
    for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), { alias: r.alias, version: Number(r.version) }]);
    return out;
  }

  private async withTagsAndAliases(rows: Parameters<typeof toModelVersion>[0][]): Promise<ModelVersion[]> {
    if (rows.length === 0) return [];
    const names = [...new Set(rows.map((r) => r.name))];
    const [tagRows, aliasRows] = await Promise.all([
      this.db.selectFrom('model_version_tags').selectAll().where('name', 'in', names).orderBy('key').execute(),
      this.db.selectFrom('model_aliases').selectAll().where('name', 'in', names).orderBy('alias').execute(),
    ]);
    const key = (name: string, version: number) => `${version}\0${name}`;
    const tags = new Map<string, RegistryTag[]>();
    for (const t of tagRows) tags.set(key(t.name, Number(t.version)), [...(tags.get(key(t.name, Number(t.version))) ?? []), { key: t.key, value: t.value }]);
    const aliases = new Map<string, string[]>();
    for (const a of aliasRows) aliases.set(key(a.name, Number(a.version)), [...(aliases.get(key(a.name, Number(a.version))) ?? []), a.alias]);
    return rows.map((r) => toModelVersion(r, tags.get(key(r.name, Number(r.version))) ?? [], aliases.get(key(r.name, Number(r.version))) ?? []));
  }
}

/** Bumps a model's last-updated time; false when the model does not exist. */
async function touchModel(db: Db, name: string, time: number): Promise<boolean> {
  const r = await db.updateTable('registered_models').set({ last_updated_time: time }).where('name', '=', name).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The last value of a repeated key wins, as a later set-tag would. */
function dedupeTags(tags: RegistryTag[]): RegistryTag[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()];
}
