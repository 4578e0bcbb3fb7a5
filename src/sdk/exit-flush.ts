/**
 * A safety net for scripts that forget `run.end()`: when the event loop runs dry, flush what
 * the live batchers still hold. 'beforeExit' listeners do not keep a process alive, and the
 * requests a flush starts do, so Node waits for them and then emits 'beforeExit' again; by
 * then nothing is pending and the process exits. It does not fire on process.exit() or on a
 * signal, so `end()` stays the reliable way.
 *
 * One process-wide listener serves every batcher, so opening many runs does not trip Node's
 * listener-count warning.
 */
export interface ExitFlushable {
  hasPending(): boolean;
  flushQuietly(): Promise<void>;
}

const live = new Set<ExitFlushable>();

function onBeforeExit(): void {
  for (const batcher of live) {
    if (batcher.hasPending()) void batcher.flushQuietly();
  }
}

export function registerExitFlush(batcher: ExitFlushable): void {
  if (live.size === 0) process.on('beforeExit', onBeforeExit);
  live.add(batcher);
}

export function unregisterExitFlush(batcher: ExitFlushable): void {
  if (!live.delete(batcher)) return;
  if (live.size === 0) process.off('beforeExit', onBeforeExit);
}
