/**
 * The data benchmark (`node dist/bench/data.js` after `npx tsc -p tsconfig.json`): the client
 * side of datasets (hashing on all cores, the state index, uploads, checkouts) against a
 * server in a child process on this machine. Generates (a) 1 GB in 10 files of random bytes
 * and (b) 100,000 files of 1-8 KiB in 100 folders, measures sha256sum over them (the hash
 * limit), then `fw.data.add` of each, `status` and a second `add` of the unchanged small tree,
 * and checkouts by copy and hardlink. Prints the figures against the targets and writes
 * bench/results/data-<date>.json.
 *
 *   --quick   10 x 20 MB and 10,000 small files (checks the script; figures not comparable)
 *   --keep    leave the generated trees in the temp folder
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearDir, client, hashOnly, statusParts, timed } from './sections/data-client.js';
import { measureSha256sum, sha256sumAvailable, type Sha256sumFigures } from './sections/data-sha256sum.js';
import { makeTrees } from './sections/data-trees.js';
import { machine } from './support/machine.js';
import { startServerChild } from './support/server-child.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const unknown = args.filter((a) => a !== '--quick' && a !== '--keep');
if (unknown.length > 0) {
  console.error('usage: node dist/bench/data.js [--quick] [--keep]');
  process.exit(2);
}
if (!sha256sumAvailable()) {
  console.error('sha256sum (coreutils) is needed for the hash limit');
  process.exit(1);
}

const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'fw-bench-data-'));
const stateDir = join(work, 'state');
const figures: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), quick };
const mb = (bytes: number, s: number): number => Math.round(bytes / 1e6 / s);
const log = (line: string): void => console.log(line);

try {
  const t = performance.now();
  const trees = makeTrees(work, quick ? { bigFiles: 10, bigFileBytes: 20e6, smallFiles: 10_000 } : { bigFiles: 10, bigFileBytes: 100e6, smallFiles: 100_000 });
  log(`generated ${trees.bigBytes / 1e6} MB in 10 files and ${trees.smallFiles} small files (${Math.round(trees.smallBytes / 1e6)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const bigLabel = `${trees.bigBytes / 1e6} MB`;
  // Files modified within ~2 s of a scan are hashed again (racy); real data is older than that.
  await new Promise((r) => setTimeout(r, 2500));

  const shaBig: Sha256sumFigures = measureSha256sum(trees.big, 1);
  const shaSmall: Sha256sumFigures = measureSha256sum(trees.small, 500);
  figures.sha256sum = { big: shaBig, small: shaSmall };
  const limitBig = mb(trees.bigBytes, shaBig.parallelSeconds);
  log(`sha256sum, ${shaBig.cores} cores (page cache warm):`);
  log(`  (a) ${bigLabel}: ${shaBig.parallelSeconds.toFixed(2)} s in parallel (${limitBig} MB/s, the limit), ${shaBig.singleSeconds.toFixed(2)} s in one process`);
  log(`  (b) ${trees.smallFiles} small files: ${shaSmall.parallelSeconds.toFixed(2)} s in parallel, ${shaSmall.singleSeconds.toFixed(2)} s in one process`);

  const poolBig = await hashOnly(trees.big);
  const poolSmall = await hashOnly(trees.small);
  figures.hashPool = { big: poolBig, small: poolSmall };
  log(`our hash pool alone: (a) ${poolBig.seconds} s (${mb(trees.bigBytes, poolBig.seconds)} MB/s); (b) ${poolSmall.seconds} s (walk ${poolSmall.walkSeconds} s)`);

  const server = await startServerChild({ name: 'data' });
  try {
    const { fw, env } = client(server.url, stateDir);
    const addBig = await timed((onProgress) => fw.data.add(trees.big, { dataset: 'bench-big', onProgress }));
    const addBigMbps = mb(trees.bigBytes, addBig.seconds);
    const addBigRatio = Math.round((addBigMbps / limitBig) * 100);
    log(`add (a) ${bigLabel}: ${addBig.seconds} s, ${addBigMbps} MB/s = ${addBigRatio}% of the sha256sum limit   (target >= 80%)`);
    log(`  hashing done at ${addBig.phases.hash ?? '-'} s, uploads done at ${addBig.phases.upload ?? '-'} s; ${addBig.result.uploaded.objects} objects uploaded`);

    const addSmall = await timed((onProgress) => fw.data.add(trees.small, { dataset: 'bench-small', onProgress }));
    log(`add (b) ${trees.smallFiles} small files: ${addSmall.seconds} s   (target < 30 s)`);
    log(`  hashing done at ${addSmall.phases.hash ?? '-'} s, uploads done at ${addSmall.phases.upload ?? '-'} s; ${addSmall.result.uploaded.objects} objects uploaded`);

    const status = await timed((onProgress) => fw.data.status(trees.small, 'bench-small', { onProgress }));
    const parts = statusParts(trees.small, env);
    log(`status of the unchanged small tree: ${status.seconds} s (${status.result.hashedFiles} files hashed)   (target < 2 s)`);
    log(`  walk (readdir + lstat) ${parts.walkSeconds} s, state index load ${parts.indexLoadSeconds} s (${parts.entries} entries), lookups ${parts.lookupSeconds} s`);

    const addAgain = await timed((onProgress) => fw.data.add(trees.small, { dataset: 'bench-small', onProgress }));
    log(`second add of the unchanged small tree: ${addAgain.seconds} s (created: ${addAgain.result.created})`);

    const checkouts: Record<string, unknown> = {};
    for (const [name, root, dataset] of [['big', trees.big, 'bench-big'], ['small', trees.small, 'bench-small']] as const) {
      for (const mode of ['copy', 'hardlink'] as const) {
        const target = join(work, `out-${name}-${mode}`);
        const c = await timed((onProgress) => fw.data.checkout(`${dataset}@1`, target, { mode, onProgress }));
        const r = c.result;
        checkouts[`${name}-${mode}`] = { seconds: c.seconds, copied: r.copied, hardlinked: r.hardlinked, downloaded: r.downloaded };
        const bytes = name === 'big' ? trees.bigBytes : trees.smallBytes;
        log(`checkout ${name} (${mode}): ${c.seconds} s, ${mb(bytes, c.seconds)} MB/s (${r.copied} copied, ${r.hardlinked} hardlinked, ${r.downloaded} downloaded)   [${root === trees.big ? bigLabel : `${trees.smallFiles} files`}]`);
        clearDir(target);
      }
    }
    figures.results = {
      addBig: { seconds: addBig.seconds, mbPerSecond: addBigMbps, percentOfLimit: addBigRatio, phases: addBig.phases, uploaded: addBig.result.uploaded },
      addSmall: { seconds: addSmall.seconds, phases: addSmall.phases, uploaded: addSmall.result.uploaded },
      statusUnchanged: { seconds: status.seconds, hashedFiles: status.result.hashedFiles, parts },
      addUnchanged: { seconds: addAgain.seconds, created: addAgain.result.created },
      checkouts,
    };
    figures.targets = {
      addBigPercentOfLimit: { ours: addBigRatio, target: '>= 80', pass: addBigRatio >= 80 },
      addSmallSeconds: { ours: addSmall.seconds, target: '< 30', pass: addSmall.seconds < 30 },
      statusSeconds: { ours: status.seconds, target: '< 2', pass: status.seconds < 2 },
    };
  } finally {
    await server.close();
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else log(`trees kept in ${work}`);
}

mkdirSync(resultsDir, { recursive: true });
const file = `${resultsDir}data${quick ? '-quick' : ''}-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(file, JSON.stringify(figures, null, 2));
log(`figures written to ${file}`);
