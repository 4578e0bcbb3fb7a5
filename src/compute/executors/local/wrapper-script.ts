/**
 * The shell each worker runs in: `sh -c SCRIPT fw-job cmd args...`. It records its pid
 * (the process group id, as the worker is spawned detached), runs the command, then
 * records the exit status and the children's CPU time, so an attempt can be accounted for
 * after a server restart, when the worker is no longer a child of the server. The two
 * files' modification times are the worker's start and end (`worker-files.ts`): the exit
 * record is written to a temporary file as the command exits and renamed, which keeps it.
 *
 * TERM/INT/HUP are trapped, not ignored: an ignored signal would be inherited by the
 * command, a trapped one is reset to the default for it. So a cancel's SIGTERM to the
 * group stops the command, and the shell lives on to write the exit record.
 */
export function wrapperScript(files: { pid: string; exit: string }): string {
  const pid = shellQuote(files.pid);
  const exit = shellQuote(files.exit);
  const tmp = shellQuote(`${files.exit}.tmp`);
  return [
    `echo $$ > ${pid}`,
    'trap : TERM INT HUP',
    '"$@"',
    'c=$?',
    `{ echo $c; times; } > ${tmp} && mv ${tmp} ${exit}`,
    'exit $c',
  ].join('\n');
}

export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
