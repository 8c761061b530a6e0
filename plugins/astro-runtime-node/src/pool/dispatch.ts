/*
 * Task dispatch: one round trip of a task to a worker thread of the piscina
 * pool, under the start-up and task time limits, and the classification of
 * the ways a round trip fails (timeout, heap limit, crash, abort).
 *
 * A thread holds up to `limits.tasksPerThread` tasks: the one it runs and the
 * next ones, queued in its port, so that it starts the next task as soon as
 * one ends instead of waiting for this event loop to see the answer and send
 * more. A task is stopped by terminating its thread, which also drops the
 * tasks queued behind it; those did not fail, so they are sent again.
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
 * How many times a task is sent again after its thread was stopped because
 * of another task (a timeout, the heap limit, a crash) before it started.
 * Past that it fails with `worker-crashed`.
 */
export const MAX_RESENDS = 3;

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

type PiscinaOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>;

/**
 * Piscina's load balancer for tasks that all carry an abort signal: a thread
 * takes up to `perThread` of them, the least busy thread first. (Piscina's
 * own balancer gives a thread running an abortable task no other task, since
 * aborting one terminates the thread; the dispatcher sends the others again.)
 */
export function queueingBalancer(
  perThread: number,
): NonNullable<PiscinaOptions['loadBalancer']> {
  return (_task, workers) => {
    let candidate: (typeof workers)[number] | null = null;
    let least = perThread;
    for (const worker of workers) {
      if (worker.terminating || worker.destroyed) continue;
      // piscina counts a thread with one abortable task as full (Infinity)
      const usage = worker.isRunningAbortableTask ? 1 : worker.currentUsage;
      if (usage < least) {
        candidate = worker;
        least = usage;
        if (usage === 0) break;
      }
    }
    return candidate;
  };
}

/** What the worker posts when it starts a task (see worker/astroRuntimeWorker.cjs). */
interface StartedMessage {
  astroRuntimeTaskStarted: number;
  threadId: number;
}

function isStartedMessage(m: unknown): m is StartedMessage {
  return (
    typeof (m as Partial<StartedMessage> | null)?.astroRuntimeTaskStarted ===
      'number' && typeof (m as Partial<StartedMessage>).threadId === 'number'
  );
}

/** A task sent to piscina and not yet answered by it. */
interface InFlight {
  task: string;
  /** The worker reported the start of the task on thread `threadId`. */
  started(threadId: number): void;
  /** Fails the task (its thread is stopped if the task was sent to one). */
  fail(e: AstroRuntimeWorkerError): void;
  /** A later task started on the same thread: this one's work was done there. */
  superseded: boolean;
}

/** How one round trip ended. */
type Outcome =
  | { kind: 'answer'; answer: WorkerAnswer }
  | { kind: 'failed'; error: AstroRuntimeWorkerError }
  /** Its thread was stopped because of another task; send it again. */
  | { kind: 'resend'; cause: unknown };

/**
 * The dispatcher of a pool. Threads start on the first task and exit after
 * being idle (`limits.idleTimeoutMs`).
 */
export function createTaskDispatcher(
  limits: WorkerPoolLimits,
  options: {
    logger?: LoggerService;
    enableTestTasks?: boolean;
    /**
     * The priority the threads should run at, shared with them: 1 for
     * `niceIncrement` below the backend, 0 for the backend's own (see
     * worker/astroRuntimeWorker.cjs).
     */
    priority?: Int32Array;
  },
): TaskDispatcher {
  const {
    maxThreads,
    tasksPerThread,
    taskTimeoutMs,
    maxHeapMb,
    maxYoungHeapMb,
  } = limits;
  const { startupTimeoutMs } = limits;
  const { logger } = options;
  const inFlight = new Map<number, InFlight>();
  /** The task that started last on each thread, while it is in flight. */
  const lastStarted = new Map<number, InFlight>();
  let nextId = 1;
  let piscina: Piscina | undefined;
  let destroyed = false;

  const getPiscina = () => {
    if (!piscina) {
      const created = new Piscina({
        filename: astroRuntimeWorkerFilename(),
        name: 'default',
        minThreads: 0,
        maxThreads,
        idleTimeout: limits.idleTimeoutMs,
        concurrentTasksPerWorker: tasksPerThread,
        loadBalancer: queueingBalancer(tasksPerThread),
        resourceLimits: {
          maxOldGenerationSizeMb: maxHeapMb,
          maxYoungGenerationSizeMb: maxYoungHeapMb,
        },
        workerData: {
          testTasks: options.enableTestTasks === true,
          niceIncrement: limits.niceIncrement,
          priority: options.priority,
        },
        recordTiming: false,
      });
      created.on('message', (m: unknown) => {
        if (isStartedMessage(m)) {
          inFlight.get(m.astroRuntimeTaskStarted)?.started(m.threadId);
        }
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
   * compiling sources in development, or still running the task queued ahead
   * of it, does not eat into it); a task that no thread starts within the
   * start-up limit fails too.
   *
   * The caller's answer (`outcome`) and the piscina task end apart: a task
   * the caller aborts before it started is answered at once, and stays
   * tracked until its thread skips it (or, when it started anyway, until its
   * thread is stopped).
   */
  const attempt = (
    task: string,
    input: unknown,
    signal?: AbortSignal,
  ): Promise<Outcome> =>
    new Promise<Outcome>(outcome => {
      const id = nextId++;
      const controller = new AbortController();
      /** Set to 1 when the caller aborts, so that a thread skips the task. */
      const cancel = signal
        ? new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
        : undefined;
      let timedOut = false;
      let answered = false;
      let isStarted = false;
      let thread: number | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = (o: Outcome) => {
        if (answered) return;
        answered = true;
        outcome(o);
      };
      const fail = (e: AstroRuntimeWorkerError) => {
        answer({ kind: 'failed', error: e });
        controller.abort();
      };
      const onAbort = () => {
        if (isStarted) {
          // stopped by terminating its thread; piscina rejects the run
          controller.abort();
          return;
        }
        // not started: the thread skips it; terminating the thread would
        // also stop the task it runs
        if (cancel) Atomics.store(cancel, 0, 1);
        answer({
          kind: 'failed',
          error: workerFailure(limits, task, undefined, false, signal),
        });
      };
      const entry: InFlight = {
        task,
        fail,
        superseded: false,
        started(threadId) {
          isStarted = true;
          thread = threadId;
          const before = lastStarted.get(threadId);
          if (before && before !== entry) before.superseded = true;
          lastStarted.set(threadId, entry);
          clearTimeout(timer);
          if (answered) {
            // aborted (or failed) before it started, started all the same
            controller.abort();
            return;
          }
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, taskTimeoutMs);
        },
      };
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        inFlight.delete(id);
        if (thread !== undefined && lastStarted.get(thread) === entry) {
          lastStarted.delete(thread);
        }
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
      inFlight.set(id, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      getPiscina()
        .run({ id, task, input, cancel }, { signal: controller.signal })
        .then(
          result => {
            done();
            answer({ kind: 'answer', answer: result as WorkerAnswer });
          },
          e => {
            done();
            if (answered) return;
            if (!timedOut && !signal?.aborted) {
              if (!isStarted || entry.superseded) {
                // its thread was stopped because of another task
                answer({ kind: 'resend', cause: e });
                return;
              }
            }
            const error = workerFailure(limits, task, e, timedOut, signal);
            if (error.code !== 'aborted') {
              logger?.warn(`Astro Runtime worker pool: ${error.message}`);
            }
            answer({ kind: 'failed', error });
          },
        );
    });

  /**
   * A round trip to a worker, sent again (at most {@link MAX_RESENDS} times)
   * when its thread was stopped because of another task.
   */
  const dispatch = async (
    task: string,
    input: unknown,
    signal?: AbortSignal,
  ): Promise<WorkerAnswer> => {
    for (let resends = 0; ; resends++) {
      if (destroyed) {
        throw new AstroRuntimeWorkerError(
          'pool-destroyed',
          task,
          `The worker pool was destroyed before task ${task} finished`,
        );
      }
      const o = await attempt(task, input, signal);
      if (o.kind === 'answer') return o.answer;
      if (o.kind === 'failed') throw o.error;
      if (resends >= MAX_RESENDS) {
        const error = new AstroRuntimeWorkerError(
          'worker-crashed',
          task,
          `Worker task ${task} was dropped ${
            resends + 1
          } times, each time before it started, by other tasks stopping its thread`,
          { cause: o.cause },
        );
        logger?.warn(`Astro Runtime worker pool: ${error.message}`);
        throw error;
      }
      logger?.debug(
        `Astro Runtime worker pool: task ${task} was queued on a thread stopped because of another task; sending it again`,
      );
    }
  };

  return {
    dispatch,
    failInFlight(errorFor) {
      for (const entry of [...inFlight.values()])
        entry.fail(errorFor(entry.task));
    },
    async destroy() {
      destroyed = true;
      await piscina?.destroy();
    },
  };
}
