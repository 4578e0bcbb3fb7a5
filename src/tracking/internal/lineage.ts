import type { Kysely } from 'kysely';
import type { TrackingTables as Database } from '../storage/index.js';
import type { RunInfo } from '../types.js';
import { toRunInfo } from './run-rows.js';

/** Active runs that logged an input naming this dataset with this digest, newest first. */
export async function runsWithInput(db: Kysely<Database>, name: string, digest: string): Promise<RunInfo[]> {
  const rows = await db
    .selectFrom('runs')
    .selectAll('runs')
    .where('runs.lifecycle_stage', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('run_inputs')
          .innerJoin('datasets', 'datasets.dataset_id', 'run_inputs.dataset_id')
          .select('run_inputs.run_uuid')
          .whereRef('run_inputs.run_uuid', '=', 'runs.run_uuid')
          .where('datasets.name', '=', name)
          .where('datasets.digest', '=', digest),
      ),
    )
    .orderBy('runs.start_time', 'desc')
    .limit(10_000)
    .execute();
  return rows.map(toRunInfo);
}

/** Every blob hash the artifact index refers to. */
export async function artifactBlobHashes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('artifacts').select('hash').distinct().execute();
  return new Set(rows.map((r) => r.hash));
}
