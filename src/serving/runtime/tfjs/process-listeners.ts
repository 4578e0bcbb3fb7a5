/** The process events whose listeners change how a whole process fails. */
const GUARDED_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** The process as a plain emitter: its typed overloads take one event name at a time. */
const emitter: NodeJS.EventEmitter = process;

/**
 * Runs `start` and then removes any `uncaughtException` / `unhandledRejection` listener it
 * added to the process (on success or failure), leaving the process's own error handling as
 * it was.
 *
 * Why: the WASM backend is an emscripten build, and emscripten's Node glue, once the module
 * is instantiated, adds `process.on('unhandledRejection', (r) => { throw r })` and an
 * `uncaughtException` listener that rethrows. From then on any unhandled rejection anywhere
 * in the process (a server's, a test runner's) ends the process with an uncaught exception,
 * instead of going to the handlers the host installed (Vitest's reporter, Node's default
 * warning or exit). tfjs-backend-wasm means to remove them on dispose, but its filter
 * (`!list.indexOf(l) > -1`) is always true and nothing disposes the backend anyway.
 *
 * A listener someone else adds while `start` is pending would be removed too; the window is
 * the backend's first initialisation only, once per process (or worker thread).
 */
export async function withoutNewProcessListeners<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(GUARDED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await start();
  } finally {
    for (const event of GUARDED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}
