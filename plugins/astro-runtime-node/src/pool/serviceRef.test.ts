import type { RootConfigService } from '@backstage/backend-plugin-api';
import { readWorkerPoolConfig } from './serviceRef';

/** `astroRuntime.workers` with these values (a stand-in for the config reader). */
function configWith(workers?: Record<string, number>): RootConfigService {
  return {
    getOptionalConfig: (key: string) =>
      key === 'astroRuntime.workers' && workers
        ? { getOptionalNumber: (k: string) => workers[k] }
        : undefined,
  } as unknown as RootConfigService;
}

describe('readWorkerPoolConfig', () => {
  it('maps astroRuntime.workers to the pool options', () => {
    expect(
      readWorkerPoolConfig(
        configWith({
          maxThreads: 3,
          taskTimeoutMs: 2500,
          maxHeapMb: 128,
          maxYoungHeapMb: 8,
        }),
      ),
    ).toEqual({
      maxThreads: 3,
      taskTimeoutMs: 2500,
      maxOldGenerationSizeMb: 128,
      maxYoungGenerationSizeMb: 8,
    });
  });

  it('leaves what is not set to the pool defaults', () => {
    expect(readWorkerPoolConfig(configWith())).toEqual({
      maxThreads: undefined,
      taskTimeoutMs: undefined,
      maxOldGenerationSizeMb: undefined,
      maxYoungGenerationSizeMb: undefined,
    });
  });

  it.each([
    ['maxYoungHeapMb', 0, 'a positive number'],
    ['maxHeapMb', -5, 'a positive number'],
    ['maxThreads', 1.5, 'a positive integer'],
  ])('refuses %s: %p, naming the key', (key, value, expected) => {
    expect(() => readWorkerPoolConfig(configWith({ [key]: value }))).toThrow(
      `Invalid astroRuntime.workers.${key}: expected ${expected}, got ${value}`,
    );
  });
});
