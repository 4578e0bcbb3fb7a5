import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { alreadyExists, invalidArgument } from '../../core/errors.js';
import type { ExportedFile } from './export-types.js';

/**
 * Makes `outDir` ready to write into: created when missing; refused when it holds anything,
 * unless `overwrite`, in which case the files an earlier export listed in its manifest.json
 * are removed (never anything else, so `--out .` cannot wipe a project).
 */
export async function prepareOutDir(outDir: string, overwrite: boolean): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const entries = await readdir(outDir);
  if (entries.length === 0) return;
  if (!overwrite) throw alreadyExists(`${outDir} is not empty; choose an empty or new folder, or overwrite an earlier export (--force)`);
  const previous = await readFile(join(outDir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (previous === undefined) return;
  let listed: unknown;
  try {
    listed = (JSON.parse(previous) as { files?: unknown }).files;
  } catch {
    return;
  }
  if (!Array.isArray(listed)) return;
  for (const f of listed as { path?: unknown }[]) {
    if (typeof f.path === 'string' && isSafePath(f.path)) await rm(join(outDir, f.path), { force: true });
  }
}

/** Writes `bytes` at `path` under `outDir` and returns its manifest entry. */
export async function writeBundleFile(outDir: string, path: string, bytes: Uint8Array | string): Promise<ExportedFile> {
  if (!isSafePath(path)) throw invalidArgument(`the model file path ${JSON.stringify(path)} leaves its folder; expected a relative path without ..`);
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const target = join(outDir, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, data);
  return { path, size: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

/** A relative, `/`-separated path that stays inside its folder. */
export function isSafePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[a-zA-Z]:/.test(path)) return false;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return false;
  // Belt and braces against whatever the checks above miss on this platform.
  const root = resolve('/bundle');
  return resolve(root, path).startsWith(root + sep);
}
