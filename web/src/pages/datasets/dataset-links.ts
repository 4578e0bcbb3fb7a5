/** Where the UI shows a dataset, and a version of it (`ref`: a number, a tag or `latest`). */
export const datasetUrl = (name: string): string => `/datasets/${encodeURIComponent(name)}`;
export const versionUrl = (name: string, ref: string | number): string => `${datasetUrl(name)}/versions/${encodeURIComponent(String(ref))}`;

// As in src/core/data-types.ts (the web UI imports nothing from the server's source).
const DATASET_REF = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127})(?:@([A-Za-z0-9._-]{1,128}))?$/;

/**
 * The version a run's dataset input names, when it is one of ours: source type `flywheel`
 * and source `{"uri":"flywheel:pets@2"}` (what the SDK's `run.useDataset('pets@2')` logs).
 * A bare `flywheel:pets@2` source is read too; no `@ref` means the latest version.
 */
export function flywheelInputRef(input: { source_type: string; source: string }): { dataset: string; ref: string } | undefined {
  if (input.source_type !== 'flywheel') return undefined;
  let uri: unknown = input.source;
  try {
    const parsed: unknown = JSON.parse(input.source);
    if (parsed && typeof parsed === 'object') uri = (parsed as { uri?: unknown }).uri;
  } catch {
    // Not JSON: perhaps the bare URI.
  }
  if (typeof uri !== 'string' || !uri.startsWith('flywheel:')) return undefined;
  const m = DATASET_REF.exec(uri.slice('flywheel:'.length));
  return m ? { dataset: m[1]!, ref: m[2] ?? 'latest' } : undefined;
}
