/**
 * A DuckDB error's message fit for a user: object paths on the server's disk become the
 * dataset paths they hold, and the `LINE 1: ...` excerpt is cut when the SQL it quotes is
 * ours rather than the user's.
 */
export function duckdbMessage(
  error: unknown,
  files: { path: string; localPath: string }[],
  options: { keepSqlExcerpt?: boolean } = {},
): string {
  let message = error instanceof Error ? error.message : String(error);
  if (!options.keepSqlExcerpt) {
    const excerpt = message.indexOf('\n\nLINE ');
    if (excerpt >= 0) message = message.slice(0, excerpt);
  }
  // Longest first, so one local path that prefixes another is not replaced inside it.
  for (const file of [...files].sort((a, b) => b.localPath.length - a.localPath.length)) {
    message = message.replaceAll(file.localPath, file.path);
  }
  return message.trim();
}
