import supertest from 'supertest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  astroRuntimeRefreshPermission,
  catalogToFeed,
  getBundledCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimePlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';
import { captureLogs } from './__testUtils__/logs';
import { hugeBody, MB, rssMb } from './__testUtils__/hugeBody';
import { FakeScm } from './__testUtils__/scm';

jest.setTimeout(60_000);

const BASE = '/api/astro-runtime';
const { databases } = createTestDatabases();
const scm = new FakeScm();
const server = setupServer(scm.handler());

beforeAll(() =>
  server.listen({
    onUnhandledRequest: (req, print) => {
      const host = new URL(req.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') {
        print.error();
      }
    },
  }),
);
afterEach(() => server.resetHandlers(scm.handler()));
afterAll(() => server.close());
beforeEach(() => {
  scm.files.clear();
  scm.failing.clear();
  scm.hanging.clear();
  scm.delayMs = 0;
  scm.reset();
});

const ALICE = 'user:default/alice';
const GUEST = 'user:default/guest';
const MALLORY = 'user:default/mallory';
const user = (ref = ALICE) => mockCredentials.user.header(ref);

function astroProject(name: string, tag = '12.4.0') {
  scm.set(
    `/${name}/Dockerfile`,
    `FROM quay.io/astronomer/astro-runtime:${tag}\n`,
  );
  scm.set(`/${name}/requirements.txt`, 'apache-airflow-providers-http\n');
}

const annotated = (name: string, extra: Record<string, string> = {}) =>
  component(name, {
    annotations: { 'astronomer.io/deployment-id': 'dep-1', ...extra },
  });

/** Allows everything, except the refresh permission for the users in `denied`. */
function permissionsDenying(
  denied: string[],
  catalogReadDecision: (c?: BackstageCredentials) => PolicyDecision,
) {
  const decisions: Array<{ permission: string; user?: string }> = [];
  const service: Partial<PermissionsService> = {
    async authorize(requests, options) {
      const p = options?.credentials?.principal as { userEntityRef?: string };
      return requests.map(r => {
        decisions.push({
          permission: r.permission.name,
          user: p?.userEntityRef,
        });
        const deny =
          r.permission.name === astroRuntimeRefreshPermission.name &&
          denied.includes(p?.userEntityRef ?? '');
        return {
          result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        };
      }) as any;
    },
    async authorizeConditional(requests, options) {
      return requests.map(() =>
        catalogReadDecision(options?.credentials),
      ) as any;
    },
  };
  const factory = createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => service as PermissionsService,
  });
  return { factory, decisions };
}

async function start(options: {
  entities: Entity[];
  hidden?: Record<string, string[]>;
  astroRuntime?: JsonObject;
  denied?: string[];
}) {
  const knex = await databases.init('SQLITE_3');
  const catalog = visibilityCatalog(options.entities, options.hidden);
  const permissions = permissionsDenying(
    options.denied ?? [GUEST],
    catalog.catalogReadDecision,
  );
  const auditor = mockServices.auditor.mock();
  const registry = mockServices.permissionsRegistry.mock();
  const { server: httpServer } = await startTestBackend({
    features: [
      astroRuntimePlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host: 'scm.test' }] } },
          astroRuntime: {
            deployments: [{ id: 'dep-1', astroRuntimeVersion: '12.4.0' }],
            ...options.astroRuntime,
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'debug' }),
      mockServices.database.factory({ knex }),
      catalog.factory,
      permissions.factory,
      auditor.factory,
      registry.factory,
    ],
  });
  return {
    api: supertest(httpServer),
    knex,
    auditor,
    registry,
    decisions: permissions.decisions,
  };
}

describe('astro-runtime backend in a shared Backstage', () => {
  it('registers the refresh permission and requires it for POST /refresh and ?fresh=true', async () => {
    astroProject('a');
    const { api, registry, decisions, auditor } = await start({
      entities: [annotated('a')],
      astroRuntime: { refresh: { cooldown: { seconds: 0 } } },
    });
    expect(registry.addPermissions).toHaveBeenCalledWith(
      expect.arrayContaining([astroRuntimeRefreshPermission]),
    );

    const post = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user(GUEST));
    expect(post.status).toBe(403);
    expect(post.body.error.name).toBe('NotAllowedError');
    expect(post.body.error.message).toMatch(/astro-runtime\.refresh/);
    expect(scm.requests).toHaveLength(0);

    const fresh = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user(GUEST));
    expect(fresh.status).toBe(403);
    expect(scm.requests).toHaveLength(0);
    // a plain read needs no permission
    const plain = await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user(GUEST));
    expect(plain.status).toBe(200);

    const allowed = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user());
    expect(allowed.status).toBe(202);
    expect(decisions).toContainEqual({
      permission: 'astro-runtime.refresh',
      user: ALICE,
    });

    // each refresh is recorded through the auditor
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'refresh', severityLevel: 'medium' }),
    );
    const event = await (auditor.createEvent as jest.Mock).mock.results.find(
      (_r, i) =>
        (auditor.createEvent as jest.Mock).mock.calls[i][0].eventId ===
        'refresh',
    )!.value;
    expect(event.success).toHaveBeenCalledWith({
      meta: { trigger: 'manual', outcome: 'started' },
    });
    await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'entity-refresh',
        meta: { entityRef: 'component:default/a' },
      }),
    );
  });

  it('answers 429 during the cooldown after a refresh, and a POST during a run joins it', async () => {
    for (const name of ['a', 'b', 'c']) {
      astroProject(name);
    }
    const { api } = await start({
      entities: ['a', 'b', 'c'].map(n => annotated(n)),
      astroRuntime: { refresh: { cooldown: { minutes: 5 }, concurrency: 1 } },
    });
    scm.delayMs = 100;
    const first = api
      .post(`${BASE}/refresh`)
      .set('Authorization', user())
      .then(r => r);
    // wait until the run is under way
    for (let i = 0; i < 100; i++) {
      const p = await api.get(`${BASE}/refresh`).set('Authorization', user());
      if (p.body.running && scm.requests.length > 0) break;
      await new Promise(r => setTimeout(r, 20));
    }
    const second = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user());
    expect(second.status).toBe(202);
    expect(second.body.running).toBe(true);
    expect((await first).status).toBe(202);
    // one run: two files for each of the three entities
    expect(scm.requests).toHaveLength(6);

    scm.reset();
    const third = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user());
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(250);
    expect(third.body.error.message).toMatch(/the next can start in \d+ s/);
    expect(scm.requests).toHaveLength(0);
  });

  it('makes one upstream read for 20 concurrent fresh reads of an entity', async () => {
    astroProject('a');
    const { api } = await start({
      entities: [annotated('a')],
      // no cooldown: only the coalescing is at work
      astroRuntime: { refresh: { freshCooldown: { seconds: 0 } } },
    });
    const initial = await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user());
    expect(initial.status).toBe(200);
    scm.reset();
    scm.delayMs = 300;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api
          .get(`${BASE}/entities/component/default/a/status?fresh=true`)
          .set('Authorization', user()),
      ),
    );
    expect(answers.every(r => r.status === 200)).toBe(true);
    // Dockerfile and requirements.txt, once
    expect(scm.requests.map(r => r.path).sort()).toEqual([
      '/a/Dockerfile',
      '/a/requirements.txt',
    ]);
  });

  it('serves a fresh read of an entity checked moments ago from the store', async () => {
    astroProject('a');
    const { api } = await start({ entities: [annotated('a')] });
    await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user());
    scm.reset();
    const fresh = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(fresh.status).toBe(200);
    expect(fresh.body.status.runtime.version).toBe('12.4.0');
    expect(scm.requests).toHaveLength(0);
  });

  it('shows refresh errors only for entities the caller may see; counts stay global', async () => {
    scm.failing.set('/secret/Dockerfile', 500);
    const { api } = await start({
      entities: [annotated('secret')],
      hidden: { [MALLORY]: ['component:default/secret'] },
      astroRuntime: { refresh: { cooldown: { seconds: 0 } } },
    });
    await api.post(`${BASE}/refresh`).set('Authorization', user());
    const alice = await api.get(`${BASE}/refresh`).set('Authorization', user());
    expect(alice.body).toMatchObject({ total: 1, errors: 1 });
    expect(alice.body.lastError).toMatch(/component:default\/secret/);

    const mallory = await api
      .get(`${BASE}/refresh`)
      .set('Authorization', user(MALLORY));
    expect(mallory.body).toMatchObject({ total: 1, errors: 1 });
    expect(mallory.body.lastError).toBeUndefined();
    expect(mallory.text).not.toContain('secret');
    expect(mallory.body.lastErrorEntityRef).toBeUndefined();
    // also from a POST answer
    const post = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user(MALLORY));
    expect(post.text).not.toContain('secret');
  });

  it('answers 400 for a cursor it did not make', async () => {
    const { api } = await start({ entities: [] });
    for (const cursor of [
      'garbage',
      'eyJ4IjoxfQ',
      '!!!',
      encodeURIComponent('{"k":"a"}'),
    ]) {
      const res = await api
        .get(`${BASE}/statuses?cursor=${cursor}`)
        .set('Authorization', user());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/cursor/);
    }
  });

  it('refuses %2e%2e in project-path like ..', async () => {
    scm.set(
      '/secret/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:9.1.0\n',
    );
    scm.set(
      '/repo/sub/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    const { api } = await start({
      entities: [
        '%2e%2e/secret',
        '%2E%2E/secret',
        '.%2e/secret',
        'sub/%2e%2e/%2e%2e/secret',
      ].map((p, i) =>
        component(`escape${i}`, {
          annotations: {
            'astronomer.io/project-path': p,
            'backstage.io/source-location': 'url:https://scm.test/repo/',
          },
        }),
      ),
    });
    for (let i = 0; i < 4; i++) {
      const res = await api
        .get(`${BASE}/entities/component/default/escape${i}/status`)
        .set('Authorization', user());
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(
        /percent-encoded|not allowed|outside/,
      );
      expect(JSON.stringify(res.body)).not.toContain('9.1.0');
    }
    expect(scm.requests.filter(r => r.path.startsWith('/secret'))).toEqual([]);
  });

  it('refuses a 100 MB chunked Dockerfile without buffering it, keeping the last good status', async () => {
    astroProject('big');
    const { api } = await start({
      entities: [annotated('big')],
      astroRuntime: { refresh: { freshCooldown: { seconds: 0 } } },
    });
    const ok = await api
      .get(`${BASE}/entities/component/default/big/status`)
      .set('Authorization', user());
    expect(ok.status).toBe(200);
    const body = hugeBody(100 * MB, '#');
    server.use(
      http.get(
        'https://scm.test/big/Dockerfile',
        () => new HttpResponse(body.stream, { status: 200 }),
      ),
    );
    const before = rssMb();
    const res = await api
      .get(`${BASE}/entities/component/default/big/status?fresh=true`)
      .set('Authorization', user());
    const grown = rssMb() - before;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stale: true,
      error: { code: 'too-large' },
    });
    expect(res.body.status.runtime.version).toBe('12.4.0');
    expect(body.stats.pulled).toBeLessThan(4 * MB);
    expect(grown).toBeLessThan(60);
  });

  it('keeps the last good status when the repo answers 404 or a login page', async () => {
    astroProject('a');
    const { api } = await start({
      entities: [annotated('a')],
      astroRuntime: { refresh: { freshCooldown: { seconds: 0 } } },
    });
    await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user());
    scm.files.delete('/a/Dockerfile');
    const gone = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(gone.body).toMatchObject({
      stale: true,
      error: { code: 'dockerfile-missing' },
    });
    expect(gone.body.status.runtime.version).toBe('12.4.0');

    scm.set('/a/Dockerfile', '<html><body>Sign in to continue</body></html>');
    const login = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(login.body).toMatchObject({
      stale: true,
      error: { code: 'not-a-dockerfile' },
    });
    expect(login.body.status.runtime.version).toBe('12.4.0');
  });

  it('shows and logs the feed URL without userinfo or query string, and never its headers', async () => {
    const logs = captureLogs();
    try {
      const feed = catalogToFeed(getBundledCatalog());
      const seen: Array<string | null> = [];
      let up = false;
      server.use(
        http.get('https://mirror.test/runtime', ({ request }) => {
          seen.push(request.headers.get('x-token'));
          // a proxy that echoes what it was sent
          return up
            ? HttpResponse.json(feed)
            : HttpResponse.json(
                {
                  message: `denied ${request.url} with ${request.headers.get(
                    'x-token',
                  )}`,
                },
                { status: 403 },
              );
        }),
      );
      const config = {
        releases: {
          source: 'url',
          url: 'https://svc:userinfo-secret-5150@mirror.test/runtime?sig=query-secret-8080',
          headers: { 'X-Token': 'header-secret-6060' },
        },
      };
      const down = await start({ entities: [], astroRuntime: config });
      const failed = await down.api
        .get(`${BASE}/releases`)
        .set('Authorization', user());
      expect(failed.body.catalog.source).toBe('bundled');
      expect(failed.body.fallbackReason).toMatch(
        /release feed https:\/\/mirror\.test\/runtime unavailable \(.*403.*denied/,
      );

      up = true;
      const ok = await start({ entities: [], astroRuntime: config });
      const res = await ok.api
        .get(`${BASE}/releases`)
        .set('Authorization', user());
      expect(res.body.catalog.source).toBe('url');
      expect(res.body.catalog.location).toBe('https://mirror.test/runtime');
      expect(seen).toEqual(['header-secret-6060', 'header-secret-6060']);
      for (const secret of [
        'userinfo-secret-5150',
        'query-secret-8080',
        'header-secret-6060',
      ]) {
        expect(logs.text()).not.toContain(secret);
        expect(failed.text).not.toContain(secret);
        expect(res.text).not.toContain(secret);
      }
      expect(logs.text()).toMatch(/mirror\.test\/runtime/);
    } finally {
      logs.restore();
    }
  });
});
