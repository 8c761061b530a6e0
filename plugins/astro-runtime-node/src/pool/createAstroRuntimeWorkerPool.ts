import type {
  AssessInput,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { isCatalog, sendWithCatalog } from './catalogDistribution';
import { createTaskDispatcher, workerFailure } from './dispatch';
import { AstroRuntimeWorkerError } from './errors';
import { resolveWorkerPoolLimits } from './poolOptions';
import { Slots } from './slots';
import type {
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPoolOptions,
} from './types';
import { answerValue } from './workerAnswers';

/**
 * Tasks a refresh sends many of at once (a batch of files to scan): admitted
 * after waiting quick tasks, and never filling a thread's queue (see `Slots`).
 */
const BULK_TASKS = new Set(['scanCode']);

/**
 * A pool of worker threads running the pure functions of `-common` (see
 * {@link AstroRuntimeWorkerPool}). Threads start on the first task and exit
 * after being idle; a task over `taskTimeoutMs` (counted from the moment its
 * thread starts it, not while it waits) is cancelled by terminating its
 * thread. A task queued on a thread stopped because of another task is sent
 * again, transparently.
 *
 * @public
 */
export function createAstroRuntimeWorkerPool(
  options: AstroRuntimeWorkerPoolOptions = {},
): AstroRuntimeWorkerPool {
  const limits = resolveWorkerPoolLimits(options);
  // a thread holds tasksPerThread tasks, of which code-scan batches take at
  // most all but one: there is always room for a quick task beside them
  const slots = new Slots(
    limits.maxThreads * limits.tasksPerThread,
    limits.maxThreads * Math.max(1, limits.tasksPerThread - 1),
  );
  // 1: lower than the backend (the default), 0: the backend's own priority
  const priority = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(priority, 0, 1);
  const dispatcher = createTaskDispatcher(limits, {
    logger: options.logger,
    enableTestTasks: options.enableTestTasks,
    priority,
  });
  let destroyed = false;

  /**
   * Runs a task holding a slot (a thread holds `tasksPerThread` tasks: the
   * one it runs and the next, queued). With `catalog`, the input's `catalog`
   * field is sent as a key, and the catalog itself only to a thread that has
   * not seen it yet.
   */
  const execute = async <T>(
    task: string,
    input: unknown,
    signal: AbortSignal | undefined,
    catalog?: ReleaseCatalog,
  ): Promise<T> => {
    const destroyedError = () =>
      new AstroRuntimeWorkerError(
        'pool-destroyed',
        task,
        `The worker pool was destroyed before task ${task} finished`,
      );
    if (destroyed) throw destroyedError();
    if (signal?.aborted) {
      throw workerFailure(limits, task, undefined, false, signal);
    }
    let release: () => void;
    try {
      release = await slots.acquire(signal, BULK_TASKS.has(task));
    } catch (e) {
      throw destroyed
        ? destroyedError()
        : workerFailure(limits, task, e, false, signal);
    }
    try {
      if (destroyed) throw destroyedError();
      const answer = await sendWithCatalog(
        message => dispatcher.dispatch(task, message, signal),
        input,
        catalog,
      );
      return answerValue<T>(task, answer);
    } finally {
      release();
    }
  };

  /** An assessment task: its input's catalog is sent by key once per thread. */
  const assessTask = <T>(task: string, input: AssessInput): Promise<T> =>
    execute(
      task,
      input,
      undefined,
      isCatalog(input?.catalog) ? input.catalog : undefined,
    );

  return {
    run(task, input, runOptions) {
      return execute(task, input, runOptions?.signal);
    },
    assess(input) {
      return assessTask('assess', input);
    },
    assessSerialized(input) {
      return assessTask('assessSerialized', input);
    },
    parseDockerfile(text) {
      return execute('parseDockerfile', { text }, undefined);
    },
    upgradeDockerfile(text, target, catalog, upgradeOptions) {
      return execute(
        'upgradeDockerfile',
        { text, target, catalog, options: upgradeOptions },
        undefined,
        isCatalog(catalog) ? catalog : undefined,
      );
    },
    pinProviders(requirementsTxt, providers, pinOptions) {
      return execute(
        'pinProviders',
        { requirementsTxt, providers, options: pinOptions },
        undefined,
      );
    },
    setPriority(wanted) {
      if (wanted !== 'low' && wanted !== 'normal') {
        throw new TypeError(
          `worker priority must be 'low' or 'normal', got ${String(wanted)}`,
        );
      }
      Atomics.store(priority, 0, wanted === 'low' ? 1 : 0);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      const error = (task: string) =>
        new AstroRuntimeWorkerError(
          'pool-destroyed',
          task,
          'The worker pool was destroyed before the task finished',
        );
      slots.rejectAll(error('queued'));
      dispatcher.failInFlight(error);
      await dispatcher.destroy();
    },
  };
}
