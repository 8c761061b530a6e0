import supertest from 'supertest';
import { setupServer } from 'msw/node';
import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  eventsServiceFactory,
  eventsServiceRef,
  type EventsService,
} from '@backstage/plugin-events-node';
import { astroRuntimePlugin } from './plugin';
import { astroRuntimeModuleEvents } from './events';
import { createTestDatabases } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';
import { FakeScm } from './__testUtils__/scm';
import {
  parsePushEvent,
  pushTouches,
  type PushEvent,
} from './service/PushEvents';
import { DatabaseStatusStore } from './service/StatusStore';

jest.setTimeout(60_000);

const BASE = '/api/astro-runtime';
const { databases, ids } = createTestDatabases();
const scm = new FakeScm();
const server = setupServer(scm.handler());

beforeAll(() =>
  server.listen({
    onUnhandledRequest: (req, print) => {
      const host = new URL(req.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') print.error();
    },
  }),
);
afterAll(() => server.close());

function githubPush(repo: string, paths: string[] | undefined, after: string) {
  return {
    topic: 'github',
    eventPayload: {
      ref: 'refs/heads/main',
      after,
      repository: { html_url: repo },
      ...(paths ? { commits: [{ id: after, modified: paths }] } : {}),
    },
    metadata: { 'x-github-event': 'push' },
  };
}

describe('parsePushEvent and pushTouches', () => {
  it('reads GitHub and GitLab pushes and ignores other events', () => {
    const gh = parsePushEvent(
      githubPush('https://github.com/o/r/', ['a/b.py'], 'abc'),
    );
    expect(gh).toMatchObject({
      repoUrl: 'https://github.com/o/r',
      branch: 'main',
      paths: ['a/b.py'],
    });
    expect(
      parsePushEvent({
        topic: 'github',
        eventPayload: { repository: { html_url: 'https://github.com/o/r' } },
        metadata: { 'x-github-event': 'pull_request' },
      }),
    ).toBeUndefined();
    const gl = parsePushEvent({
      topic: 'gitlab',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/dev',
        after: 'def',
        project: { web_url: 'https://gitlab.com/g/p' },
        total_commits_count: 1,
        commits: [{ added: ['x/Dockerfile'], removed: ['y.txt'] }],
      },
    });
    expect(gl).toMatchObject({
      branch: 'dev',
      paths: ['x/Dockerfile', 'y.txt'],
    });
    // more commits than listed: the paths are unknown
    const partial = parsePushEvent({
      topic: 'gitlab',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/dev',
        project: { web_url: 'https://gitlab.com/g/p' },
        total_commits_count: 30,
        commits: [{ added: ['x/Dockerfile'] }],
      },
    });
    expect(partial?.paths).toBeUndefined();
    expect(
      parsePushEvent({
        topic: 'gitlab',
        eventPayload: {
          object_kind: 'tag_push',
          project: { web_url: 'https://gitlab.com/g/p' },
        },
      }),
    ).toBeUndefined();
    expect(
      parsePushEvent({
        topic: 'github',
        eventPayload: {
          ref: 'refs/tags/v1',
          repository: { html_url: 'https://github.com/o/r' },
        },
      }),
    ).toBeUndefined();
    // the same push twice has one key; another head commit another
    expect(
      parsePushEvent(githubPush('https://github.com/o/r', ['a'], 'abc'))?.key,
    ).toBe(
      parsePushEvent(githubPush('https://GitHub.com/o/r/', ['a'], 'abc'))?.key,
    );
    expect(
      parsePushEvent(githubPush('https://github.com/o/r', ['a'], 'abd'))?.key,
    ).not.toBe(gh?.key);
  });

  it('matches the project folder and the branch', () => {
    const push = (paths?: string[], branch = 'main'): PushEvent => ({
      key: 'k',
      repoUrl: 'https://github.com/o/r',
      branch,
      paths,
    });
    const inFolder = {
      entityRef: 'component:default/a',
      projectPath: 'airflow/loads',
      dockerfileUrl:
        'https://github.com/o/r/blob/main/airflow/loads/Dockerfile',
    };
    expect(pushTouches(push(['airflow/loads/dags/x.py']), inFolder)).toBe(true);
    expect(pushTouches(push(['airflow/loads']), inFolder)).toBe(true);
    expect(pushTouches(push(['airflow/loadsX/dags/x.py']), inFolder)).toBe(
      false,
    );
    expect(pushTouches(push(['README.md']), inFolder)).toBe(false);
    expect(
      pushTouches(push(['airflow/loads/Dockerfile'], 'feature'), inFolder),
    ).toBe(false);
    expect(pushTouches(push(undefined), inFolder)).toBe(true);
    const root = {
      ...inFolder,
      projectPath: '.',
      dockerfileUrl: 'https://gitlab.com/o/r/-/blob/main/Dockerfile',
    };
    expect(
      pushTouches(
        { ...push(['anything.md']), repoUrl: 'https://gitlab.com/o/r' },
        root,
      ),
    ).toBe(true);
    expect(
      pushTouches({ ...push([]), repoUrl: 'https://gitlab.com/o/r' }, root),
    ).toBe(false);
  });
});

describe.each(ids.map(id => [id] as const))('event claims on %s', id => {
  it('lets the first claim of a push win and prunes old claims', async () => {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    const a = new DatabaseStatusStore(knex);
    const b = new DatabaseStatusStore(knex);
    const at = '2025-06-01T10:00:00.000Z';
    const old = '2025-05-01T00:00:00.000Z';
    const results = await Promise.all([
      a.claimEvent('k1', at, old),
      b.claimEvent('k1', at, old),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.claimEvent('k2', at, old)).toBe(true);
    // a day later the old claims are gone, so the key could be claimed again
    expect(
      await b.claimEvent(
        'k1',
        '2025-06-03T00:00:00.000Z',
        '2025-06-02T00:00:00.000Z',
      ),
    ).toBe(true);
    expect(await knex('astro_runtime_event_claims').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });
});

describe('push events reassess the touched entities (startTestBackend)', () => {
  it('reassesses within seconds only what a push touched, and a second delivery does nothing', async () => {
    scm.set(
      '/orders/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    scm.set('/orders/requirements.txt', '\n');
    scm.set(
      '/mono/airflow/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    scm.set('/mono/airflow/requirements.txt', '\n');
    const entities = [
      component('orders', {
        annotations: { 'astronomer.io/deployment-id': 'dep-1' },
      }),
      component('mono', {
        annotations: { 'astronomer.io/project-path': 'airflow' },
      }),
    ];
    let events: EventsService | undefined;
    const publisher = createBackendPlugin({
      pluginId: 'test-publisher',
      register(reg) {
        reg.registerInit({
          deps: { e: eventsServiceRef, logger: coreServices.logger },
          async init({ e }) {
            events = e;
          },
        });
      },
    });
    const knex = await databases.init('SQLITE_3');
    const { server: httpServer } = await startTestBackend({
      features: [
        astroRuntimePlugin,
        astroRuntimeModuleEvents,
        publisher,
        eventsServiceFactory,
        mockServices.database.factory({ knex }),
        visibilityCatalog(entities).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { reading: { allow: [{ host: 'scm.test' }] } },
            astroRuntime: {
              deployments: [{ id: 'dep-1', astroRuntimeVersion: '12.4.0' }],
              refresh: {
                // the sweep stays out of the way: only pushes reassess here
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
    const api = supertest(httpServer);
    const auth = mockCredentials.user.header();
    const version = async (name: string) =>
      (
        await api
          .get(`${BASE}/entities/component/default/${name}/status`)
          .set('Authorization', auth)
      ).body.status?.runtime?.version;
    expect(await version('orders')).toBe('12.4.0');
    expect(await version('mono')).toBe('12.4.0');

    const reads = (path: string) =>
      scm.requests.filter(r => r.path === path).length;
    scm.set(
      '/orders/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:13.0.0\n',
    );
    scm.set(
      '/mono/airflow/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:13.0.0\n',
    );
    const monoReads = reads('/mono/airflow/Dockerfile');

    // a push outside mono's project folder leaves it alone
    await events!.publish(
      githubPush('https://scm.test/mono', ['docs/index.md'], 'c1'),
    );
    const started = Date.now();
    await events!.publish(
      githubPush('https://scm.test/orders', ['Dockerfile'], 'c2'),
    );
    for (;;) {
      if ((await version('orders')) === '13.0.0') break;
      if (Date.now() - started > 5000)
        throw new Error('orders not reassessed within 5 s');
      await new Promise(r => setTimeout(r, 50));
    }
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise(r => setTimeout(r, 300));
    expect(reads('/mono/airflow/Dockerfile')).toBe(monoReads);
    expect(await version('mono')).toBe('12.4.0');

    // inside it: reassessed; the same push delivered again is not handled twice
    const push = githubPush(
      'https://scm.test/mono',
      ['airflow/dags/x.py'],
      'c3',
    );
    await events!.publish(push);
    for (;;) {
      if ((await version('mono')) === '13.0.0') break;
      if (Date.now() - started > 10_000) throw new Error('mono not reassessed');
      await new Promise(r => setTimeout(r, 50));
    }
    const after = reads('/mono/airflow/Dockerfile');
    await events!.publish(push);
    await new Promise(r => setTimeout(r, 500));
    expect(reads('/mono/airflow/Dockerfile')).toBe(after);
  });
});
