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
 * group stops the command, and the shell lives on to write the exit record. The trap
 * comes first, so the shell is past its first instants before it can outlive a stop.
 *
 * A stop can come before the command exists: the SIGTERM is then taken by this shell's
 * trap, or by the forked child while it still has the shell's handler (the signal is then
 * lost at exec). So the executor first writes the attempt's stop marker, then signals,
 * and the command runs in a subshell that looks for the marker after its traps are
 * reset to the defaults and only then execs the command: a SIGTERM that came too early
 * for the command left the marker, which the subshell sees (it ends with 143, as the
 * command would have); one that comes later meets the default action or the command's
 * own handler.
 *
 * Once the command has ended the signals are ignored, and so by `mv` too: a stop that
 * comes just then must not kill the `mv` and lose the exit record.
 */
export function wrapperScript(files: { pid: string; exit: string; stop: string }): string {
  const pid = shellQuote(files.pid);
  const exit = shellQuote(files.exit);
  const tmp = shellQuote(`${files.exit}.tmp`);
  const stop = shellQuote(files.stop);
  return [
    'trap : TERM INT HUP',
    `echo $$ > ${pid}`,
    `( if [ -e ${stop} ]; then exit 143; fi; exec "$@" )`,
    'c=$?',
    "trap '' TERM INT HUP",
    `{ echo $c; times; } > ${tmp} && mv ${tmp} ${exit}`,
    'exit $c',
  ].join('\n');
}

export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
