import type { AliasEvent, GateSpec, ModelAliasRef, ModelSignature, RegisteredModel, TensorSpec } from '../../api/models-types';
import { formatNumber } from '../../lib/format';

/** `features FP32[-1,4]`: a tensor's name, datatype and shape (-1: any size). */
export const tensorText = (t: TensorSpec): string => `${t.name} ${t.datatype}[${t.shape.join(',')}]`;

/**
 * A signature on one line, inputs → outputs; '—' when the model has none recorded.
 *
 * @example signatureSummary(sig) // "features FP32[-1,4] → probs FP32[-1,3]"
 */
export function signatureSummary(sig: ModelSignature | undefined): string {
  if (!sig || (sig.inputs.length === 0 && sig.outputs.length === 0)) return '—';
  return `${sig.inputs.map(tensorText).join(', ') || '—'} → ${sig.outputs.map(tensorText).join(', ') || '—'}`;
}

export interface AliasChip {
  alias: string;
  version: string;
  /** `production → v3` */
  label: string;
}

/** A model's aliases as chips, by alias name. */
export function aliasChips(aliases: readonly ModelAliasRef[]): AliasChip[] {
  return [...aliases].sort((a, b) => a.alias.localeCompare(b.alias)).map((a) => ({ alias: a.alias, version: a.version, label: `${a.alias} → v${a.version}` }));
}

/** The aliases that point at each version: version → alias names, sorted. */
export function aliasesByVersion(aliases: readonly ModelAliasRef[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of aliasChips(aliases)) out.set(a.version, [...(out.get(a.version) ?? []), a.alias]);
  return out;
}

/** The newest version number of the model (latest_versions holds the newest of each stage); undefined with none. */
export function latestVersion(model: Pick<RegisteredModel, 'latest_versions'>): number | undefined {
  const numbers = model.latest_versions.map((v) => Number(v.version)).filter(Number.isFinite);
  return numbers.length === 0 ? undefined : Math.max(...numbers);
}

/** A metric as the registry sends it: numbers compact; NaN and ±Infinity come as strings. */
export function metricText(v: number | string): string {
  if (typeof v === 'number') return formatNumber(v);
  const n = Number(v);
  return Number.isNaN(n) && v !== 'NaN' ? v : formatNumber(n);
}

/** The first `max` metrics by key, for a table cell: `acc 0.96 · loss 0.1`; the rest counted. */
export function keyMetricsText(metrics: Record<string, number | string>, max = 3): string {
  const keys = Object.keys(metrics).sort();
  if (keys.length === 0) return '';
  const shown = keys.slice(0, max).map((k) => `${k} ${metricText(metrics[k]!)}`);
  return shown.join(' · ') + (keys.length > max ? ` · +${keys.length - max}` : '');
}

const flowValue = (v: unknown): string => (Array.isArray(v) ? `[${v.map(flowValue).join(', ')}]` : typeof v === 'string' && /^[A-Za-z0-9_.@/-]+$/.test(v) ? v : JSON.stringify(v));

/**
 * One gate as a line of a gates file: a metric gate in its short form, the others as flow maps.
 *
 * @example gateText({ metric: { metric: 'val_acc', op: '>=', value: 0.9 } }) // "metric: val_acc >= 0.9"
 */
export function gateText(gate: GateSpec): string {
  if ('metric' in gate) return `metric: ${gate.metric.metric} ${gate.metric.op} ${gate.metric.value}`;
  const [key, body] = Object.entries(gate)[0] ?? ['gate', {}];
  const fields = Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${flowValue(v)}`);
  return `${key}: { ${fields.join(', ')} }`;
}

/** What an alias move did: `v2 → v3`, `set to v1`, `removed from v3`. */
export function aliasMoveText(e: Pick<AliasEvent, 'action' | 'from_version' | 'to_version'>): string {
  if (e.action === 'delete') return e.from_version === null ? 'removed' : `removed from v${e.from_version}`;
  if (e.from_version === null) return `set to v${e.to_version ?? '?'}`;
  return `v${e.from_version} → v${e.to_version ?? '?'}`;
}

/** Where the UI shows a model, and one of its versions. */
export const modelUrl = (name: string): string => `/models/${encodeURIComponent(name)}`;
export const modelVersionUrl = (name: string, version: string | number): string => `${modelUrl(name)}/versions/${encodeURIComponent(String(version))}`;
