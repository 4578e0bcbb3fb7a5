import { execFile } from 'node:child_process';

/**
 * Whether a SLURM controller answers here: `sinfo` on PATH and replying within the
 * timeout. Checked once when the server starts (`FW_SLURM=auto`); a server without a
 * cluster then refuses SLURM jobs at submit rather than queueing them forever.
 */
export function slurmAnswers(timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sinfo', ['-h', '-o', '%P'], { timeout: timeoutMs }, (error) => resolve(error === null));
  });
}
