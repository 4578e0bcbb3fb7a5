import { FlywheelError } from '../core/errors.js';
import { isRetryable } from './http-errors.js';

export interface RetryOptions {
  /** First wait after a failure (default 250 ms); doubles after each further failure. */
  initialDelayMs?: number;
  /** Longest single wait (default 10 s). */
  maxDelayMs?: number;
  /**
   * How long to keep retrying one request before giving up and reporting it (default 2 min),
   * long enough to ride out a server restart.
   */
  giveUpAfterMs?: number;
}

export interface RetryHooks {
  /** Told before each wait, for logging. */
  onRetry?(error: FlywheelError, attempt: number, delayMs: number): void;
}

/** The wait before retry `attempt` (1-based): exponential, capped, with jitter so clients spread out. */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const base = Math.min(max, initial * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}

// Kept referenced (not unref'd): a retry is work in progress, and letting the process exit
// in the middle of it would drop points that were accepted but not yet stored.
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with an error that is not worth retrying (a 4xx),
 * or keeps failing for longer than `giveUpAfterMs`. Always rejects with a FlywheelError.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions = {},
  hooks: RetryHooks = {},
): Promise<T> {
  const giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
  const started = Date.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      const error =
        e instanceof FlywheelError ? e : new FlywheelError('INTERNAL', e instanceof Error ? e.message : String(e), { cause: e });
      const delay = backoffDelay(n, options);
      if (!isRetryable(error) || Date.now() - started + delay > giveUpAfterMs) throw error;
      hooks.onRetry?.(error, n, delay);
      await sleep(delay);
    }
  }
}
