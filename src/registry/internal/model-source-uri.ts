import { invalidArgument } from '../../core/index.js';

/** Where a version's files come from: a folder (or file) under a run's artifact root. */
export interface SourceLocation {
  runId: string;
  /** Relative to the run's artifact root; '' is the root itself. */
  path: string;
}

const RUN_ARTIFACTS = /^[^/]+\/([^/]+)\/artifacts(?:\/(.*))?$/;

/**
 * Reads a model version's `source`: `runs:/<run_id>/<path>`, or an artifact URI of a run on
 * this server, `mlflow-artifacts:/<experiment>/<run>/artifacts/<path>` (what MLflow's
 * `register_model` sends after resolving a runs:/ URI; a `//host:port` authority is ignored).
 *
 * @example parseModelSource('runs:/abc/model') // { runId: 'abc', path: 'model' }
 */
export function parseModelSource(source: string): SourceLocation {
  if (source.startsWith('runs:/')) {
    const rest = source.slice('runs:/'.length).replace(/^\/+/, '');
    const slash = rest.indexOf('/');
    const runId = slash === -1 ? rest : rest.slice(0, slash);
    if (runId === '') throw invalidArgument(`Invalid source '${source}': expected runs:/<run_id>/<path>`, [{ path: 'source', message: 'expected runs:/<run_id>/<path>' }]);
    return { runId, path: cleanPath(source, slash === -1 ? '' : rest.slice(slash + 1)) };
  }
  if (source.startsWith('mlflow-artifacts:')) {
    let rest = source.slice('mlflow-artifacts:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2).replace(/^[^/]*/, '');
    const match = RUN_ARTIFACTS.exec(rest.replace(/^\/+/, ''));
    if (match) return { runId: match[1]!, path: cleanPath(source, match[2] ?? '') };
  }
  const message = 'expected runs:/<run_id>/<path> or the artifact URI of a run on this server (mlflow-artifacts:/<experiment>/<run_id>/artifacts/<path>)';
  throw invalidArgument(`Invalid source '${source.slice(0, 200)}': ${message}`, [{ path: 'source', message }]);
}

function cleanPath(source: string, path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalidArgument(`Invalid source '${source.slice(0, 200)}': '..' is not allowed in the path`, [{ path: 'source', message: "'..' is not allowed" }]);
  return segments.join('/');
}
