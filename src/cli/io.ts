/**
 * Everything the CLI touches outside itself, so `run(argv, io)` can be driven by tests:
 * output streams, the environment, the clock, and the signal that stops `fw server`.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal: server logs are then pretty-printed instead of JSON lines. */
  stdoutIsTTY: boolean;
  /** True when stderr is a terminal: long commands then draw a progress bar there. */
  stderrIsTTY?: boolean;
  now(): number;
  /** Resolves with the signal's name when the process is asked to stop (SIGINT, SIGTERM). */
  waitForShutdown(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => Date.now(),
    waitForShutdown: () =>
      new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          // A second Ctrl-C while shutting down means "now": leave without waiting for close().
          process.once('SIGINT', () => process.exit(130));
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }),
  };
}
