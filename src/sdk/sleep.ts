import { FlywheelError } from '../core/errors.js';

/**
 * Waits `ms`, or rejects as soon as `signal` aborts, with the same error a cancelled
 * request gets, so callers of a polling loop see one kind of cancellation.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new FlywheelError('UNAVAILABLE', 'cancelled', { cause: signal?.reason });
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
