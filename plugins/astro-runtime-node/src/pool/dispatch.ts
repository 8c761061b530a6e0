/*
 * Task dispatch: one round trip of a task to a worker thread of the piscina
 * pool, under the start-up and task time limits, and the classification of
 * the ways a round trip fails (timeout, heap limit, crash, abort).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Piscina } from 'piscina';
import { AstroRuntimeWorkerError } from './errors';
import {
  astroRuntimeWorkerFilename,
  type WorkerPoolLimits,
} from './poolOptions';
import type { WorkerAnswer } from './workerAnswers';

/** Sends tasks to the worker threads; see {@link createTaskDispatcher}. */
export interface TaskDispatcher {
  /** One round trip of `task` to a worker. */
  dispatch(
    task: string,
    input: unknown,
    signal?: AbortSignal,
  ): Promise<WorkerAnswer>;
  /** Fails every task sent and not yet answered with `errorFor(task)`. */
  failInFlight(errorFor: (task: string) => AstroRuntimeWorkerError): void;
  /** Stops the threads. */
  destroy(): Promise<void>;
}

/**
 * Why a round trip failed: over its time limit, aborted by the caller, over
 * the heap limit, or any other death of the worker.
 */
export function workerFailure(
  limits: Pick<WorkerPoolLimits, 'taskTimeoutMs' | 'maxHeapMb'>,
  task: string,
  e: unknown,
  timedOut: boolean,
  signal?: AbortSignal,
): AstroRuntimeWorkerError {
  if (timedOut) {
    return new AstroRuntimeWorkerError(
      'worker-timeout',
      task,
      `Worker task ${task} ran longer than ${limits.taskTimeoutMs} ms and was stopped`,
      { limit: limits.taskTimeoutMs },
    );
  }
  if (signal?.aborted) {
    return new AstroRuntimeWorkerError(
      'aborted',
      task,
      `Worker task ${task} was aborted`,
      { cause: signal.reason },
    );
  }
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AstroRuntimeWorkerError(
      'resource-limit',
      task,
      `Worker task ${task} exceeded the worker heap limit of ${limits.maxHeapMb} MB and was stopped`,
      { limit: limits.maxHeapMb, cause: e },
    );
  }
  return new AstroRuntimeWorkerError(
    'worker-crashed',
    task,
    `Worker running task ${task} failed: ${message}`,
    { cause: e },
  );
}

/**
 * The dispatcher of a pool. Threads start on the first task and exit after
 * being idle (`limits.idleTimeoutMs`).
 */
export function createTaskDispatcher(
  limits: WorkerPoolLimits,
  options: { logger?: LoggerService; enableTestTasks?: boolean },
): TaskDispatcher {
  const { maxThreads, taskTimeoutMs, maxHeapMb, startupTimeoutMs } = limits;
  const { logger } = options;
  /** Dispatched tasks by id: `started` when the worker reports the start, `fail` to reject. */
  const inFlight = new Map<
    number,
    { started(): void; fail(e: AstroRuntimeWorkerError): void; task: string }
  >();
  let nextId = 1;
  let piscina: Piscina | undefined;

  const getPiscina = () => {
    if (!piscina) {
      const created = new Piscina({
        filename: astroRuntimeWorkerFilename(),
        name: 'default',
        minThreads: 0,
        maxThreads,
        idleTimeout: limits.idleTimeoutMs,
        concurrentTasksPerWorker: 1,
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
        workerData: { testTasks: options.enableTestTasks === true },
        recordTiming: false,
      });
      created.on('message', (m: unknown) => {
        const id = (m as { astroRuntimeTaskStarted?: unknown } | null)
          ?.astroRuntimeTaskStarted;
        if (typeof id === 'number') inFlight.get(id)?.started();
      });
      // A worker that dies outside a task (in practice: one that cannot load
      // its entry file) is reported as an 'error' event, which would throw on
      // the event loop if unhandled. Tasks waiting for a thread fail at once
      // instead of at their start-up limit, and the next task gets a fresh
      // piscina (one that saw a worker fail to start spawns no more).
      created.on('error', (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        logger?.error(
          `Astro Runtime worker pool: a worker failed outside a task: ${message}`,
        );
        if (piscina === created) piscina = undefined;
        for (const entry of [...inFlight.values()]) {
          entry.fail(
            new AstroRuntimeWorkerError(
              'worker-crashed',
              entry.task,
              `Worker for task ${entry.task} failed: ${message}`,
              { cause: e },
            ),
          );
        }
        created.destroy().catch(() => {});
      });
      piscina = created;
    }
    return piscina;
  };

  /**
   * One round trip to a worker. The time limit runs from the moment the
   * worker reports the task started (a thread that is still starting up, e.g.
   * compiling sources in development, does not eat into it); a thread that
   * does not start the task within the start-up limit fails it too.
   */
  const dispatch = (
    task: string,
    input: unknown,
    signal?: AbortSignal,
  ): Promise<WorkerAnswer> =>
    new Promise<WorkerAnswer>((resolve, reject) => {
      const id = nextId++;
      const controller = new AbortController();
      let timedOut = false;
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => controller.abort();
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        inFlight.delete(id);
        fn();
      };
      const fail = (e: AstroRuntimeWorkerError) => {
        settle(() => reject(e));
        controller.abort();
      };
      timer = setTimeout(() => {
        fail(
          new AstroRuntimeWorkerError(
            'worker-crashed',
            task,
            `No worker started task ${task} within ${startupTimeoutMs} ms`,
            { limit: startupTimeoutMs },
          ),
        );
      }, startupTimeoutMs);
      inFlight.set(id, {
        task,
        fail,
        started() {
          clearTimeout(timer);
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, taskTimeoutMs);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      getPiscina()
        .run({ id, task, input }, { signal: controller.signal })
        .then(
          answer => settle(() => resolve(answer as WorkerAnswer)),
          e => {
            if (settled) return;
            const error = workerFailure(limits, task, e, timedOut, signal);
            if (error.code !== 'aborted') {
              logger?.warn(`Astro Runtime worker pool: ${error.message}`);
            }
            settle(() => reject(error));
          },
        );
    });

  return {
    dispatch,
    failInFlight(errorFor) {
      for (const entry of [...inFlight.values()])
        entry.fail(errorFor(entry.task));
    },
    async destroy() {
      await piscina?.destroy();
    },
  };
}
