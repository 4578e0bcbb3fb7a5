import type { Generated } from 'kysely';

// The data module's tables (migrations 004-data), as Kysely sees them. Times are epoch
// milliseconds. Only this module's code reads or writes them.

/** Datasets (see migration 004). */
export interface DataSetsTable {
  dataset_id: Generated<number>;
  name: string;
  created_time: number;
}

export interface DataVersionsTable {
  dataset_id: number;
  version: number;
  manifest_hash: string;
  digest: string;
  message: string;
  author: string;
  created_time: number;
  parent: number | null;
  file_count: number;
  total_bytes: number;
  profile_hash: string | null;
}

export interface DataTagsTable {
  dataset_id: number;
  tag: string;
  version: number;
}

export interface DataTables {
  data_sets: DataSetsTable;
  data_versions: DataVersionsTable;
  data_tags: DataTagsTable;
}
