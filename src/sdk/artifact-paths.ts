import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FlywheelError, invalidArgument } from '../core/errors.js';

const PROXY_SCHEME = 'mlflow-artifacts:';

/**
 * The artifact proxy path of a run's artifact folder, from its `artifact_uri`.
 * MLflow writes `mlflow-artifacts:/<exp>/<run>/artifacts`, or with an authority
 * (`mlflow-artifacts://host:port/<exp>/...`) when the server was started with one; the path
 * is what the proxy routes take either way.
 */
export function artifactProxyRoot(artifactUri: string): string {
  if (!artifactUri.startsWith(PROXY_SCHEME)) {
    throw new FlywheelError(
      'FAILED_PRECONDITION',
      `the run's artifact location ${artifactUri || '(none)'} is not served by the artifact proxy; upload it with that store's own tools`,
    );
  }
  let rest = artifactUri.slice(PROXY_SCHEME.length);
  if (rest.startsWith('//')) rest = rest.slice(2).replace(/^[^/]*/, '');
  const root = splitArtifactPath(rest).join('/');
  if (root === '') throw new FlywheelError('FAILED_PRECONDITION', `the run's artifact location ${artifactUri} has no path`);
  return root;
}

/**
 * Splits a relative artifact path into segments, dropping empty and `.` segments. `..` is
 * refused: an artifact path must stay inside the run's folder.
 */
export function splitArtifactPath(path: string): string[] {
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalidArgument(`artifact path '${path}' must not contain '..'`);
  return segments;
}

export function joinArtifactPath(...parts: Array<string | undefined>): string {
  return parts.flatMap((p) => (p === undefined ? [] : splitArtifactPath(p))).join('/');
}

/** The URL path of the proxy's upload/download route for `proxyPath`, each segment escaped. */
export const artifactUrlPath = (proxyPath: string): string =>
  `/api/2.0/mlflow-artifacts/artifacts/${splitArtifactPath(proxyPath).map(encodeURIComponent).join('/')}`;

/** Every file under `dir`, as '/'-separated paths relative to it, sorted. */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
