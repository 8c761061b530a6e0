import { ConfigReader } from '@backstage/config';
import { readAstroRuntimeConfig } from './config';

const read = (refresh: Record<string, number>) =>
  readAstroRuntimeConfig(new ConfigReader({ astroRuntime: { refresh } }));

describe('readAstroRuntimeConfig: refresh concurrency', () => {
  it('defaults to 8 entities at once, 2 while the routes serve requests', () => {
    expect(read({}).refresh).toMatchObject({
      concurrency: 8,
      concurrencyUnderLoad: 2,
    });
    expect(read({ concurrency: 1 }).refresh.concurrencyUnderLoad).toBe(1);
    expect(
      read({ concurrency: 6, concurrencyUnderLoad: 6 }).refresh,
    ).toMatchObject({ concurrency: 6, concurrencyUnderLoad: 6 });
  });

  it.each([0, 9, 1.5, -1])(
    'refuses concurrencyUnderLoad %p, naming the key and the bound',
    value => {
      expect(() => read({ concurrencyUnderLoad: value })).toThrow(
        /astroRuntime\.refresh\.concurrencyUnderLoad must be an integer from 1 to astroRuntime\.refresh\.concurrency \(8\)/,
      );
    },
  );
});

describe('readAstroRuntimeConfig: worker priority', () => {
  const readWorkers = (workers: Record<string, string>) =>
    readAstroRuntimeConfig(new ConfigReader({ astroRuntime: { workers } }))
      .workers;

  it('is adaptive unless set to low', () => {
    expect(readWorkers({}).priority).toBe('adaptive');
    expect(readWorkers({ priority: 'low' }).priority).toBe('low');
    expect(readWorkers({ priority: 'adaptive' }).priority).toBe('adaptive');
  });

  it.each(['high', 'normal', 'LOW'])('refuses %p, naming the key', value => {
    expect(() => readWorkers({ priority: value })).toThrow(
      `astroRuntime.workers.priority must be 'adaptive' or 'low', got '${value}'`,
    );
  });
});
