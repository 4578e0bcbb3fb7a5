import type { Selectable } from 'kysely';
import type { AliasAction, AliasEvent, ModelVersion, ModelVersionStage, ModelVersionStatus, RegistryTag } from '../../core/registry-types.js';
import type { ModelAliasEventsTable, ModelVersionsTable } from '../storage/index.js';

/** A version as inserted: everything but its number, tags and aliases. */
export type NewModelVersion = Omit<ModelVersion, 'name' | 'version' | 'tags' | 'aliases'>;

/** The one mapper from a model_versions row to the domain type. */
export function toModelVersion(r: Selectable<ModelVersionsTable>, tags: RegistryTag[], aliases: string[]): ModelVersion {
  return {
    name: r.name,
    version: Number(r.version),
    creationTime: Number(r.creation_time),
    lastUpdatedTime: Number(r.last_updated_time),
    description: r.description,
    userId: r.user_id,
    source: r.source,
    runId: r.run_id,
    status: r.status as ModelVersionStatus,
    statusMessage: r.status_message,
    currentStage: r.current_stage as ModelVersionStage,
    tags,
    aliases,
    format: r.format,
    signature: JSON.parse(r.signature) as ModelVersion['signature'],
    metrics: readMetrics(r.metrics),
    datasets: JSON.parse(r.datasets) as ModelVersion['datasets'],
    manifestHash: r.manifest_hash,
    files: Number(r.file_count),
    sizeBytes: Number(r.size_bytes),
  };
}

export function versionRow(name: string, version: number, v: NewModelVersion): Selectable<ModelVersionsTable> {
  return {
    name,
    version,
    creation_time: v.creationTime,
    last_updated_time: v.lastUpdatedTime,
    description: v.description,
    user_id: v.userId,
    source: v.source,
    run_id: v.runId,
    status: v.status,
    status_message: v.statusMessage,
    current_stage: v.currentStage,
    format: v.format,
    // Metric values may be NaN or ±Infinity, which JSON cannot hold: they are kept as strings.
    signature: JSON.stringify(v.signature),
    metrics: JSON.stringify(v.metrics, (_k, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)),
    datasets: JSON.stringify(v.datasets),
    manifest_hash: v.manifestHash,
    file_count: v.files,
    size_bytes: v.sizeBytes,
  };
}

export function toAliasEvent(r: Selectable<ModelAliasEventsTable>): AliasEvent {
  return {
    name: r.name,
    alias: r.alias,
    action: r.action as AliasAction,
    fromVersion: r.from_version === null ? null : Number(r.from_version),
    toVersion: r.to_version === null ? null : Number(r.to_version),
    userId: r.user_id,
    time: Number(r.time),
  };
}

function readMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, number | string>)) out[k] = Number(v);
  return out;
}
