export { createAstroRuntimeWorkerPool } from './createAstroRuntimeWorkerPool';
export {
  defaultWorkerThreads,
  DEFAULT_WORKER_MAX_HEAP_MB,
  DEFAULT_WORKER_MAX_YOUNG_HEAP_MB,
  DEFAULT_WORKER_TASK_TIMEOUT_MS,
} from './poolOptions';
export {
  AstroRuntimeWorkerError,
  isAstroRuntimeWorkerError,
  isRetryableWorkerError,
} from './errors';
export type { AstroRuntimeWorkerErrorCode } from './errors';
export type {
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPoolOptions,
  AstroRuntimeWorkerPriority,
} from './types';
export {
  astroRuntimeWorkerPoolServiceRef,
  readWorkerPoolConfig,
} from './serviceRef';
export { createInProcessAstroRuntimeWorkerPool } from './inProcess';
