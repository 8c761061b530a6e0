/*
 * One retry loop for the plugin's I/O: an attempt is repeated after a delay
 * while its failure is worth another attempt and retries are left.
 */

/**
 * How {@link withRetry} repeats an attempt.
 *
 * @public
 */
export interface RetryOptions {
  /** Attempts after the first one (0: a single attempt). */
  retries: number;
  /**
   * Milliseconds to wait before retry `retry` (1-based) after `error`. It
   * may throw to give up with that error instead (e.g. a `Retry-After`
   * longer than the caller will wait).
   */
  delayMs: (retry: number, error: unknown) => number;
  /** Whether `error` is worth another attempt (default: every error). */
  shouldRetry?: (error: unknown) => boolean;
  /**
   * Cuts a wait short when aborted; the next attempt runs at once and
   * decides what an aborted signal means (e.g. throws a cancellation).
   */
  signal?: AbortSignal;
  /** Called before each wait (for logging). */
  onRetry?: (info: { retry: number; delayMs: number; error: unknown }) => void;
}

/**
 * Runs `attempt` (given the 0-based attempt number) until it resolves, its
 * failure is not worth retrying, or `retries` retries have failed; then the
 * last failure is thrown as is.
 *
 * @public
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.retries || !(options.shouldRetry?.(error) ?? true)) {
        throw error;
      }
      const delayMs = options.delayMs(n + 1, error);
      options.onRetry?.({ retry: n + 1, delayMs, error });
      await sleep(delayMs, options.signal).catch(() => undefined);
    }
  }
}

/**
 * Exponential backoff with jitter: retry `r` waits `baseMs × 2^(r-1)` times
 * a random factor from 0.5 to 1.5.
 *
 * @public
 */
export function exponentialBackoff(
  baseMs: number,
  random: () => number = Math.random,
): (retry: number) => number {
  return retry => baseMs * 2 ** (retry - 1) * (0.5 + random());
}

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts.
 *
 * @public
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
