import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { FlywheelError } from '../../core/errors.js';

/**
 * Makes the folders a checkout writes into, refusing to go through a symlink already in the
 * target: each folder on a file's way is lstat'ed (once per checkout) and must be a real
 * folder or absent. A file (or a symlink) where a folder must be is removed only when `clean`
 * allows it; removing a symlink never touches what it points to.
 */
export class TargetGuard {
  private readonly ready = new Set<string>(['']);

  constructor(
    private readonly root: string,
    private readonly clean: boolean,
  ) {}

  /** Ensures every folder above `path` exists as a real folder. */
  prepare(path: string): void {
    const cut = path.lastIndexOf('/');
    if (cut < 0) return;
    const dir = path.slice(0, cut);
    if (this.ready.has(dir)) return;
    const segments = dir.split('/');
    let prefix = '';
    for (const segment of segments) {
      prefix = prefix === '' ? segment : `${prefix}/${segment}`;
      if (this.ready.has(prefix)) continue;
      this.folder(prefix);
      this.ready.add(prefix);
    }
  }

  /** Whatever is at `path` now is about to be replaced by a file: a folder there is an error unless `clean`. */
  clearForFile(path: string): void {
    const abs = `${this.root}/${path}`;
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return;
    }
    if (!st.isDirectory()) return; // a file or a symlink is replaced by the rename, never written through
    if (!this.clean) {
      throw new FlywheelError('FAILED_PRECONDITION', `${abs} is a folder where the dataset has a file (use --clean to replace it)`);
    }
    rmSync(abs, { recursive: true, force: true });
  }

  private folder(prefix: string): void {
    const abs = `${this.root}/${prefix}`;
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(abs);
      return;
    }
    if (st.isDirectory()) return;
    if (st.isSymbolicLink() && !this.clean) {
      throw new FlywheelError('FAILED_PRECONDITION', `refusing to write through the symlink ${abs} (remove it, or check out into another folder)`);
    }
    if (!this.clean) {
      throw new FlywheelError('FAILED_PRECONDITION', `${abs} is a file where the dataset has a folder (use --clean to replace it)`);
    }
    rmSync(abs, { force: true }); // a symlink itself, not what it points to
    mkdirSync(abs);
  }
}
