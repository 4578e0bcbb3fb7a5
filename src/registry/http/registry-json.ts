import type { AliasEvent, ModelVersion, RegisteredModel } from '../../core/registry-types.js';

/**
 * The registry's JSON: MLflow's RegisteredModel and ModelVersion messages (versions are
 * strings, times epoch ms), with Flywheel's fields beside MLflow's in the same object.
 */
export function registeredModelJson(m: RegisteredModel): Record<string, unknown> {
  return {
    name: m.name,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime,
    description: m.description,
    latest_versions: m.latestVersions.map(modelVersionJson),
    tags: m.tags,
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}

export function modelVersionJson(v: ModelVersion): Record<string, unknown> {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTime,
    last_updated_timestamp: v.lastUpdatedTime,
    user_id: v.userId,
    current_stage: v.currentStage,
    description: v.description,
    source: v.source,
    run_id: v.runId,
    run_link: '',
    status: v.status,
    status_message: v.statusMessage,
    tags: v.tags,
    aliases: v.aliases,
    format: v.format,
    signature: v.signature,
    // JSON has no NaN or ±Infinity: they travel as strings, as in MLflow's metric values.
    metrics: Object.fromEntries(Object.entries(v.metrics).map(([k, x]) => [k, Number.isFinite(x) ? x : String(x)])),
    datasets: v.datasets,
    files: v.files,
    size_bytes: v.sizeBytes,
  };
}

export function aliasEventJson(e: AliasEvent): Record<string, unknown> {
  return {
    alias: e.alias,
    action: e.action,
    from_version: e.fromVersion === null ? null : String(e.fromVersion),
    to_version: e.toVersion === null ? null : String(e.toVersion),
    user_id: e.userId,
    time: e.time,
  };
}
