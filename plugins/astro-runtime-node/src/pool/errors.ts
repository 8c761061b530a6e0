/**
 * Why the worker pool could not give an answer (as opposed to the task
 * itself failing, which rejects with the task's own error).
 *
 * - `worker-timeout`: the task ran longer than its time limit; its thread was
 *   terminated and replaced.
 * - `resource-limit`: the thread hit its heap limit and was terminated.
 * - `worker-crashed`: the thread died for another reason (or could not start).
 * - `aborted`: the caller's signal aborted the task.
 * - `pool-destroyed`: the pool was destroyed before the task finished.
 * - `unknown-task`: the worker has no task of that name.
 *
 * @public
 */
export type AstroRuntimeWorkerErrorCode =
  | 'worker-timeout'
  | 'resource-limit'
  | 'worker-crashed'
  | 'aborted'
  | 'pool-destroyed'
  | 'unknown-task';

/**
 * A task of the worker pool that did not finish (see {@link AstroRuntimeWorkerErrorCode}).
 *
 * @public
 */
export class AstroRuntimeWorkerError extends Error {
  readonly code: AstroRuntimeWorkerErrorCode;
  /** The task, e.g. `assess`. */
  readonly task: string;
  /** The limit that was hit: milliseconds for `worker-timeout`, MB for `resource-limit`. */
  readonly limit?: number;

  constructor(
    code: AstroRuntimeWorkerErrorCode,
    task: string,
    message: string,
    options?: { limit?: number; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'AstroRuntimeWorkerError';
    this.code = code;
    this.task = task;
    if (options?.limit !== undefined) {
      this.limit = options.limit;
    }
    Object.setPrototypeOf(this, AstroRuntimeWorkerError.prototype);
  }
}

/**
 * True for errors of the worker pool (also across bundle copies: checks the shape).
 *
 * @public
 */
export function isAstroRuntimeWorkerError(
  e: unknown,
): e is AstroRuntimeWorkerError {
  return (
    e instanceof AstroRuntimeWorkerError ||
    (typeof e === 'object' &&
      e !== null &&
      (e as { name?: unknown }).name === 'AstroRuntimeWorkerError' &&
      typeof (e as { code?: unknown }).code === 'string')
  );
}

/**
 * True for a worker pool error that a smaller task may get past (the time or
 * heap limit, a crashed thread): every {@link AstroRuntimeWorkerError} but
 * `aborted` (the caller gave up) and `pool-destroyed` (no pool is left).
 * Callers retry such a batch one item at a time, so that one hostile input
 * fails alone.
 *
 * @public
 */
export function isRetryableWorkerError(
  e: unknown,
): e is AstroRuntimeWorkerError {
  return (
    isAstroRuntimeWorkerError(e) &&
    e.code !== 'aborted' &&
    e.code !== 'pool-destroyed'
  );
}
