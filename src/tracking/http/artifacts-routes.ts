import type { FastifyInstance } from 'fastify';
import { fileInfoToWire, mlflowTrackingRoutes as routes } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { safeArtifactPath } from './artifact-paths.js';
import { mlflowRoute, readRunFields } from './mlflow-route.js';

/**
 * artifacts/list: a folder of a run's artifacts. As in MLflow, each `path` is relative to the
 * run's artifact root (`model/MLmodel`), and `root_uri` is the run's artifact URI. Every entry
 * comes in one page; `page_token` is accepted and ignored.
 */
export function registerArtifactsRoutes(app: FastifyInstance, tracking: TrackingApi): void {
  mlflowRoute(app, routes.listArtifacts, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.listArtifacts, request);
    const relative = safeArtifactPath(req.path ?? '', { allowEmpty: true });
    const run = await tracking.getRun(runId);
    const root = await tracking.runArtifactRoot(runId);
    const files = await tracking.listArtifacts(relative ? `${root}/${relative}` : root);
    return {
      root_uri: run.info.artifactUri,
      files: files.map((file) => fileInfoToWire(file, runRelativePath(file.path, root, relative))),
    };
  });
}

/** `<root>/model/MLmodel` -> `model/MLmodel`; MLflow joins the listed folder with the basename. */
function runRelativePath(proxyPath: string, root: string, listed: string): string {
  if (proxyPath.startsWith(`${root}/`)) return proxyPath.slice(root.length + 1);
  const basename = proxyPath.slice(proxyPath.lastIndexOf('/') + 1);
  return listed ? `${listed}/${basename}` : basename;
}
