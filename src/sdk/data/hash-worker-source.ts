/**
 * The code of a hash-pool worker, as a string for `new Worker(source, { eval: true })`.
 * Why a string and not a file: the SDK runs both as compiled JS (dist/) and as TypeScript
 * under vitest, and a worker file would need a different URL in each; an eval worker needs
 * none. It is plain CommonJS and uses node: modules only.
 *
 * A message is `{id, jobs}`; the answer `{id, results}` has one result per job, in order.
 * Jobs:
 * - `{op:'hash', src}`: sha256 of a file, read in 1 MiB chunks (never whole in memory);
 * - `{op:'copy'|'reflink'|'link', src, dst, expect, mode}`: put a copy of `src` (an object
 *   in a local store) at `dst`, verifying that its bytes hash to `expect` before it takes
 *   its place: written to a temporary file beside `dst`, then renamed over it, so `dst` is
 *   never half-written and a symlink at `dst` is replaced, never written through.
 *   `reflink` clones (copy-on-write) and falls back to a copy; `link` hardlinks and falls back
 *   to a copy when the filesystem refuses, or when the object could not be made read-only
 *   (the linked file IS the object: writing to it would corrupt the store).
 * A result is `{hash, size, how?, stat?: [size, mtimeNs, ino, mode]}` or `{error, code?}`;
 * `error: 'mismatch'` (with the hash found) when the bytes do not hash to `expect`.
 */
export const HASH_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, threadId } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const CHUNK = 1 << 20;
const buf = Buffer.allocUnsafe(CHUNK);
let seq = 0;
const FALLBACK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EINVAL', 'ENOSYS', 'EMLINK', 'EACCES', 'ENOTTY']);

function writeAll(fd, n) {
  let off = 0;
  while (off < n) off += fs.writeSync(fd, buf, off, n - off);
}

function hashFd(fd, out) {
  const h = createHash('sha256');
  let size = 0;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    h.update(n === CHUNK ? buf : buf.subarray(0, n));
    if (out !== undefined) writeAll(out, n);
    size += n;
  }
  return { hash: h.digest('hex'), size };
}

function hashFile(path) {
  const fd = fs.openSync(path, 'r');
  try { return hashFd(fd); } finally { fs.closeSync(fd); }
}

function copyHash(src, tmp) {
  const fd = fs.openSync(src, 'r');
  try {
    const out = fs.openSync(tmp, 'wx', 0o600);
    try { return hashFd(fd, out); } finally { fs.closeSync(out); }
  } finally { fs.closeSync(fd); }
}

function tmpName(dst) {
  return dst.slice(0, dst.lastIndexOf('/') + 1) + '.fw-tmp-' + process.pid + '-' + threadId + '-' + (seq++);
}

function unlinkQuietly(path) {
  try { fs.unlinkSync(path); } catch {}
}

function materialize(j) {
  const tmp = tmpName(j.dst);
  let how = j.op === 'link' ? 'hardlink' : j.op;
  let r;
  try {
    if (j.op === 'link') {
      r = hashFile(j.src);
      if (r.hash !== j.expect) return { hash: r.hash, size: r.size, error: 'mismatch' };
      let linkable = true;
      try {
        fs.accessSync(j.src, fs.constants.W_OK);
        // Writable by us: make it read-only first, or an edit of the checkout would edit the store.
        try { fs.chmodSync(j.src, j.mode & 0o555); } catch { linkable = false; }
      } catch {}
      if (linkable) {
        try { fs.linkSync(j.src, tmp); } catch (e) { if (!FALLBACK.has(e.code)) throw e; linkable = false; }
      }
      if (!linkable) how = 'copy';
    } else if (j.op === 'reflink') {
      try {
        fs.copyFileSync(j.src, tmp, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE_FORCE);
        r = hashFile(tmp);
      } catch (e) {
        if (!FALLBACK.has(e.code)) throw e;
        unlinkQuietly(tmp);
        how = 'copy';
      }
    }
    if (how === 'copy') r = copyHash(j.src, tmp);
    if (r.hash !== j.expect) {
      unlinkQuietly(tmp);
      return { hash: r.hash, size: r.size, error: 'mismatch' };
    }
    if (how !== 'hardlink') fs.chmodSync(tmp, j.mode);
    fs.renameSync(tmp, j.dst);
    const st = fs.lstatSync(j.dst, { bigint: true });
    return { hash: r.hash, size: r.size, how, stat: [String(st.size), String(st.mtimeNs), String(st.ino), Number(st.mode)] };
  } catch (e) {
    unlinkQuietly(tmp);
    return { error: e.message, code: e.code };
  }
}

function run(j) {
  if (j.op !== 'hash') return materialize(j);
  try { return hashFile(j.src); } catch (e) { return { error: e.message, code: e.code }; }
}

parentPort.on('message', (m) => {
  parentPort.postMessage({ id: m.id, results: m.jobs.map(run) });
});
`;
