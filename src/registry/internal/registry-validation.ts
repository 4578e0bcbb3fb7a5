import { invalidArgument } from '../../core/index.js';
import { MODEL_VERSION_STAGES, type ModelVersionStage } from '../../core/registry-types.js';

export const MAX_MODEL_NAME_LENGTH = 256;
export const MAX_ALIAS_LENGTH = 255;
export const MAX_TAG_KEY_LENGTH = 250;
export const MAX_TAG_VALUE_LENGTH = 5000;
export const MAX_DESCRIPTION_LENGTH = 65_535;

/** MLflow's registry page limits. */
export const MODELS_MAX_RESULTS_DEFAULT = 100;
export const MODELS_MAX_RESULTS_THRESHOLD = 1000;
export const VERSIONS_MAX_RESULTS_DEFAULT = 10_000;
export const VERSIONS_MAX_RESULTS_THRESHOLD = 200_000;

const fail = (path: string, message: string): never => {
  throw invalidArgument(message, [{ path, message }]);
};

/**
 * A model name: not empty, no '/' or '@' (they separate the version and the alias in
 * `name/3` and `name@alias` refs), no control characters.
 */
export function checkModelName(name: string, path = 'name'): string {
  if (name === '') fail(path, 'Registered model name cannot be empty.');
  if (name.length > MAX_MODEL_NAME_LENGTH) fail(path, `Registered model name exceeds the length limit of ${MAX_MODEL_NAME_LENGTH}.`);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[/@\u0000-\u001f\u007f]/.test(name)) fail(path, `Invalid registered model name '${name.slice(0, 100)}': it may not contain '/', '@' or control characters.`);
  return name;
}

/** MLflow's rules for alias names: word characters and '-', not `latest`, not like a version (`v3`). */
export function checkAlias(alias: string): string {
  if (alias === '') fail('alias', 'Alias name cannot be empty.');
  if (alias.length > MAX_ALIAS_LENGTH) fail('alias', `Alias name exceeds the length limit of ${MAX_ALIAS_LENGTH}.`);
  if (!/^[\w-]+$/.test(alias)) fail('alias', `Invalid alias name '${alias.slice(0, 100)}': only letters, digits, '_' and '-' are allowed.`);
  if (alias.toLowerCase() === 'latest') fail('alias', "'latest' is a reserved alias name: it always means the newest version.");
  if (/^v\d+$/i.test(alias)) fail('alias', `Invalid alias name '${alias}': names like v<number> are reserved for versions.`);
  return alias;
}

/** A version number as MLflow sends it (a string of digits) or a number. */
export function parseVersion(value: string | number, path = 'version'): number {
  const text = String(value).trim();
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) fail(path, `Invalid model version '${String(value).slice(0, 50)}': a version is a positive integer.`);
  return n;
}

export function checkTag(key: string, value: string): { key: string; value: string } {
  if (key === '') fail('key', 'Tag key cannot be empty.');
  if (key.length > MAX_TAG_KEY_LENGTH) fail('key', `Tag key exceeds the length limit of ${MAX_TAG_KEY_LENGTH}.`);
  if (value.length > MAX_TAG_VALUE_LENGTH) fail('value', `Tag value exceeds the length limit of ${MAX_TAG_VALUE_LENGTH}.`);
  return { key, value };
}

export function checkDescription(description: string): string {
  if (description.length > MAX_DESCRIPTION_LENGTH) fail('description', `Description exceeds the length limit of ${MAX_DESCRIPTION_LENGTH}.`);
  return description;
}

/** A stage name in any case (MLflow accepts `production`). */
export function parseStage(stage: string, path = 'stage'): ModelVersionStage {
  const found = MODEL_VERSION_STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
  if (!found) fail(path, `Invalid Model Version stage: ${stage.slice(0, 50)}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`);
  return found as ModelVersionStage;
}

export function checkMaxResults(value: number | undefined, fallback: number, threshold: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) fail('max_results', `Invalid value for max_results: it must be a positive integer.`);
  if (value > threshold) fail('max_results', `Invalid value for max_results. It must be at most ${threshold}, but got value ${value}`);
  return value;
}

/** Offset page tokens, as MLflow's registry uses. */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodeOffsetToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof v.offset === 'number' && Number.isSafeInteger(v.offset) && v.offset >= 0) return v.offset;
  } catch {
    // falls through to the error below
  }
  return fail('page_token', `Invalid page token '${token.slice(0, 64)}'`);
}
