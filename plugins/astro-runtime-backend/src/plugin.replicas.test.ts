import request from 'supertest';
import knexFactory, { Knex } from 'knex';
import { setupServer } from 'msw/node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { astroRuntimePlugin } from './plugin';
import { createTestDatabases, PG_CONNECTION } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';
import { FakeScm } from './__testUtils__/scm';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  eventsServiceFactory,
  eventsServiceRef,
  type EventsService,
} from '@backstage/plugin-events-node';
import { astroRuntimeModuleEvents } from './events';

jest.setTimeout(90_000);

const { databases } = createTestDatabases();
const scm = new FakeScm();
const server = setupServer(scm.handler());
const BASE = '/api/astro-runtime';
const others: Knex[] = [];

beforeAll(() =>
  server.listen({
    onUnhandledRequest: (req, print) => {
      const host = new URL(req.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') print.error();
    },
  }),
);
afterAll(async () => {
  server.close();
  await Promise.all(others.map(k => k.destroy()));
});

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 200));
  }
}

const describePg = PG_CONNECTION ? describe : describe.skip;

describePg(
  'two backend instances on one PostgreSQL (ASTRO_RUNTIME_TEST_PG)',
  () => {
    it('run the global refresh once, and a trigger on both runs it once more', async () => {
      scm.set(
        '/orders/Dockerfile',
        'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      );
      scm.set('/orders/requirements.txt', '\n');
      const knexA = await databases.init('POSTGRES_16');
      const knexB = knexFactory({
        client: 'pg',
        connection: knexA.client.config.connection,
        pool: { min: 0, max: 5 },
      });
      others.push(knexB);
      const entities = [
        component('orders', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      ];

      const startInstance = async (knex: Knex) => {
        const { server: httpServer } = await startTestBackend({
          features: [
            astroRuntimePlugin,
            schedulerServiceFactory,
            mockServices.database.factory({ knex }),
            visibilityCatalog(entities).factory,
            mockServices.rootConfig.factory({
              data: {
                backend: { reading: { allow: [{ host: 'scm.test' }] } },
                astroRuntime: {
                  deployments: [{ id: 'dep-1', astroRuntimeVersion: '12.4.0' }],
                  refresh: {
                    // the test triggers again right after the first run
                    cooldown: { seconds: 0 },
                    schedule: {
                      frequency: { minutes: 30 },
                      timeout: { minutes: 1 },
                      initialDelay: { seconds: 1 },
                    },
                  },
                },
              },
            }),
          ],
        });
        return request(httpServer);
      };
      // One after the other, as a rolling deploy starts them: on an empty
      // database the framework scheduler's own first migration
      // (backstage_backend_tasks__knex_migrations) is not safe to run twice at
      // the same instant (PostgreSQL reports a duplicate pg_type row).
      const a = await startInstance(knexA);
      const b = await startInstance(knexB);
      const auth = mockCredentials.user.header();

      const first = await waitFor(async () => {
        const p = (await a.get(`${BASE}/refresh`).set('Authorization', auth))
          .body;
        return p.finishedAt && !p.running ? p : undefined;
      }, 30_000);
      expect(first).toMatchObject({ total: 1, done: 1, errors: 0 });
      // give the other worker time to poll (its check interval is 5 s): it must not run again
      await new Promise(r => setTimeout(r, 7000));
      const dockerfileReads = () =>
        scm.requests.filter(r => r.path === '/orders/Dockerfile').length;
      expect(dockerfileReads()).toBe(1);
      // both replicas serve the same progress from the database
      expect(
        (await b.get(`${BASE}/refresh`).set('Authorization', auth)).body,
      ).toEqual(
        (await a.get(`${BASE}/refresh`).set('Authorization', auth)).body,
      );

      const [ta, tb] = await Promise.all([
        a.post(`${BASE}/refresh`).set('Authorization', auth),
        b.post(`${BASE}/refresh`).set('Authorization', auth),
      ]);
      expect([ta.status, tb.status]).toEqual([202, 202]);
      await waitFor(async () => {
        const p = (await b.get(`${BASE}/refresh`).set('Authorization', auth))
          .body;
        return p.finishedAt && p.finishedAt !== first.finishedAt && !p.running
          ? p
          : undefined;
      }, 30_000);
      await new Promise(r => setTimeout(r, 7000));
      expect(dockerfileReads()).toBe(2);

      const status = await b
        .get(`${BASE}/entities/component/default/orders/status`)
        .set('Authorization', auth);
      expect(status.body.status.runtime.version).toBe('12.4.0');
    });
  },
);

describePg(
  'two backend instances on one PostgreSQL: push events (ASTRO_RUNTIME_TEST_PG)',
  () => {
    it('handle a push delivered to both once, and both serve the new status', async () => {
      scm.set(
        '/events/Dockerfile',
        'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      );
      scm.set('/events/requirements.txt', '\n');
      const knexA = await databases.init('POSTGRES_16');
      const knexB = knexFactory({
        client: 'pg',
        connection: knexA.client.config.connection,
        pool: { min: 0, max: 5 },
      });
      others.push(knexB);
      const entities = [
        component('events', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      ];

      const startInstance = async (knex: Knex) => {
        let events: EventsService | undefined;
        const publisher = createBackendPlugin({
          pluginId: 'test-publisher',
          register(reg) {
            reg.registerInit({
              deps: { e: eventsServiceRef },
              async init({ e }) {
                events = e;
              },
            });
          },
        });
        const { server: httpServer } = await startTestBackend({
          features: [
            astroRuntimePlugin,
            astroRuntimeModuleEvents,
            publisher,
            eventsServiceFactory,
            schedulerServiceFactory,
            mockServices.database.factory({ knex }),
            visibilityCatalog(entities).factory,
            mockServices.rootConfig.factory({
              data: {
                backend: { reading: { allow: [{ host: 'scm.test' }] } },
                astroRuntime: {
                  deployments: [{ id: 'dep-1', astroRuntimeVersion: '12.4.0' }],
                  refresh: {
                    schedule: {
                      frequency: { hours: 24 },
                      timeout: { minutes: 1 },
                      initialDelay: { hours: 1 },
                    },
                    freshCooldown: { seconds: 0 },
                  },
                },
              },
            }),
          ],
        });
        return { api: request(httpServer), events: events! };
      };
      // one after the other: see the first test (scheduler's first migration)
      const a = await startInstance(knexA);
      const b = await startInstance(knexB);
      const auth = mockCredentials.user.header();
      const version = async (api: typeof a.api) =>
        (
          await api
            .get(`${BASE}/entities/component/default/events/status`)
            .set('Authorization', auth)
        ).body.status?.runtime?.version;
      expect(await version(a.api)).toBe('12.4.0');
      const reads = () =>
        scm.requests.filter(r => r.path === '/events/Dockerfile').length;
      const before = reads();

      scm.set(
        '/events/Dockerfile',
        'FROM quay.io/astronomer/astro-runtime:13.0.0\n',
      );
      const push = {
        topic: 'github',
        eventPayload: {
          ref: 'refs/heads/main',
          after: 'feedbeef',
          repository: { html_url: 'https://scm.test/events' },
          commits: [{ id: 'feedbeef', modified: ['Dockerfile'] }],
        },
        metadata: { 'x-github-event': 'push' },
      };
      await Promise.all([a.events.publish(push), b.events.publish(push)]);
      await waitFor(
        async () => ((await version(b.api)) === '13.0.0' ? true : undefined),
        10_000,
      );
      await new Promise(r => setTimeout(r, 1000));
      expect(reads() - before).toBe(1);
      expect(await version(a.api)).toBe('13.0.0');
    });
  },
);

if (!PG_CONNECTION) {
  // eslint-disable-next-line jest/no-disabled-tests
  it.skip('two backend instances on one PostgreSQL (set ASTRO_RUNTIME_TEST_PG to run)', () => {});
}
