/*
 * A repo whose content makes parsing run away (forever, or without bound in
 * memory) must fail that one entity, recorded as its error, while the backend
 * keeps answering: the parse runs in the worker pool under a time and a heap
 * limit, off the event loop.
 *
 * The runaway is the pool's own misbehaving test tasks (enabled only in the
 * pool built here): the assessment of a Dockerfile carrying a marker comment
 * runs `__test_spin` or `__test_alloc` in a real worker thread instead of
 * `assess`, as a pathological Dockerfile would.
 */
import supertest from 'supertest';
import { setupServer } from 'msw/node';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { AssessInput } from '@backstage-astro/plugin-astro-runtime-common';
import {
  astroRuntimeWorkerPoolServiceRef,
  createAstroRuntimeWorkerPool,
  type AstroRuntimeWorkerPool,
} from '@backstage-astro/plugin-astro-runtime-node';
import { astroRuntimePlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';
import { FakeScm } from './__testUtils__/scm';

jest.setTimeout(120_000);

const BASE = '/api/astro-runtime';
const TASK_TIMEOUT_MS = 1_500;
const HEAP_MB = 32;
const SPIN = '# hostile: spin';
const ALLOC = '# hostile: alloc';

const { databases } = createTestDatabases();
const scm = new FakeScm();
const server = setupServer(scm.handler());

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());
beforeEach(() => {
  scm.files.clear();
  scm.reset();
});

const annotated = (name: string) =>
  component(name, { annotations: { 'astronomer.io/deployment-id': 'dep-1' } });

function project(name: string, dockerfile: string) {
  scm.set(`/${name}/Dockerfile`, dockerfile);
  scm.set(`/${name}/requirements.txt`, '');
}

/** The real pool, except that a Dockerfile with a marker runs a misbehaving task. */
function hostilePool(taskTimeoutMs: number): AstroRuntimeWorkerPool {
  const pool = createAstroRuntimeWorkerPool({
    maxThreads: 1,
    taskTimeoutMs,
    maxOldGenerationSizeMb: HEAP_MB,
    enableTestTasks: true,
  });
  // both ways of assessing (the refresh stores serialized statuses)
  const hostile = <T>(
    input: AssessInput,
    assess: (i: AssessInput) => Promise<T>,
  ): Promise<T> => {
    const text = input.project.dockerfile ?? '';
    if (text.includes(SPIN)) return pool.run<T>('__test_spin', {});
    if (text.includes(ALLOC)) return pool.run<T>('__test_alloc', {});
    return assess(input);
  };
  return {
    ...pool,
    assess: input => hostile(input, i => pool.assess(i)),
    assessSerialized: input => hostile(input, i => pool.assessSerialized(i)),
  };
}

async function start(
  entities: Entity[],
  options: {
    pool?: 'hostile' | 'default';
    taskTimeoutMs?: number;
    astroRuntime?: JsonObject;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const { server: httpServer } = await startTestBackend({
    features: [
      astroRuntimePlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host: 'scm.test' }] } },
          astroRuntime: {
            deployments: [{ id: 'dep-1', astroRuntimeVersion: '12.4.0' }],
            refresh: {
              cooldown: { seconds: 0 },
              freshCooldown: { seconds: 0 },
            },
            ...options.astroRuntime,
          },
        },
      }),
      mockServices.database.factory({ knex }),
      visibilityCatalog(entities).factory,
      ...(options.pool === 'default'
        ? []
        : [
            createServiceFactory({
              service: astroRuntimeWorkerPoolServiceRef,
              deps: { lifecycle: coreServices.rootLifecycle },
              factory({ lifecycle }) {
                const pool = hostilePool(
                  options.taskTimeoutMs ?? TASK_TIMEOUT_MS,
                );
                lifecycle.addShutdownHook(() => pool.destroy());
                return pool;
              },
            }),
          ]),
    ],
  });
  return supertest(httpServer);
}

const user = () => mockCredentials.user.header('user:default/alice');

async function refreshAndWait(api: supertest.Agent) {
  const started = await api
    .post(`${BASE}/refresh`)
    .set('Authorization', user());
  expect(started.status).toBe(202);
  for (;;) {
    const progress = await api
      .get(`${BASE}/refresh`)
      .set('Authorization', user());
    if (!progress.body.running && progress.body.finishedAt)
      return progress.body;
    await new Promise(r => setTimeout(r, 50));
  }
}

/** Latencies of GET /health, asked every 50 ms until `until` settles. */
async function healthLatencies(api: supertest.Agent, until: Promise<unknown>) {
  let done = false;
  until.then(
    () => (done = true),
    () => (done = true),
  );
  const latencies: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const res = await api.get(`${BASE}/health`);
    latencies.push(performance.now() - t0);
    expect(res.status).toBe(200);
    await new Promise(r => setTimeout(r, 50));
  }
  return latencies;
}

describe('astro-runtime backend with hostile repo content', () => {
  it('a runaway parse fails that entity with worker-timeout; /health and stored statuses keep answering', async () => {
    project('good', 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    project('hostile', 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    const api = await start([annotated('good'), annotated('hostile')]);

    // a good first round for both
    const first = await refreshAndWait(api);
    expect(first).toMatchObject({ total: 2, done: 2, errors: 0 });

    // the hostile repo changes into a Dockerfile whose parse never ends
    project(
      'hostile',
      `${SPIN}\nFROM quay.io/astronomer/astro-runtime:13.0.0\n`,
    );
    const round = refreshAndWait(api);
    const latencies = await healthLatencies(api, round);
    const storedGood = await api
      .get(`${BASE}/entities/component/default/good/status`)
      .set('Authorization', user());
    const progress = await round;

    // the event loop stayed free while a thread spun for the whole time
    // limit: typical answers within 200 ms, and none waited for the task
    // (on a CPU shared with other work, single requests can take longer)
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    const sorted = [...latencies].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(200);
    expect(sorted[sorted.length - 1]).toBeLessThan(TASK_TIMEOUT_MS / 2);
    expect(storedGood.status).toBe(200);
    expect(storedGood.body.status.runtime.version).toBe('12.4.0');

    // one entity failed, with the reason; the other was assessed
    expect(progress).toMatchObject({ total: 2, done: 2, errors: 1 });
    expect(progress.lastError).toContain('component:default/hostile');
    const hostile = await api
      .get(`${BASE}/entities/component/default/hostile/status`)
      .set('Authorization', user());
    expect(hostile.status).toBe(200);
    expect(hostile.body.stale).toBe(true);
    expect(hostile.body.status.runtime.version).toBe('12.4.0');
    expect(hostile.body.error.code).toBe('worker-timeout');
    expect(hostile.body.error.message).toContain(`${TASK_TIMEOUT_MS} ms`);

    // the pool replaced the thread and keeps serving
    project('good', 'FROM quay.io/astronomer/astro-runtime:13.0.0\n');
    const fresh = await api
      .get(`${BASE}/entities/component/default/good/status?fresh=true`)
      .set('Authorization', user());
    expect(fresh.status).toBe(200);
    expect(fresh.body.error).toBeUndefined();
    expect(fresh.body.status.runtime.version).toBe('13.0.0');
  });

  it('a parse that allocates without bound fails that entity with resource-limit; the backend lives on', async () => {
    project('good', 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    project(
      'hungry',
      `${ALLOC}\nFROM quay.io/astronomer/astro-runtime:12.4.0\n`,
    );
    // a time limit the allocation cannot reach first, even on a busy CPU
    const api = await start([annotated('good'), annotated('hungry')], {
      taskTimeoutMs: 60_000,
    });
    const progress = await refreshAndWait(api);
    expect(progress).toMatchObject({ total: 2, done: 2, errors: 1 });
    expect(progress.lastError).toContain('component:default/hungry');
    expect(progress.lastError).toContain(`${HEAP_MB} MB`);

    const health = await api.get(`${BASE}/health`);
    expect(health.status).toBe(200);
    const good = await api
      .get(`${BASE}/entities/component/default/good/status`)
      .set('Authorization', user());
    expect(good.status).toBe(200);
    expect(good.body.status.runtime.version).toBe('12.4.0');
  });

  it('uses the shared pool configured by astroRuntime.workers, and refuses a bad setting', async () => {
    project('good', 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    const api = await start([annotated('good')], {
      pool: 'default',
      astroRuntime: {
        workers: { maxThreads: 1, taskTimeoutMs: 5000, maxHeapMb: 64 },
      },
    });
    const res = await api
      .get(`${BASE}/entities/component/default/good/status`)
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body.status.runtime.version).toBe('12.4.0');

    await expect(
      start([annotated('good')], {
        pool: 'default',
        astroRuntime: { workers: { maxThreads: 0 } },
      }),
    ).rejects.toThrow(
      'Invalid astroRuntime.workers.maxThreads: expected a positive integer, got 0',
    );
  });
});
