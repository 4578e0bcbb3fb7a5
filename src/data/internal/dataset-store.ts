import type { Kysely, Selectable } from 'kysely';
import type { Dataset, DatasetVersion } from '../../core/data-types.js';
import type { DataTables as Database, DataVersionsTable } from '../storage/index.js';

export type NewVersion = Omit<DatasetVersion, 'version' | 'tags' | 'dataset'>;

/** Datasets, versions and tags in the database. Versions are only ever inserted. */
export class DatasetStore {
  constructor(private readonly db: Kysely<Database>) {}

  async datasetId(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('data_sets').select('dataset_id').where('name', '=', name).executeTakeFirst();
    return row?.dataset_id;
  }

  /**
   * Inserts the next version of a dataset (creating the dataset on its first version). The
   * number is the latest plus one, taken in the same transaction; a concurrent add that
   * took the same number makes this one fail on the primary key, and it is retried.
   */
  async insertVersion(name: string, v: NewVersion, tags: string[]): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          await tx.insertInto('data_sets').values({ name, created_time: v.createdTime }).onConflict((oc) => oc.column('name').doNothing()).execute();
          const { dataset_id } = await tx.selectFrom('data_sets').select('dataset_id').where('name', '=', name).executeTakeFirstOrThrow();
          const latest = await tx
            .selectFrom('data_versions')
            .select((eb) => eb.fn.max('version').as('v'))
            .where('dataset_id', '=', dataset_id)
            .executeTakeFirst();
          const version = Number(latest?.v ?? 0) + 1;
          await tx
            .insertInto('data_versions')
            .values({
              dataset_id,
              version,
              manifest_hash: v.manifestHash,
              digest: v.digest,
              message: v.message,
              author: v.author,
              created_time: v.createdTime,
              parent: v.parent,
              file_count: v.fileCount,
              total_bytes: v.totalBytes,
              profile_hash: null,
            })
            .execute();
          for (const tag of tags) {
            await tx
              .insertInto('data_tags')
              .values({ dataset_id, tag, version })
              .onConflict((oc) => oc.columns(['dataset_id', 'tag']).doUpdateSet({ version }))
              .execute();
          }
          return version;
        });
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  async list(): Promise<Dataset[]> {
    const rows = await this.db
      .selectFrom('data_sets')
      .leftJoin('data_versions', 'data_versions.dataset_id', 'data_sets.dataset_id')
      .select((eb) => [
        'data_sets.name',
        'data_sets.created_time',
        eb.fn.max('data_versions.version').as('latest'),
        eb.fn.count('data_versions.version').as('count'),
      ])
      .groupBy(['data_sets.dataset_id', 'data_sets.name', 'data_sets.created_time'])
      .orderBy('data_sets.name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      createdTime: r.created_time,
      latestVersion: r.latest === null ? null : Number(r.latest),
      versionCount: Number(r.count),
    }));
  }

  /** Newest first. */
  async versions(name: string): Promise<DatasetVersion[]> {
    const id = await this.datasetId(name);
    if (id === undefined) return [];
    const rows = await this.db.selectFrom('data_versions').selectAll().where('dataset_id', '=', id).orderBy('version', 'desc').execute();
    const tags = await this.tagsOf(id);
    return rows.map((r) => toVersion(name, r, tags.get(r.version) ?? []));
  }

  async version(name: string, version: number): Promise<(DatasetVersion & { profileHash: string | null }) | undefined> {
    const id = await this.datasetId(name);
    if (id === undefined) return undefined;
    const row = await this.db.selectFrom('data_versions').selectAll().where('dataset_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!row) return undefined;
    const tags = await this.tagsOf(id);
    return { ...toVersion(name, row, tags.get(row.version) ?? []), profileHash: row.profile_hash };
  }

  async latest(name: string): Promise<number | undefined> {
    const id = await this.datasetId(name);
    if (id === undefined) return undefined;
    const row = await this.db.selectFrom('data_versions').select((eb) => eb.fn.max('version').as('v')).where('dataset_id', '=', id).executeTakeFirst();
    return row?.v === null || row?.v === undefined ? undefined : Number(row.v);
  }

  async tagged(name: string, tag: string): Promise<number | undefined> {
    const id = await this.datasetId(name);
    if (id === undefined) return undefined;
    const row = await this.db.selectFrom('data_tags').select('version').where('dataset_id', '=', id).where('tag', '=', tag).executeTakeFirst();
    return row?.version;
  }

  async setTag(datasetId: number, tag: string, version: number): Promise<void> {
    await this.db
      .insertInto('data_tags')
      .values({ dataset_id: datasetId, tag, version })
      .onConflict((oc) => oc.columns(['dataset_id', 'tag']).doUpdateSet({ version }))
      .execute();
  }

  async deleteTag(datasetId: number, tag: string): Promise<boolean> {
    const r = await this.db.deleteFrom('data_tags').where('dataset_id', '=', datasetId).where('tag', '=', tag).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async setProfile(name: string, version: number, hash: string): Promise<void> {
    const id = await this.datasetId(name);
    if (id === undefined) return;
    await this.db.updateTable('data_versions').set({ profile_hash: hash }).where('dataset_id', '=', id).where('version', '=', version).execute();
  }

  /** Manifest and profile objects of every version (gc keeps them and what manifests list). */
  async referencedObjects(): Promise<{ manifests: string[]; profiles: string[] }> {
    const rows = await this.db.selectFrom('data_versions').select(['manifest_hash', 'profile_hash']).execute();
    return {
      manifests: [...new Set(rows.map((r) => r.manifest_hash))],
      profiles: rows.map((r) => r.profile_hash).filter((h): h is string => h !== null),
    };
  }

  private async tagsOf(datasetId: number): Promise<Map<number, string[]>> {
    const rows = await this.db.selectFrom('data_tags').select(['tag', 'version']).where('dataset_id', '=', datasetId).orderBy('tag').execute();
    const out = new Map<number, string[]>();
    for (const r of rows) out.set(r.version, [...(out.get(r.version) ?? []), r.tag]);
    return out;
  }
}

function toVersion(dataset: string, r: Selectable<DataVersionsTable>, tags: string[]): DatasetVersion {
  return {
    dataset,
    version: r.version,
    manifestHash: r.manifest_hash,
    digest: r.digest,
    message: r.message,
    author: r.author,
    createdTime: r.created_time,
    parent: r.parent,
    tags,
    fileCount: r.file_count,
    totalBytes: r.total_bytes,
  };
}
