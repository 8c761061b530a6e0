import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { createAstroRuntimeWorkerPool } from './createAstroRuntimeWorkerPool';
import type {
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPoolOptions,
} from './types';

/**
 * Reads `astroRuntime.workers` (`maxThreads`, `taskTimeoutMs`, `maxHeapMb`,
 * `maxYoungHeapMb`).
 *
 * @public
 */
export function readWorkerPoolConfig(
  config: RootConfigService,
): Pick<
  AstroRuntimeWorkerPoolOptions,
  | 'maxThreads'
  | 'taskTimeoutMs'
  | 'maxOldGenerationSizeMb'
  | 'maxYoungGenerationSizeMb'
> {
  const workers = config.getOptionalConfig('astroRuntime.workers');
  const positive = (key: string, integer: boolean) => {
    const value = workers?.getOptionalNumber(key);
    if (value === undefined) return undefined;
    if (!(value > 0) || (integer && !Number.isInteger(value))) {
      throw new Error(
        `Invalid astroRuntime.workers.${key}: expected a positive ${
          integer ? 'integer' : 'number'
        }, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxThreads: positive('maxThreads', true),
    taskTimeoutMs: positive('taskTimeoutMs', false),
    maxOldGenerationSizeMb: positive('maxHeapMb', false),
    maxYoungGenerationSizeMb: positive('maxYoungHeapMb', false),
  };
}

/**
 * The worker pool of the process (one per backend, shared by the
 * `astro-runtime` plugin and the `astro:runtime:upgrade` scaffolder action),
 * configured by `astroRuntime.workers` and destroyed when the backend shuts
 * down.
 *
 * @public
 */
export const astroRuntimeWorkerPoolServiceRef =
  createServiceRef<AstroRuntimeWorkerPool>({
    id: 'astro-runtime.worker-pool',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        initialization: 'lazy',
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          lifecycle: coreServices.rootLifecycle,
        },
        factory({ config, logger, lifecycle }) {
          const poolLogger = logger.child({ service: 'astro-runtime-workers' });
          const pool = createAstroRuntimeWorkerPool({
            ...readWorkerPoolConfig(config),
            logger: poolLogger,
          });
          lifecycle.addShutdownHook(() => pool.destroy());
          return pool;
        },
      }),
  });
