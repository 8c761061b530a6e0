import os from 'node:os';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { AstroRuntimeWorkerPoolOptions } from './types';

/** @public */
export const DEFAULT_WORKER_TASK_TIMEOUT_MS = 10_000;
/** @public */
export const DEFAULT_WORKER_MAX_HEAP_MB = 256;
/**
 * Young-generation limit of each worker thread, in MB. The tasks allocate a
 * lot that dies at once (a status, a parse, a file's findings) and keep
 * almost nothing (about 1 % of what a thread allocated in a 10,000-entity
 * refresh outlived its young generation), so a small young generation costs
 * no time and keeps each thread's resident memory down: V8's default
 * (up to 48 MB per thread) added about 35 MB to the backend's peak RSS at
 * 10,000 entities.
 *
 * @public
 */
export const DEFAULT_WORKER_MAX_YOUNG_HEAP_MB = 4;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
/** The least time a task may wait for its thread to start (and load its code). */
const MIN_STARTUP_TIMEOUT_MS = 30_000;
/**
 * Tasks a thread holds at once: the one it runs and the next ones, queued in
 * its port, so that the thread starts the next task as soon as one ends
 * instead of idling until the event loop (busy with a refresh's reads and
 * writes) sees the answer and sends another. Code-scan batches take at most
 * all but one of them, so a quick task (an assessment) always finds room.
 */
export const TASKS_PER_THREAD = 4;
/**
 * How much lower than the backend's own a worker thread's scheduling priority
 * is (a nice increment, Linux only): when the CPU is contended the event loop
 * wins it, so requests keep their latency while a scan runs.
 */
export const WORKER_NICE_INCREMENT = 10;

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

/** The limits a pool runs under, every option checked and defaulted. */
export interface WorkerPoolLimits {
  maxThreads: number;
  /** Tasks a thread holds at once, running and queued ({@link TASKS_PER_THREAD}). */
  tasksPerThread: number;
  /** Time limit of one task, from the moment its worker reports the start. */
  taskTimeoutMs: number;
  /** Old-generation heap limit of each thread, in MB. */
  maxHeapMb: number;
  /** Young-generation heap limit of each thread, in MB. */
  maxYoungHeapMb: number;
  /**
   * How long a task may wait for a thread to start it: the thread's start-up
   * (loading its code), then the tasks queued ahead of it on that thread,
   * each under its own time limit.
   */
  startupTimeoutMs: number;
  idleTimeoutMs: number;
  /** Nice increment of the worker threads ({@link WORKER_NICE_INCREMENT}). */
  niceIncrement: number;
}

function positive(value: number | undefined, what: string, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${what} must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * The limits of a pool created with `options`; throws a TypeError for an
 * option that is not a positive number.
 */
export function resolveWorkerPoolLimits(
  options: AstroRuntimeWorkerPoolOptions,
): WorkerPoolLimits {
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
  const maxYoungHeapMb = positive(
    options.maxYoungGenerationSizeMb,
    'maxYoungGenerationSizeMb',
    DEFAULT_WORKER_MAX_YOUNG_HEAP_MB,
  );
  const idleTimeoutMs = positive(
    options.idleTimeoutMs,
    'idleTimeoutMs',
    DEFAULT_IDLE_TIMEOUT_MS,
  );
  return {
    maxThreads,
    tasksPerThread: TASKS_PER_THREAD,
    taskTimeoutMs,
    maxHeapMb,
    maxYoungHeapMb,
    startupTimeoutMs:
      Math.max(MIN_STARTUP_TIMEOUT_MS, taskTimeoutMs) +
      (TASKS_PER_THREAD - 1) * taskTimeoutMs,
    idleTimeoutMs,
    niceIncrement: WORKER_NICE_INCREMENT,
  };
}
