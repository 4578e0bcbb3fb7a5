/**
 * Where an ended attempt's log is kept among its run's artifacts (docs/jobs-api.md):
 * `logs/output.log` (one worker) or `logs/rank-N.log` (distributed), under
 * `logs/attempt-N/` for attempts after the first.
 */
export function logArtifactPath(nodes: number, rank: number, attempt: number): string {
  const file = nodes > 1 ? `rank-${rank}.log` : 'output.log';
  return attempt > 1 ? `logs/attempt-${attempt}/${file}` : `logs/${file}`;
}
