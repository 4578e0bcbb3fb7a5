import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * What a test needs from outside itself, and what happens when it is missing. The rule, in
 * one place: in CI (`CI` set; .ci/run starts every service and builds dist/) a test that
 * cannot run is a failure, never a skip. Outside CI a missing *service* (PostgreSQL, SLURM,
 * Chromium, S3) skips with a message naming what to start; a missing build is an error
 * everywhere, since `npm run build` is all it takes.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Why a suite skips, or undefined when it can run. `reason` says what is missing and how to
 * start it; in CI it is thrown instead of returned.
 *
 * @example
 * const SKIP = requireOrSkip(sinfoAnswers() ? undefined : 'SLURM: run `sudo bash scripts/slurm-cluster.sh start`');
 * describe.skipIf(SKIP)(`SLURM jobs${skipNote(SKIP)}`, () => { ... });
 */
export function requireOrSkip(reason: string | undefined): string | undefined {
  if (reason !== undefined && process.env.CI) {
    throw new Error(`CI is set, so this test must run, but it cannot: ${reason}`);
  }
  return reason;
}

/** The suffix a skipped suite's name gets, so the report says why it did not run. */
export const skipNote = (reason: string | undefined): string => (reason === undefined ? '' : ` (skipped: ${reason})`);

/**
 * Throws, with what to do, when compiled files a test runs (a worker thread's script, the
 * CLI, the server in a child process) are not in dist/. Vitest runs the TypeScript source,
 * but a worker thread or a child process runs plain JavaScript, so those tests depend on
 * `npm run build` (in CI, `npm ci` runs it through the prepare script). Warns when a source
 * file named in `sources` is newer than its output: the test would check old code.
 */
export function requireBuilt(outputs: readonly string[], sources: readonly string[] = []): void {
  const missing = outputs.filter((f) => !existsSync(join(REPO_ROOT, f)));
  if (missing.length > 0) {
    throw new Error(
      `This test runs compiled JavaScript from dist/, and ${missing.join(', ')} is missing: run \`npm run build\` ` +
        '(in CI, `npm ci` builds it through the prepare script).',
    );
  }
  const stale = sources.filter((src) => {
    const out = join(REPO_ROOT, 'dist', src.replace(/\.ts$/, '.js'));
    return !existsSync(out) || statSync(out).mtimeMs < statSync(join(REPO_ROOT, src)).mtimeMs;
  });
  if (stale.length > 0) {
    console.warn(`dist/ is older than ${stale.join(', ')}: this test runs the build; run \`npm run build\` to test the current source.`);
  }
}

/** A path under the repository root, as `requireBuilt` and the tests name files. */
export const repoPath = (path: string): string => join(REPO_ROOT, path);
