import picomatch from 'picomatch';

/**
 * gitignore-like patterns (for `.fwignore` and `--ignore`):
 * - blank lines and `#` comments are skipped (`\#` is a literal #); `!pattern` re-includes;
 * - a trailing `/` matches folders only;
 * - a pattern with a `/` before its end is anchored at the root, otherwise it matches at any
 *   depth (`*.log` is `** /*.log`);
 * - the last matching pattern wins, and an ignored folder is not entered, so nothing under it
 *   can be re-included (as in git).
 */
export interface IgnoreRules {
  /** True when `path` (relative, '/'-separated) is ignored; `isDir` for folders. */
  ignores(path: string, isDir: boolean): boolean;
}

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  match: (path: string) => boolean;
}

export function compileIgnoreRules(patterns: readonly string[]): IgnoreRules {
  const rules: Rule[] = [];
  for (const raw of patterns) {
    const rule = compileRule(raw);
    if (rule) rules.push(rule);
  }
  return {
    ignores(path, isDir) {
      let ignored = false;
      for (const r of rules) {
        if (r.negate !== ignored) continue; // cannot change the answer
        if (r.dirOnly && !isDir) continue;
        if (r.match(path)) ignored = !r.negate;
      }
      return ignored;
    },
  };
}

/** The lines of a `.fwignore` file. */
export const ignoreFileLines = (text: string): string[] => text.split(/\r?\n/);

function compileRule(raw: string): Rule | undefined {
  let line = raw.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\#') || line.startsWith('\\!')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const glob = anchored ? line : `**/${line}`;
  return { negate, dirOnly, match: picomatch(glob, { dot: true }) };
}
