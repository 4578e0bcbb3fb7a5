import { invalidArgument } from '../../core/index.js';

/**
 * Checks an artifact path from a client before it reaches storage, as MLflow's
 * validate_path_is_safe does: relative, forward slashes only, no `.` or `..` segments,
 * no NUL. Percent-encoded forms are decoded first, so `%2e%2e` cannot slip through.
 * Returns the path without leading/trailing slashes; '' only when `allowEmpty`.
 */
export function safeArtifactPath(raw: string, options: { allowEmpty?: boolean } = {}): string {
  const decoded = fullyDecoded(raw);
  const invalid = (): never => {
    throw invalidArgument(`Invalid artifact path: '${raw.slice(0, 500)}'`, [
      { path: 'path', message: 'must be a relative path without "..", ".", backslashes or NUL characters' },
    ]);
  };
  if (decoded.includes('\0') || decoded.includes('\\') || raw.includes('\0') || raw.includes('\\')) invalid();
  if (decoded.startsWith('/') || /^[a-zA-Z]:/.test(decoded)) invalid();
  const path = raw.replace(/\/+$/, '');
  if (path === '') {
    if (options.allowEmpty) return '';
    invalid();
  }
  for (const segment of fullyDecoded(path).split('/')) {
    if (segment === '' || segment === '.' || segment === '..') invalid();
  }
  return path;
}

function fullyDecoded(text: string): string {
  let current = text;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}
