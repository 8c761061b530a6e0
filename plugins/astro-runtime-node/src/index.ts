/*
 * Extension points of the `astro-runtime` backend plugin.
 *
 * A backend module can plug in its own source of Astro Deployment metadata
 * (e.g. an internal inventory instead of the Astro Platform API) or of the
 * Runtime release catalog (e.g. an internal mirror with custom auth):
 *
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'astro-runtime',
 *   moduleId: 'my-deployments',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { deployments: astroRuntimeDeploymentProviderExtensionPoint },
 *       async init({ deployments }) {
 *         deployments.addDeploymentProvider(new MyProvider());
 *       },
 *     });
 *   },
 * });
 * ```
 */
export type {
  DeploymentProvider,
  DeploymentProviderOptions,
  ReleaseSource,
  ReleaseSourceOptions,
} from './types';
export {
  astroRuntimeDeploymentProviderExtensionPoint,
  astroRuntimeReleaseSourceExtensionPoint,
} from './extensions';
export type {
  AstroRuntimeDeploymentProviderExtensionPoint,
  AstroRuntimeReleaseSourceExtensionPoint,
} from './extensions';
export { astroRuntimeClock, readAstroRuntimeClockStartAt } from './clock';
export { readCapped, readCappedText, BodyTooLargeError } from './io/readCapped';
export type { CappedSource, ReadCappedOptions } from './io/readCapped';
export { withRetry, exponentialBackoff, sleep } from './io/retry';
export type { RetryOptions } from './io/retry';
export {
  createAstroRuntimeWorkerPool,
  createInProcessAstroRuntimeWorkerPool,
  defaultWorkerThreads,
  DEFAULT_WORKER_MAX_HEAP_MB,
  DEFAULT_WORKER_MAX_YOUNG_HEAP_MB,
  DEFAULT_WORKER_TASK_TIMEOUT_MS,
  AstroRuntimeWorkerError,
  isAstroRuntimeWorkerError,
  isRetryableWorkerError,
  astroRuntimeWorkerPoolServiceRef,
  readWorkerPoolConfig,
} from './pool';
export type {
  AstroRuntimeWorkerErrorCode,
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPoolOptions,
  AstroRuntimeWorkerPriority,
} from './pool';
export {
  RUFF_VERSION,
  RUFF_AIRFLOW3_SETTINGS,
  createRuffEngine,
  getRuffEngine,
  scanFilesTask,
  fixFilesTask,
} from './code';
export type { CodeFilesTaskInput, ScanFilesTaskOutput } from './code';
