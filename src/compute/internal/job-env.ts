/**
 * What a job may take from the server's own environment: where programs are, who and where
 * the user is, and the locale. Nothing else: the server's credentials (AWS_SECRET_ACCESS_KEY,
 * FW_DATABASE_URL, tokens) must never reach a user's job. A job that needs more names it
 * in its own `env`.
 */
const FROM_SERVER = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR']);

export function passedFromServer(name: string): boolean {
  return FROM_SERVER.has(name) || name.startsWith('LC_');
}

/**
 * A job's complete environment: the allowed part of the server's, then the job's own, then
 * the variables that tie it to Flywheel (its run, the tracking server), which win.
 * @example jobEnv(process.env, { X: '1' }, { FW_RUN_ID: 'r1' }) // { PATH: ..., HOME: ..., X: '1', FW_RUN_ID: 'r1' }
 */
export function jobEnv(server: NodeJS.ProcessEnv, own: Record<string, string>, flywheel: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(server)) if (v !== undefined && passedFromServer(k)) env[k] = v;
  return Object.assign(env, own, flywheel);
}
