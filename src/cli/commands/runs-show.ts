import type { FileInfo, TrackingClient } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { renderRunDetails } from '../render/run-details.js';
import { resolveRunId } from '../resolve.js';

// Enough to see what a run produced without walking a checkpoint folder of thousands of files.
const MAX_ARTIFACTS = 200;

/** `fw runs show`: one run with its experiment's name and its artifact tree. */
export async function runsShow(ctx: CliContext, idOrPrefix: string, opts: { json?: boolean }): Promise<void> {
  const client = ctx.client();
  const run = await client.getRun(await resolveRunId(client, idOrPrefix));
  const [experimentName, listing] = await Promise.all([
    client.getExperiment(run.info.experimentId).then(
      (e) => e.name,
      () => undefined,
    ),
    listArtifactTree(client, run.info.runId),
  ]);
  if (opts.json) return ctx.json({ run, artifacts: listing.files });
  ctx.io.out(
    renderRunDetails({
      run,
      ...(experimentName !== undefined ? { experimentName } : {}),
      artifacts: listing.files,
      artifactsTruncated: listing.truncated,
      now: ctx.io.now(),
    }),
  );
}

/** Every artifact of a run, folders first walked breadth-first, up to MAX_ARTIFACTS entries. */
export async function listArtifactTree(client: TrackingClient, runId: string): Promise<{ files: FileInfo[]; truncated: boolean }> {
  const files: FileInfo[] = [];
  const folders: Array<string | undefined> = [undefined];
  while (folders.length > 0) {
    const folder = folders.shift();
    for (const entry of await client.listArtifacts(runId, folder)) {
      if (files.length >= MAX_ARTIFACTS) return { files, truncated: true };
      files.push(entry);
      if (entry.isDir) folders.push(entry.path);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, truncated: false };
}
