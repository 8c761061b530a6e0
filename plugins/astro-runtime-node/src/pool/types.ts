import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AssessInput,
  DockerfileBase,
  PinProvidersResult,
  ReleaseCatalog,
  RuntimeStatus,
  SerializedStatus,
  UpgradeDockerfileOptions,
  UpgradeDockerfileResult,
} from '@backstage-astro/plugin-astro-runtime-common';

/**
 * Runs the parsers and assessments of `-common` over untrusted repo content
 * in worker threads, each task under a time limit and every thread under a
 * heap limit. A task that runs away fails alone (its worker is replaced);
 * the event loop of the backend keeps serving.
 *
 * Errors: an `AstroRuntimeError` thrown in the worker comes back as an
 * `AstroRuntimeError` with the same `code`, `message` and `line`; a task over
 * its time limit, a worker over its heap limit and a worker that died reject
 * with an {@link AstroRuntimeWorkerError}.
 *
 * @public
 */
export interface AstroRuntimeWorkerPool {
  /** `assess` of `-common`, off the event loop. */
  assess(input: AssessInput): Promise<RuntimeStatus>;
  /**
   * `assess` of `-common`, answered as `serializeStatus` of `-common` (the
   * status's JSON and the fields a store indexes): the thread serializes it,
   * so the caller receives one string instead of the status's object graph.
   */
  assessSerialized(input: AssessInput): Promise<SerializedStatus>;
  /** `parseDockerfile` of `-common`, off the event loop. */
  parseDockerfile(text: string): Promise<DockerfileBase>;
  /** `upgradeDockerfile` of `-common`, off the event loop. */
  upgradeDockerfile(
    text: string,
    target: string,
    catalog: ReleaseCatalog,
    options?: UpgradeDockerfileOptions,
  ): Promise<UpgradeDockerfileResult>;
  /** `pinProviders` of `-common`, off the event loop. */
  pinProviders(
    requirementsTxt: string,
    providers: Array<{ name: string; version: string }>,
    options?: { comment?: string },
  ): Promise<PinProvidersResult>;
  /**
   * Runs a task of the worker by name (the five above are `assess`,
   * `assessSerialized`, `parseDockerfile`, `upgradeDockerfile`, `pinProviders`; the code scan
   * adds `scanCode` and `fixCode`, input `{ files: [{ path, bytes }] }`, see
   * `scanFilesTask` and `fixFilesTask`). `input` must be structured-clone
   * safe. An unknown task rejects with code `unknown-task`.
   *
   * The first code task of a thread compiles ruff's WebAssembly module before
   * it reports its start, so the compile counts against the start-up
   * allowance (at least 30 s), not the task's time limit.
   */
  run<T>(
    task: string,
    input: unknown,
    options?: { signal?: AbortSignal },
  ): Promise<T>;
  /**
   * The threads' scheduling priority (Linux; elsewhere threads keep the
   * backend's):
   * - `low`, the default: 10 below the backend (a nice increment), so that
   *   the event loop wins a contended CPU and requests keep their latency;
   * - `normal`: the backend's own, for work nobody is waiting behind.
   *
   * A thread takes the change before its next task and before each file it
   * checks. A thread may always go lower; going back up needs privilege
   * (CAP_SYS_NICE, or RLIMIT_NICE of at least 20): where it is refused, a
   * thread that went low stays low until it exits, and threads started
   * later start at the priority asked for then.
   */
  setPriority(priority: AstroRuntimeWorkerPriority): void;
  /** Stops every thread; running and queued tasks reject with code `pool-destroyed`. */
  destroy(): Promise<void>;
}

/**
 * See {@link AstroRuntimeWorkerPool.setPriority}.
 *
 * @public
 */
export type AstroRuntimeWorkerPriority = 'low' | 'normal';

/**
 * Options of {@link createAstroRuntimeWorkerPool}.
 *
 * @public
 */
export interface AstroRuntimeWorkerPoolOptions {
  /**
   * Threads (and tasks running at once; each thread also holds its next task
   * queued). Default: availableParallelism - 1, between 1 and 4.
   */
  maxThreads?: number;
  /** Time limit of one task, from the moment its thread starts it. Default 10 000 ms. */
  taskTimeoutMs?: number;
  /** Old-generation heap limit of each thread, in MB. Default 256. */
  maxOldGenerationSizeMb?: number;
  /** Young-generation heap limit of each thread, in MB. Default 4. */
  maxYoungGenerationSizeMb?: number;
  /** Where timeouts, heap-limit crashes and worker errors are logged. */
  logger?: LoggerService;
  /** How long an idle thread is kept before it exits. Default 30 000 ms. */
  idleTimeoutMs?: number;
  /**
   * Enables the worker's test tasks (`__test_sleep`, `__test_echo`,
   * `__test_spin`, `__test_alloc`, `__test_exit`, `__test_priority`,
   * `__test_thread_name`, `__test_throw`). For tests only.
   *
   * @internal
   */
  enableTestTasks?: boolean;
}
