/**
 * Content types for artifact downloads, by extension. Text that MLflow's UI previews is sent
 * as text/plain (MLmodel, YAML, logs); anything that a browser could run (HTML, SVG) is sent
 * as text/plain or octet-stream too, since artifacts are user content served from our origin.
 */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  md: 'text/plain; charset=utf-8',
  yaml: 'text/plain; charset=utf-8',
  yml: 'text/plain; charset=utf-8',
  py: 'text/plain; charset=utf-8',
  html: 'text/plain; charset=utf-8',
  htm: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** Files MLflow writes without an extension that are text. */
const TEXT_NAMES = new Set(['MLmodel', 'MLproject', 'requirements.txt', 'conda.yaml', 'python_env.yaml']);

export function artifactContentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (TEXT_NAMES.has(name)) return 'text/plain; charset=utf-8';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** `attachment` with the file name, ASCII-safe: non-ASCII names go in RFC 5987's `filename*`. */
export function attachmentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
