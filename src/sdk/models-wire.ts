import type {
  AliasEvent,
  ModelFileEntry,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
} from '../core/registry-types.js';
import { list, num, numOrNull, obj, str, type Json } from './wire-readers.js';

/** The registry's JSON (MLflow's messages plus Flywheel's fields) as the SDK's types. */
export function registeredModelFromWire(v: unknown): RegisteredModel {
  const m = obj(v);
  return {
    name: str(m.name),
    description: str(m.description),
    creationTime: num(m.creation_timestamp),
    lastUpdatedTime: num(m.last_updated_timestamp),
    tags: list(m.tags).map(tagFromWire),
    aliases: list(m.aliases).map((a) => ({ alias: str(obj(a).alias), version: num(obj(a).version) })),
    latestVersions: list(m.latest_versions).map(modelVersionFromWire),
  };
}

export function modelVersionFromWire(v: unknown): ModelVersion {
  const m = obj(v);
  const signature = obj(m.signature);
  const spec = (s: unknown) => ({ name: str(obj(s).name), datatype: str(obj(s).datatype), shape: list(obj(s).shape).map((d) => num(d, -1)) });
  return {
    name: str(m.name),
    version: num(m.version),
    creationTime: num(m.creation_timestamp),
    lastUpdatedTime: num(m.last_updated_timestamp),
    description: str(m.description),
    userId: str(m.user_id),
    source: str(m.source),
    runId: str(m.run_id),
    status: (str(m.status) || 'READY') as ModelVersionStatus,
    statusMessage: str(m.status_message),
    currentStage: (str(m.current_stage) || 'None') as ModelVersionStage,
    tags: list(m.tags).map(tagFromWire),
    aliases: list(m.aliases).map(str),
    format: str(m.format),
    signature: { inputs: list(signature.inputs).map(spec), outputs: list(signature.outputs).map(spec) },
    // NaN and ±Infinity arrive as strings.
    metrics: Object.fromEntries(Object.entries(obj(m.metrics)).map(([k, x]) => [k, typeof x === 'string' ? Number(x) : num(x, NaN)])),
    datasets: list(m.datasets).map((d) => ({ name: str(obj(d).name), digest: str(obj(d).digest) })),
    manifestHash: '',
    files: num(m.files),
    sizeBytes: num(m.size_bytes),
  };
}

export function aliasEventFromWire(v: unknown, name: string): AliasEvent {
  const e = obj(v);
  return {
    name,
    alias: str(e.alias),
    action: str(e.action) === 'delete' ? 'delete' : 'set',
    fromVersion: numOrNull(e.from_version),
    toVersion: numOrNull(e.to_version),
    userId: str(e.user_id),
    time: num(e.time),
  };
}

export function fileEntryFromWire(v: unknown): ModelFileEntry {
  const f = obj(v);
  return { path: str(f.path), size: num(f.size), sha256: str(f.sha256) };
}

function tagFromWire(v: unknown): { key: string; value: string } {
  const t: Json = obj(v);
  return { key: str(t.key), value: str(t.value) };
}
