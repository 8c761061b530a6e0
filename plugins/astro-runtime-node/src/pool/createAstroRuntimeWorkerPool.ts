import { createHash } from 'node:crypto';
import os from 'node:os';
import { Piscina } from 'piscina';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ASTRO_RUNTIME_ERROR_CODES,
  AstroRuntimeError,
  type AstroRuntimeErrorCode,
  type ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AstroRuntimeWorkerError } from './errors';
import type {
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPoolOptions,
} from './types';

/** @public */
export const DEFAULT_WORKER_TASK_TIMEOUT_MS = 10_000;
/** @public */
export const DEFAULT_WORKER_MAX_HEAP_MB = 256;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * Threads of a pool by default: one fewer than the cores available (the event
 * loop keeps one), at least 1, at most 4.
 *
 * @public
 */
export function defaultWorkerThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** The worker entry, a plain CommonJS file shipped beside `dist/`. */
export function astroRuntimeWorkerFilename(): string {
  return resolvePackagePath(
    '@backstage-astro/plugin-astro-runtime-node',
    'worker',
    'astroRuntimeWorker.cjs',
  );
}

/** What the worker answers (see worker/astroRuntimeWorker.cjs). */
type WorkerAnswer =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error: {
        name: string;
        message: string;
        code?: string;
        line?: number;
        stack?: string;
      };
    };

/** A catalog crosses the thread boundary once per thread: later tasks send its key only. */
type CatalogRef = { key: string; catalog?: ReleaseCatalog };

const catalogKeys = new WeakMap<ReleaseCatalog, string>();
function catalogKey(catalog: ReleaseCatalog): string {
  let key = catalogKeys.get(catalog);
  if (!key) {
    key = createHash('sha256').update(JSON.stringify(catalog)).digest('hex');
    catalogKeys.set(catalog, key);
  }
  return key;
}

function isCatalog(value: unknown): value is ReleaseCatalog {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as ReleaseCatalog).releases)
  );
}

function positive(value: number | undefined, what: string, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${what} must be a positive number, got ${value}`);
  }
  return value;
}

/** Rebuilds the error a task threw in the worker. */
function rehydrate(
  task: string,
  error: Extract<WorkerAnswer, { ok: false }>['error'],
): Error {
  if (
    error.name === 'AstroRuntimeError' &&
    error.code !== undefined &&
    (ASTRO_RUNTIME_ERROR_CODES as readonly string[]).includes(error.code)
  ) {
    return new AstroRuntimeError(
      error.code as AstroRuntimeErrorCode,
      error.message,
      error.line !== undefined ? { line: error.line } : undefined,
    );
  }
  if (error.code === 'UNKNOWN_TASK') {
    return new AstroRuntimeWorkerError('unknown-task', task, error.message);
  }
  const e = new Error(error.message) as Error & { code?: string };
  e.name = error.name;
  if (error.code !== undefined) e.code = error.code;
  if (error.stack) e.stack = error.stack;
  return e;
}

/**
 * Copies a value into this module's realm. Messages from a worker are
 * deserialised in Node's main realm; a host that runs this module inside a
 * `vm` context (jest does) would otherwise get arrays and objects whose
 * prototypes are not its own, which strict checks (the scaffolder's template
 * outputs) refuse. Only used when the answer is from another realm.
 */
function intoThisRealm(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Array.from(value, intoThisRealm);
  if (ArrayBuffer.isView(value)) return value;
  if (
    value instanceof Date ||
    Object.prototype.toString.call(value) === '[object Date]'
  ) {
    return new Date((value as Date).getTime());
  }
  if (Object.prototype.toString.call(value) === '[object Map]') {
    return new Map(
      [...(value as Map<unknown, unknown>)].map(([k, v]) => [
        intoThisRealm(k),
        intoThisRealm(v),
      ]),
    );
  }
  if (Object.prototype.toString.call(value) === '[object Set]') {
    return new Set([...(value as Set<unknown>)].map(intoThisRealm));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = intoThisRealm(v);
  return out;
}

/** FIFO admission: at most `size` tasks hold a thread at once. */
class Slots {
  #free: number;
  readonly #waiting: Array<{ admit(): void; reject(e: Error): void }> = [];

  constructor(size: number) {
    this.#free = size;
  }

  get waiting() {
    return this.#waiting.length;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#free > 0 && this.#waiting.length === 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiting = this.#waiting;
      let detach = () => {};
      const entry = {
        admit: () => {
          detach();
          resolve();
        },
        reject: (e: Error) => {
          detach();
          reject(e);
        },
      };
      if (signal) {
        const onAbort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#waiting.push(entry);
    });
  }

  release() {
    const next = this.#waiting.shift();
    if (next) {
      next.admit();
    } else {
      this.#free++;
    }
  }

  rejectAll(e: Error) {
    for (const entry of this.#waiting.splice(0)) entry.reject(e);
  }
}

/**
 * A pool of worker threads running the pure functions of `-common` (see
 * {@link AstroRuntimeWorkerPool}). Threads start on the first task and exit
 * after being idle; a task over `taskTimeoutMs` (counted from the moment it
 * gets a thread, not while it waits) is cancelled by terminating its thread.
 *
 * @public
 */
export function createAstroRuntimeWorkerPool(
  options: AstroRuntimeWorkerPoolOptions = {},
): AstroRuntimeWorkerPool {
  const maxThreads = Math.floor(
    positive(options.maxThreads, 'maxThreads', defaultWorkerThreads()),
  );
  const taskTimeoutMs = positive(
    options.taskTimeoutMs,
    'taskTimeoutMs',
    DEFAULT_WORKER_TASK_TIMEOUT_MS,
  );
  const maxHeapMb = positive(
    options.maxOldGenerationSizeMb,
    'maxOldGenerationSizeMb',
    DEFAULT_WORKER_MAX_HEAP_MB,
  );
  /** How long a task may wait for its thread to start (and load its code). */
  const startupTimeoutMs = Math.max(30_000, taskTimeoutMs);
  const idleTimeoutMs = positive(
    options.idleTimeoutMs,
    'idleTimeoutMs',
    DEFAULT_IDLE_TIMEOUT_MS,
  );
  const { logger } = options;
  const slots = new Slots(maxThreads);
  /** Dispatched tasks by id: `started` when the worker reports the start, `fail` to reject. */
  const inFlight = new Map<
    number,
    { started(): void; fail(e: AstroRuntimeWorkerError): void; task: string }
  >();
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
        idleTimeout: idleTimeoutMs,
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

  const failure = (
    task: string,
    e: unknown,
    timedOut: boolean,
    signal?: AbortSignal,
  ): AstroRuntimeWorkerError => {
    if (timedOut) {
      return new AstroRuntimeWorkerError(
        'worker-timeout',
        task,
        `Worker task ${task} ran longer than ${taskTimeoutMs} ms and was stopped`,
        { limit: taskTimeoutMs },
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
        `Worker task ${task} exceeded the worker heap limit of ${maxHeapMb} MB and was stopped`,
        { limit: maxHeapMb, cause: e },
      );
    }
    return new AstroRuntimeWorkerError(
      'worker-crashed',
      task,
      `Worker running task ${task} failed: ${message}`,
      { cause: e },
    );
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
            const error = failure(task, e, timedOut, signal);
            if (error.code !== 'aborted') {
              logger?.warn(`Astro Runtime worker pool: ${error.message}`);
            }
            settle(() => reject(error));
          },
        );
    });

  /**
   * Runs a task holding a thread slot. With `catalog`, the input's `catalog`
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
    if (signal?.aborted) throw failure(task, undefined, false, signal);
    try {
      await slots.acquire(signal);
    } catch (e) {
      throw destroyed ? destroyedError() : failure(task, e, false, signal);
    }
    try {
      if (destroyed) throw destroyedError();
      const key = catalog ? catalogKey(catalog) : undefined;
      const message = (ref: CatalogRef) => ({
        ...(input as object),
        catalog: ref,
      });
      let answer = await dispatch(task, key ? message({ key }) : input, signal);
      if (key && !answer.ok && answer.error.code === 'CATALOG_NOT_CACHED') {
        // this thread has not seen the catalog yet: send it along, once
        answer = await dispatch(task, message({ key, catalog }), signal);
      }
      if (!answer.ok) throw rehydrate(task, answer.error);
      return (
        Object.getPrototypeOf(answer) === Object.prototype
          ? answer.value
          : intoThisRealm(answer.value)
      ) as T;
    } finally {
      slots.release();
    }
  };

  return {
    run(task, input, runOptions) {
      return execute(task, input, runOptions?.signal);
    },
    assess(input) {
      return execute(
        'assess',
        input,
        undefined,
        isCatalog(input?.catalog) ? input.catalog : undefined,
      );
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
      for (const entry of [...inFlight.values()]) entry.fail(error(entry.task));
      await piscina?.destroy();
    },
  };
}
