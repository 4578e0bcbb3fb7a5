import type { Generated } from 'kysely';

// The registry module's tables (migrations 006-registry), as Kysely sees them. Times are epoch
// milliseconds. Only this module's code reads or writes them.

/** The model registry (see migration 006). `signature`, `metrics`, `datasets` are JSON text. */
export interface RegisteredModelsTable {
  name: string;
  description: string;
  creation_time: number;
  last_updated_time: number;
  /** The highest version number given so far (never reused). */
  last_version: Generated<number>;
}

export interface RegisteredModelTagsTable {
  name: string;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  name: string;
  version: number;
  creation_time: number;
  last_updated_time: number;
  description: string;
  user_id: string;
  source: string;
  run_id: string;
  status: string;
  status_message: string;
  current_stage: string;
  format: string;
  signature: string;
  metrics: string;
  datasets: string;
  manifest_hash: string;
  file_count: number;
  size_bytes: number;
}

export interface ModelVersionTagsTable {
  name: string;
  version: number;
  key: string;
  value: string;
}

export interface ModelAliasesTable {
  name: string;
  alias: string;
  version: number;
}

export interface ModelAliasEventsTable {
  id: Generated<number>;
  name: string;
  alias: string;
  action: string;
  from_version: number | null;
  to_version: number | null;
  user_id: string;
  time: number;
}

export interface RegistryTables {
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  model_aliases: ModelAliasesTable;
  model_alias_events: ModelAliasEventsTable;
}
