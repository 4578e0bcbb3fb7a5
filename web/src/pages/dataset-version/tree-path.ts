/** A folder path as the tree route takes it: no leading, trailing or doubled slashes ('' is the root). */
export function normalizeDir(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

/** The folder `name` inside `dir`. */
export const childPath = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/** The folder above `dir` ('' above a top-level folder and above the root). */
export function parentPath(dir: string): string {
  const i = dir.lastIndexOf('/');
  return i === -1 ? '' : dir.slice(0, i);
}

/** The folders from the top down to `dir`, each with its own path, for breadcrumbs. */
export function pathCrumbs(dir: string): { name: string; path: string }[] {
  const parts = normalizeDir(dir).split('/').filter(Boolean);
  return parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }));
}
