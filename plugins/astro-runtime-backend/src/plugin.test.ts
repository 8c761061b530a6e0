import supertest from 'supertest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  catalogToFeed,
  getBundledCatalog,
  mustMoveToAirflow3,
  toStatusRow,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimePlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';
import { captureLogs } from './__testUtils__/logs';
import { FakeScm } from './__testUtils__/scm';

jest.setTimeout(60_000);

const TOKEN = 'astro-api-token-must-never-leak-9f8e7d6c';
const API = 'https://api.astro.test/v1';
const FEED = 'https://feed.test/astronomer-runtime';
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
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  scm.files.clear();
  scm.failing.clear();
  scm.hanging.clear();
  scm.reset();
});

const DEPLOYMENTS = [
  {
    id: 'dep-1',
    name: 'orders prod',
    workspaceName: 'Data',
    astroRuntimeVersion: '12.4.0',
    status: 'HEALTHY',
  },
  {
    id: 'dep-2',
    name: 'orders dev',
    astroRuntimeVersion: '13.0.0',
    status: 'HEALTHY',
  },
  { id: 'dep-3', name: 'no runtime yet' },
];

function astroProject(name: string, tag = '12.4.0') {
  scm.set(
    `/${name}/Dockerfile`,
    `FROM quay.io/astronomer/astro-runtime:${tag}\n`,
  );
  scm.set(
    `/${name}/requirements.txt`,
    'apache-airflow-providers-snowflake==5.0.0\n',
  );
}

async function start(options: {
  entities: Entity[];
  hidden?: Record<string, string[]>;
  astroRuntime?: JsonObject;
}) {
  const knex = await databases.init('SQLITE_3');
  const catalog = visibilityCatalog(options.entities, options.hidden);
  const { server: httpServer } = await startTestBackend({
    features: [
      astroRuntimePlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host: 'scm.test' }] } },
          astroRuntime: {
            // most tests refresh back to back: no cooldowns unless a test sets them
            ...(options.astroRuntime ?? { deployments: DEPLOYMENTS }),
            refresh: {
              cooldown: { seconds: 0 },
              freshCooldown: { seconds: 0 },
              ...((options.astroRuntime?.refresh as JsonObject | undefined) ??
                {}),
            },
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'debug' }),
      mockServices.database.factory({ knex }),
      catalog.factory,
      catalog.permissionsFactory,
    ],
  });
  return { api: supertest(httpServer), catalog, knex };
}

const user = (ref = 'user:default/alice') => mockCredentials.user.header(ref);

function apiDeployment(id: string, version: string) {
  return {
    id,
    name: `api ${id}`,
    workspaceId: 'ws-1',
    workspaceName: 'Data',
    astroRuntimeVersion: version,
    runtimeVersion: version,
    airflowVersion: '2.10.2',
    status: 'HEALTHY',
    uiUrl: `https://cloud.astronomer.io/d/${id}`,
  };
}

describe('astro-runtime backend plugin', () => {
  it('serves /health without credentials, and nothing else', async () => {
    const { api } = await start({ entities: [] });
    const health = await api
      .get(`${BASE}/health`)
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const releases = await api
      .get(`${BASE}/releases`)
      .set('Authorization', mockCredentials.none.header());
    expect(releases.status).toBe(401);
    const refresh = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', mockCredentials.none.header());
    expect(refresh.status).toBe(401);
  });

  it('assesses an annotated entity on first request, with Deployments from config', async () => {
    astroProject('orders');
    const { api, catalog } = await start({
      entities: [
        component('orders', {
          annotations: {
            'astronomer.io/deployment-id': 'dep-1, dep-2,dep-3,dep-unknown',
          },
          system: 'data-platform',
          title: 'Orders pipeline',
        }),
      ],
    });
    const res = await api
      .get(`${BASE}/entities/component/default/orders/status`)
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/orders',
      title: 'Orders pipeline',
      owner: 'group:default/team-a',
      system: 'system:default/data-platform',
      stale: false,
      dockerfileUrl: 'https://scm.test/orders/Dockerfile',
      projectPath: '.',
    });
    expect(res.body.error).toBeUndefined();
    const status = res.body.status;
    expect(status.runtime).toMatchObject({
      version: '12.4.0',
      line: 'airflow2',
    });
    expect(status.catalog.source).toBe('bundled');
    expect(status.deployments.map((d: any) => [d.id, d.relation])).toEqual([
      ['dep-1', 'in-sync'],
      ['dep-2', 'downgrade-blocked'],
      ['dep-3', 'unknown'],
      ['dep-unknown', 'unknown'],
    ]);
    expect(status.deployments[0]).toMatchObject({
      name: 'orders prod',
      workspaceName: 'Data',
      status: 'HEALTHY',
    });
    expect(status.deployments[3].statusReason).toMatch(
      /Deployment dep-unknown not found \(asked: config\)/,
    );
    expect(res.body.assessedAt).toBe(status.assessedAt);
    // the entity was looked up with the caller's credentials
    expect(catalog.calls).toContainEqual({
      method: 'getEntityByRef',
      principal: 'user',
    });
    expect(scm.counts.ok).toBe(2);

    // served from the store the second time (no SCM reads)
    scm.reset();
    const again = await api
      .get(`${BASE}/entities/component/default/orders/status`)
      .set('Authorization', user());
    expect(again.status).toBe(200);
    expect(again.body.status).toEqual(status);
    expect(scm.requests).toHaveLength(0);
    // the stored bytes are written in parts: the length is the body's, and
    // HEAD has the headers without the body
    expect(Number(again.headers['content-length'])).toBe(
      Buffer.byteLength(again.text),
    );
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    const head = await api
      .head(`${BASE}/entities/component/default/orders/status`)
      .set('Authorization', user());
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(
      again.headers['content-length'],
    );
    expect(head.text ?? '').toBe('');
    // revalidated each time: 304 without a body while the row is unchanged
    expect(again.headers['cache-control']).toBe('private, no-cache');
    const etag = again.headers.etag;
    expect(etag).toMatch(/^W\/"/);
    const unchanged = await api
      .get(`${BASE}/entities/component/default/orders/status`)
      .set('If-None-Match', etag)
      .set('Authorization', user());
    expect(unchanged.status).toBe(304);
    expect(unchanged.text ?? '').toBe('');

    // fresh=true reassesses now, conditionally (304s)
    const fresh = await api
      .get(`${BASE}/entities/component/default/orders/status?fresh=true`)
      .set('Authorization', user());
    expect(fresh.status).toBe(200);
    expect(scm.counts).toMatchObject({ ok: 0, notModified: 2 });
    expect(fresh.body.checkedAt >= res.body.checkedAt).toBe(true);
    // the reassessment moved the row: the old validator no longer matches
    const changed = await api
      .get(`${BASE}/entities/component/default/orders/status`)
      .set('If-None-Match', etag)
      .set('Authorization', user());
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.checkedAt).toBe(fresh.body.checkedAt);
  });

  it('judges support at astroRuntime.clock.startAt (demos), and refuses a bad value', async () => {
    astroProject('orders');
    const entities = [
      component('orders', {
        annotations: { 'astronomer.io/deployment-id': 'dep-1' },
      }),
    ];
    const statusAt = async (startAt: string) => {
      const { api } = await start({
        entities,
        astroRuntime: { deployments: DEPLOYMENTS, clock: { startAt } },
      });
      const res = await api
        .get(`${BASE}/entities/component/default/orders/status`)
        .set('Authorization', user());
      expect(res.status).toBe(200);
      return res.body.status;
    };
    const june = await statusAt('2026-06-01T09:00:00Z');
    expect(june.assessedAt.slice(0, 10)).toBe('2026-06-01');
    expect(june.recommendedTarget).toBe('13.1.0');
    const december = await statusAt('2026-12-02T09:00:00Z');
    expect(december.assessedAt.slice(0, 10)).toBe('2026-12-02');
    expect(december.recommendedTarget).toMatch(/^3\.\d+-\d+$/);
    expect(december.paths.map((p: any) => [p.kind, p.maintained])).toEqual([
      ['in-line', false],
      ['airflow3', true],
    ]);

    await expect(
      start({
        entities,
        astroRuntime: {
          deployments: DEPLOYMENTS,
          clock: { startAt: 'next tuesday' },
        },
      }),
    ).rejects.toThrow(
      /astroRuntime\.clock\.startAt must be an ISO 8601 date or time, got 'next tuesday'/,
    );
  });

  it('answers 404 for entities the caller may not see or that do not exist', async () => {
    astroProject('secret');
    const { api } = await start({
      entities: [
        component('secret', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      ],
      hidden: { 'user:default/mallory': ['component:default/secret'] },
    });
    const hidden = await api
      .get(`${BASE}/entities/component/default/secret/status`)
      .set('Authorization', user('user:default/mallory'));
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.name).toBe('NotFoundError');
    expect(JSON.stringify(hidden.body)).not.toContain('12.4.0');
    // nothing was read for the invisible entity
    expect(scm.requests).toHaveLength(0);

    const visible = await api
      .get(`${BASE}/entities/component/default/secret/status`)
      .set('Authorization', user());
    expect(visible.status).toBe(200);

    const unknown = await api
      .get(`${BASE}/entities/component/default/nope/status`)
      .set('Authorization', user());
    expect(unknown.status).toBe(404);
  });

  it('answers 422 for entities that are not Astro projects, and detects un-annotated Astro repos', async () => {
    scm.set(
      '/web/Dockerfile',
      'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    );
    astroProject('detected', '13.0.0');
    const { api } = await start({
      entities: [
        component('web'),
        component('detected'),
        component('no-dockerfile'),
        component('an-api', {
          kind: 'API',
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      ],
    });
    for (const name of ['web', 'no-dockerfile']) {
      const res = await api
        .get(`${BASE}/entities/component/default/${name}/status`)
        .set('Authorization', user());
      expect(res.status).toBe(422);
      expect(res.body.error.name).toBe('NotAstroProjectError');
      expect(res.body.error.message).toMatch(/is not an Astro project/);
    }
    const apiKind = await api
      .get(`${BASE}/entities/api/default/an-api/status`)
      .set('Authorization', user());
    expect(apiKind.status).toBe(422);

    const detected = await api
      .get(`${BASE}/entities/component/default/detected/status`)
      .set('Authorization', user());
    expect(detected.status).toBe(200);
    expect(detected.body.status.runtime.version).toBe('13.0.0');
    expect(detected.body.status.deployments).toEqual([]);
  });

  it('answers 422 for un-annotated Components when Dockerfile detection is off', async () => {
    astroProject('detected');
    const { api } = await start({
      entities: [component('detected')],
      astroRuntime: { discovery: { dockerfileDetection: false } },
    });
    const res = await api
      .get(`${BASE}/entities/component/default/detected/status`)
      .set('Authorization', user());
    expect(res.status).toBe(422);
    expect(scm.requests).toHaveLength(0);
  });

  it('answers 400 for malformed refs and parameters', async () => {
    const { api } = await start({ entities: [] });
    const bad = await api
      .get(`${BASE}/entities/comp%20onent/default/x/status`)
      .set('Authorization', user());
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(
      (
        await api
          .get(`${BASE}/entities/component/default/x/status?fresh=maybe`)
          .set('Authorization', user())
      ).status,
    ).toBe(400);
    expect(
      (await api.get(`${BASE}/statuses?limit=0`).set('Authorization', user()))
        .status,
    ).toBe(400);
    expect(
      (await api.get(`${BASE}/statuses?limit=abc`).set('Authorization', user()))
        .status,
    ).toBe(400);
    expect(
      (await api.get(`${BASE}/history?days=9999`).set('Authorization', user()))
        .status,
    ).toBe(400);
    const summary = await api
      .get(`${BASE}/summary?days=0&mustMoveToAirflow3=yes`)
      .set('Authorization', user());
    expect(summary.status).toBe(400);
    expect(summary.body.error).toMatchObject({
      name: 'InputError',
      message: `Query parameter 'mustMoveToAirflow3' must be true or false; Query parameter 'days' must be an integer from 1 to 366`,
    });
  });

  it('refreshes conditionally, notices a changed Dockerfile and records history', async () => {
    astroProject('a');
    astroProject('b', '13.0.0');
    const { api, knex } = await start({
      entities: [
        component('a', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
        component('b', { annotations: { 'astronomer.io/project-path': '.' } }),
        component('web'),
      ],
    });
    scm.set('/web/Dockerfile', 'FROM python:3.12-slim\n');

    const first = await api
      .post(`${BASE}/refresh`)
      .set('Authorization', user());
    expect(first.status).toBe(202);
    let progress = (
      await api.get(`${BASE}/refresh`).set('Authorization', user())
    ).body;
    expect(progress).toMatchObject({
      running: false,
      total: 3,
      done: 3,
      errors: 0,
      unchanged: 0,
    });
    expect(progress.startedAt).toBeDefined();
    expect(progress.finishedAt).toBeDefined();
    // a, b: Dockerfile + requirements; web: Dockerfile only (not Astro)
    expect(scm.counts).toMatchObject({ ok: 5, notModified: 0 });

    scm.reset();
    await api.post(`${BASE}/refresh`).set('Authorization', user());
    progress = (await api.get(`${BASE}/refresh`).set('Authorization', user()))
      .body;
    expect(progress).toMatchObject({
      total: 3,
      done: 3,
      errors: 0,
      unchanged: 3,
    });
    expect(scm.counts).toMatchObject({ ok: 0, notModified: 5 });
    expect(scm.requests.every(r => r.ifNoneMatch)).toBe(true);

    scm.reset();
    scm.set(
      '/a/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:13.0.0-python-3.12\n',
    );
    await api.post(`${BASE}/refresh`).set('Authorization', user());
    progress = (await api.get(`${BASE}/refresh`).set('Authorization', user()))
      .body;
    expect(progress).toMatchObject({
      total: 3,
      done: 3,
      errors: 0,
      unchanged: 2,
    });
    expect(scm.counts).toMatchObject({ ok: 1, notModified: 4 });

    const a = await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user());
    expect(a.body.status.runtime).toMatchObject({
      version: '13.0.0',
      python: '3.12',
    });
    expect(a.body.status.deployments[0]).toMatchObject({
      id: 'dep-1',
      relation: 'pending-deploy',
    });

    const rows = await knex('astro_runtime_history')
      .where('ref_key', 'component:default/a')
      .orderBy('id');
    expect(rows.map(r => [r.repo_version, r.reason])).toEqual([
      ['12.4.0', 'initial'],
      ['13.0.0', 'repo'],
    ]);
    const history = await api
      .get(`${BASE}/history?days=3`)
      .set('Authorization', user());
    expect(history.status).toBe(200);
    expect(history.body.points).toHaveLength(3);
    expect(history.body.points[2].versions).toEqual({ '13.0.0': 2 });
    expect(history.body.points[0].day < history.body.points[2].day).toBe(true);
  });

  it('keeps the last good status when a refresh fails, marked stale with the reason', async () => {
    astroProject('a');
    astroProject('b');
    const { api } = await start({
      entities: [
        component('a', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
        component('b', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
        component('never', {
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      ],
    });
    scm.failing.set('/never/Dockerfile', 500);
    await api.post(`${BASE}/refresh`).set('Authorization', user());

    scm.failing.set('/a/Dockerfile', 503);
    await api.post(`${BASE}/refresh`).set('Authorization', user());
    const progress = (
      await api.get(`${BASE}/refresh`).set('Authorization', user())
    ).body;
    expect(progress).toMatchObject({ total: 3, done: 3, errors: 2 });
    expect(progress.lastError).toMatch(/component:default\/(a|never)/);

    const a = await api
      .get(`${BASE}/entities/component/default/a/status`)
      .set('Authorization', user());
    expect(a.status).toBe(200);
    expect(a.body.stale).toBe(true);
    expect(a.body.status.runtime.version).toBe('12.4.0');
    expect(a.body.error.message).toMatch(/scm\.test\/a\/Dockerfile.*503/);
    expect(a.body.error.code).toBe('scm-read-failed');

    // fresh=true with the SCM still down: still the last good status
    const fresh = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(fresh.status).toBe(200);
    expect(fresh.body.stale).toBe(true);

    // nothing good to fall back on: 502 with the upstream's reason
    const never = await api
      .get(`${BASE}/entities/component/default/never/status`)
      .set('Authorization', user());
    expect(never.status).toBe(502);
    expect(never.body.error.name).toBe('UpstreamError');
    expect(never.body.error.message).toMatch(
      /Could not assess component:default\/never: .*500/,
    );

    // recovers: the error clears
    scm.failing.clear();
    const ok = await api
      .get(`${BASE}/entities/component/default/a/status?fresh=true`)
      .set('Authorization', user());
    expect(ok.body).toMatchObject({ stale: false });
    expect(ok.body.error).toBeUndefined();

    const b = await api
      .get(`${BASE}/entities/component/default/b/status`)
      .set('Authorization', user());
    expect(b.body.stale).toBe(false);
  });

  it('lists only the statuses the caller may see, with filters and cursor pages', async () => {
    const entities: Entity[] = [];
    for (let i = 0; i < 7; i++) {
      const name = `p${i}`;
      astroProject(name, i % 2 ? '13.0.0' : '12.4.0');
      entities.push(
        component(name, {
          owner: i < 4 ? 'team-a' : 'group:default/team-b',
          title: i === 6 ? 'Special Pipeline' : undefined,
          annotations: { 'astronomer.io/deployment-id': 'dep-1' },
        }),
      );
    }
    entities.push(component('web'));
    scm.set('/web/Dockerfile', 'FROM node:20\n');
    const { api } = await start({
      entities,
      hidden: {
        'user:default/mallory': [
          'component:default/p0',
          'component:default/p5',
        ],
      },
    });
    await api.post(`${BASE}/refresh`).set('Authorization', user());

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api
        .get(
          `${BASE}/statuses?limit=3${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        )
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(7);
      seen.push(...res.body.items.map((i: any) => i.entityRef));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      Array.from({ length: 7 }, (_, i) => `component:default/p${i}`),
    );

    // the org page's rows: the same pages, a few values of each status
    const full = await api
      .get(`${BASE}/statuses?limit=3`)
      .set('Authorization', user());
    const rows = await api
      .get(`${BASE}/statuses?limit=3&view=rows`)
      .set('Authorization', user());
    expect(rows.status).toBe(200);
    expect(rows.body.totalCount).toBe(7);
    expect(rows.body.nextCursor).toBe(full.body.nextCursor);
    expect(rows.body.items).toEqual(full.body.items.map(toStatusRow));
    expect(rows.body.items[0]).toMatchObject({
      entityRef: 'component:default/p0',
      owner: 'group:default/team-a',
      repoVersion: '12.4.0',
      line: 'airflow2',
      deployments: [expect.objectContaining({ id: 'dep-1' })],
    });
    expect(rows.body.items[0].status).toBeUndefined();
    expect(rows.text.length).toBeLessThan(full.text.length / 2);
    expect(
      (
        await api
          .get(`${BASE}/statuses?view=everything`)
          .set('Authorization', user())
      ).status,
    ).toBe(400);

    const mallory = await api
      .get(`${BASE}/statuses`)
      .set('Authorization', user('user:default/mallory'));
    expect(mallory.body.totalCount).toBe(5);
    expect(mallory.body.items.map((i: any) => i.entityRef)).not.toContain(
      'component:default/p0',
    );

    const teamB = await api
      .get(`${BASE}/statuses?owner=team-b`)
      .set('Authorization', user());
    expect(teamB.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/p4',
      'component:default/p5',
      'component:default/p6',
    ]);
    const q = await api
      .get(`${BASE}/statuses?q=special`)
      .set('Authorization', user());
    expect(q.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/p6',
    ]);
    const line = await api
      .get(`${BASE}/statuses?line=airflow3`)
      .set('Authorization', user());
    expect(line.body.totalCount).toBe(0);
    const anyState = seen.length
      ? (await api.get(`${BASE}/statuses?limit=1`).set('Authorization', user()))
          .body.items[0].status.state
      : undefined;
    const byState = await api
      .get(`${BASE}/statuses?state=${anyState},nonsense`)
      .set('Authorization', user());
    expect(byState.body.totalCount).toBeGreaterThan(0);
    expect(
      byState.body.items.every((i: any) => i.status.state === anyState),
    ).toBe(true);
    // history is filtered by visibility too
    const history = await api
      .get(`${BASE}/history?days=1`)
      .set('Authorization', user('user:default/mallory'));
    const counts = Object.values(
      history.body.points[0].versions as Record<string, number>,
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('filters ?mustMoveToAirflow3=true in the store, across cursor pages', async () => {
    const tags = ['12.4.0', '3.1-12', '11.8.0', '13.1.0', '3.3-2', '12.4.0'];
    const entities = tags.map((tag, i) => {
      if (tag.includes('-')) {
        scm.set(
          `/m${i}/Dockerfile`,
          `FROM astrocrpublic.azurecr.io/runtime:${tag}\n`,
        );
      } else {
        astroProject(`m${i}`, tag);
      }
      return component(`m${i}`, {
        annotations: { 'astronomer.io/deployment-id': 'dep-1' },
      });
    });
    const { api } = await start({
      entities,
      hidden: { 'user:default/mallory': ['component:default/m0'] },
      // after Runtime 13's end of maintenance (2026-11-30)
      astroRuntime: {
        deployments: DEPLOYMENTS,
        clock: { startAt: '2026-12-02T09:00:00Z' },
      },
    });
    await api.post(`${BASE}/refresh`).set('Authorization', user());

    const all = await api
      .get(`${BASE}/statuses?limit=100`)
      .set('Authorization', user());
    expect(all.body.totalCount).toBe(6);
    // the stored flag is -common's predicate of each stored status
    const expected = all.body.items
      .filter((i: any) => mustMoveToAirflow3(i.status))
      .map((i: any) => i.entityRef);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await api
        .get(
          `${BASE}/statuses?mustMoveToAirflow3=true&limit=1${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        )
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(expected.length);
      seen.push(...res.body.items.map((i: any) => i.entityRef));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    // every Airflow 2 project, none of the Airflow 3 ones
    expect(seen).toEqual(
      ['m0', 'm2', 'm3', 'm5'].map(n => `component:default/${n}`),
    );

    const off = await api
      .get(`${BASE}/statuses?mustMoveToAirflow3=false`)
      .set('Authorization', user());
    expect(off.body.totalCount).toBe(6);
    const mallory = await api
      .get(`${BASE}/statuses?mustMoveToAirflow3=true`)
      .set('Authorization', user('user:default/mallory'));
    expect(mallory.body.items.map((i: any) => i.entityRef)).toEqual(
      expected.filter((r: string) => r !== 'component:default/m0'),
    );
    const summary = await api
      .get(`${BASE}/summary?mustMoveToAirflow3=true`)
      .set('Authorization', user());
    expect(summary.body.total).toBe(expected.length);
    const bad = await api
      .get(`${BASE}/statuses?mustMoveToAirflow3=yes`)
      .set('Authorization', user());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('mustMoveToAirflow3');
  });

  it('reads entities registered from local files when localFiles.enabled, confined to their folder', async () => {
    const dir = createMockDirectory({
      content: {
        'repo/catalog-info.yaml': 'kind: Component',
        'repo/Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
        'repo/airflow/Dockerfile':
          'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
        'secret/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:9.1.0\n',
      },
    });
    const local = (name: string, annotations: Record<string, string>) =>
      component(name, {
        noSource: true,
        annotations: {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'repo/catalog-info.yaml',
          )}`,
          ...annotations,
        },
      });
    const { api } = await start({
      entities: [
        local('local', { 'astronomer.io/deployment-id': 'dep-1' }),
        local('mono', { 'astronomer.io/project-path': 'airflow/' }),
        local('escape', { 'astronomer.io/project-path': '../secret' }),
        local('escape2', {
          'astronomer.io/deployment-id': 'dep-1',
          'backstage.io/source-location': `file:${dir.resolve('secret')}/`,
        }),
      ],
      astroRuntime: { deployments: DEPLOYMENTS, localFiles: { enabled: true } },
    });
    const res = await api
      .get(`${BASE}/entities/component/default/local/status`)
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body.status.runtime).toMatchObject({
      version: '3.1-12',
      line: 'airflow3',
    });
    expect(res.body.dockerfileUrl).toBeUndefined();

    const mono = await api
      .get(`${BASE}/entities/component/default/mono/status`)
      .set('Authorization', user());
    expect(mono.body.status.runtime.version).toBe('11.8.0');
    expect(mono.body.projectPath).toBe('airflow');

    for (const name of ['escape', 'escape2']) {
      const bad = await api
        .get(`${BASE}/entities/component/default/${name}/status`)
        .set('Authorization', user());
      expect(bad.status).toBe(502);
      expect(bad.body.error.message).toMatch(
        /contains '\.\.'|outside the folder/,
      );
      expect(JSON.stringify(bad.body)).not.toContain('9.1.0');
    }
  });

  it('does not read local files unless localFiles.enabled', async () => {
    const dir = createMockDirectory({
      content: {
        'repo/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
      },
    });
    const { api } = await start({
      entities: [
        component('local', {
          noSource: true,
          annotations: {
            'backstage.io/managed-by-location': `file:${dir.resolve(
              'repo/catalog-info.yaml',
            )}`,
            'astronomer.io/deployment-id': 'dep-1',
          },
        }),
      ],
    });
    const res = await api
      .get(`${BASE}/entities/component/default/local/status`)
      .set('Authorization', user());
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/astroRuntime\.localFiles\.enabled/);
  });

  describe('with the Astro Platform API', () => {
    const astroConfig = (extra: JsonObject = {}) => ({
      astro: {
        baseUrl: API,
        organizationId: 'org-1',
        token: TOKEN,
        timeout: '300ms',
        maxRetries: 1,
        ...extra,
      },
    });

    it('reads Deployments in batches with the token, which never leaks', async () => {
      const logs = captureLogs();
      try {
        const auth: string[] = [];
        const urls: string[] = [];
        server.use(
          http.get(
            `${API}/organizations/:org/deployments`,
            ({ request, params }) => {
              auth.push(request.headers.get('authorization') ?? '');
              urls.push(request.url);
              const ids = new URL(request.url).searchParams
                .get('deploymentIds')!
                .split(',');
              const known = ids.filter(id => id !== 'dep-missing');
              return HttpResponse.json({
                deployments: known.map(id =>
                  apiDeployment(
                    id,
                    params.org === 'org-2' ? '13.0.0' : '12.4.0',
                  ),
                ),
                totalCount: known.length,
              });
            },
          ),
        );
        astroProject('a');
        astroProject('b');
        const { api } = await start({
          entities: [
            component('a', {
              annotations: { 'astronomer.io/deployment-id': 'dep-a1,dep-a2' },
            }),
            component('b', {
              annotations: {
                'astronomer.io/deployment-id': 'dep-b1,dep-missing',
                'astronomer.io/organization-id': 'org-2',
              },
            }),
          ],
          astroRuntime: astroConfig(),
        });
        await api.post(`${BASE}/refresh`).set('Authorization', user());
        // one list request per organization
        expect(urls.map(u => new URL(u).pathname).sort()).toEqual([
          '/v1/organizations/org-1/deployments',
          '/v1/organizations/org-2/deployments',
        ]);
        expect(auth).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);

        const a = await api
          .get(`${BASE}/entities/component/default/a/status`)
          .set('Authorization', user());
        expect(
          a.body.status.deployments.map((d: any) => [d.id, d.name, d.relation]),
        ).toEqual([
          ['dep-a1', 'api dep-a1', 'in-sync'],
          ['dep-a2', 'api dep-a2', 'in-sync'],
        ]);
        const b = await api
          .get(`${BASE}/entities/component/default/b/status`)
          .set('Authorization', user());
        expect(b.body.status.deployments[0]).toMatchObject({
          id: 'dep-b1',
          relation: 'downgrade-blocked',
        });
        expect(b.body.status.deployments[1].statusReason).toMatch(
          /dep-missing not found in organization org-2 \(asked: astro-api, config\)/,
        );
        const all = [
          a.text,
          b.text,
          (await api.get(`${BASE}/statuses`).set('Authorization', user())).text,
        ];
        all.push(
          (await api.get(`${BASE}/refresh`).set('Authorization', user())).text,
        );
        all.push(
          (await api.get(`${BASE}/releases`).set('Authorization', user())).text,
        );
        for (const text of all) {
          expect(text).not.toContain(TOKEN);
        }
        expect(logs.lines.length).toBeGreaterThan(0);
        expect(logs.text()).not.toContain(TOKEN);
      } finally {
        logs.restore();
      }
    });

    it('answers 502 naming the organization on a 401, without the token in the response or logs', async () => {
      const logs = captureLogs();
      try {
        server.use(
          http.get(
            `${API}/organizations/org-1/deployments/dep-1`,
            ({ request }) =>
              HttpResponse.json(
                {
                  message: `invalid credentials ${request.headers.get(
                    'authorization',
                  )}`,
                  statusCode: 401,
                },
                { status: 401 },
              ),
          ),
        );
        astroProject('a');
        const { api } = await start({
          entities: [
            component('a', {
              annotations: { 'astronomer.io/deployment-id': 'dep-1' },
            }),
          ],
          astroRuntime: astroConfig(),
        });
        const res = await api
          .get(`${BASE}/entities/component/default/a/status`)
          .set('Authorization', user());
        expect(res.status).toBe(502);
        expect(res.body.error.message).toMatch(
          /Astro API rejected the credentials \(401\) reading Deployment dep-1 in organization org-1.*invalid credentials Bearer \*\*\*/,
        );
        expect(res.text).not.toContain(TOKEN);
        await api.post(`${BASE}/refresh`).set('Authorization', user());
        const progress = await api
          .get(`${BASE}/refresh`)
          .set('Authorization', user());
        expect(progress.body.errors).toBe(1);
        expect(progress.text).not.toContain(TOKEN);
        expect(logs.text()).toMatch(/401/);
        expect(logs.text()).not.toContain(TOKEN);
      } finally {
        logs.restore();
      }
    });

    it('reports a Deployment the API does not know (404) in the status', async () => {
      server.use(
        http.get(`${API}/organizations/org-1/deployments/dep-gone`, () =>
          HttpResponse.json({ message: 'not found' }, { status: 404 }),
        ),
      );
      astroProject('a');
      const { api } = await start({
        entities: [
          component('a', {
            annotations: { 'astronomer.io/deployment-id': 'dep-gone' },
          }),
        ],
        astroRuntime: astroConfig(),
      });
      const res = await api
        .get(`${BASE}/entities/component/default/a/status`)
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.status.deployments).toEqual([
        expect.objectContaining({
          id: 'dep-gone',
          relation: 'unknown',
          statusReason: expect.stringMatching(
            /dep-gone not found in organization/,
          ),
        }),
      ]);
    });

    it('waits out a 429 with Retry-After', async () => {
      const times: number[] = [];
      server.use(
        http.get(`${API}/organizations/org-1/deployments/dep-1`, () => {
          times.push(Date.now());
          return times.length === 1
            ? new HttpResponse(null, {
                status: 429,
                headers: { 'Retry-After': '1' },
              })
            : HttpResponse.json(apiDeployment('dep-1', '12.4.0'));
        }),
      );
      astroProject('a');
      const { api } = await start({
        entities: [
          component('a', {
            annotations: { 'astronomer.io/deployment-id': 'dep-1' },
          }),
        ],
        astroRuntime: astroConfig(),
      });
      const res = await api
        .get(`${BASE}/entities/component/default/a/status`)
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.status.deployments[0]).toMatchObject({
        name: 'api dep-1',
        relation: 'in-sync',
      });
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    });

    it('answers 502 on timeouts and malformed JSON', async () => {
      server.use(
        http.get(
          `${API}/organizations/org-1/deployments/dep-slow`,
          async () => {
            await delay(3000);
            return HttpResponse.json(apiDeployment('dep-slow', '12.4.0'));
          },
        ),
        http.get(
          `${API}/organizations/org-1/deployments/dep-junk`,
          () => new HttpResponse('<html>gateway</html>', { status: 200 }),
        ),
      );
      astroProject('slow');
      astroProject('junk');
      const { api } = await start({
        entities: [
          component('slow', {
            annotations: { 'astronomer.io/deployment-id': 'dep-slow' },
          }),
          component('junk', {
            annotations: { 'astronomer.io/deployment-id': 'dep-junk' },
          }),
        ],
        astroRuntime: astroConfig(),
      });
      const slow = await api
        .get(`${BASE}/entities/component/default/slow/status`)
        .set('Authorization', user());
      expect(slow.status).toBe(502);
      expect(slow.body.error.message).toMatch(
        /Astro API timed out after 300 ms reading Deployment dep-slow in organization org-1/,
      );
      const junk = await api
        .get(`${BASE}/entities/component/default/junk/status`)
        .set('Authorization', user());
      expect(junk.status).toBe(502);
      expect(junk.body.error.message).toMatch(
        /Astro API returned malformed JSON for Deployment dep-junk/,
      );
    });
  });

  describe('release catalog', () => {
    it('serves the bundled snapshot by default', async () => {
      const { api } = await start({ entities: [] });
      const res = await api
        .get(`${BASE}/releases`)
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.catalog.source).toBe('bundled');
      expect(res.body.catalog.releases.length).toBeGreaterThan(50);
      expect(res.body.fallbackReason).toBeUndefined();
      expect(res.body.ageSeconds).toBeGreaterThanOrEqual(0);
    });

    it('reads a feed with unknown fields and assesses with it', async () => {
      const feed = catalogToFeed(getBundledCatalog()) as any;
      feed.someNewTopLevelField = { anything: [1, 2, 3] };
      feed.runtimeVersions['12.4.0'].metadata.brandNewFlag = true;
      feed.runtimeVersions['12.4.0'].unknownSection = { x: 1 };
      feed.runtimeVersionsV3['3.9-1'] = {
        metadata: {
          airflowVersion: '3.9.0',
          channel: 'stable',
          releaseDate: '2030-01-01',
          yanked: false,
          extra: 'x',
        },
        migrations: { airflowDatabase: 'true' },
        somethingElse: [],
      };
      const accepts: string[] = [];
      server.use(
        http.get(FEED, ({ request }) => {
          accepts.push(request.headers.get('accept') ?? '');
          return HttpResponse.json(feed);
        }),
      );
      astroProject('a');
      const { api } = await start({
        entities: [
          component('a', {
            annotations: { 'astronomer.io/deployment-id': 'dep-1' },
          }),
        ],
        astroRuntime: {
          releases: { source: 'url', url: FEED },
          deployments: DEPLOYMENTS,
        },
      });
      const res = await api
        .get(`${BASE}/releases`)
        .set('Authorization', user());
      expect(res.body.catalog).toMatchObject({ source: 'url', location: FEED });
      expect(res.body.fallbackReason).toBeUndefined();
      expect(
        res.body.catalog.releases.find((r: any) => r.version === '3.9-1'),
      ).toMatchObject({
        airflowVersion: '3.9.0',
        airflowDatabaseMigration: true,
      });
      expect(accepts[0]).toBe('application/json');
      const status = await api
        .get(`${BASE}/entities/component/default/a/status`)
        .set('Authorization', user());
      expect(status.body.status.catalog.source).toBe('url');
      expect(status.body.status.latest.version).toBe('3.9-1');
    });

    it('falls back to the bundled snapshot, saying why, when the feed fails', async () => {
      server.use(
        http.get(FEED, () => new HttpResponse('oops', { status: 500 })),
      );
      const { api } = await start({
        entities: [],
        astroRuntime: { releases: { source: 'url', url: FEED } },
      });
      const res = await api
        .get(`${BASE}/releases`)
        .set('Authorization', user());
      expect(res.body.catalog.source).toBe('bundled');
      expect(res.body.fallbackReason).toMatch(
        /release feed https:\/\/feed\.test\/astronomer-runtime unavailable .*500.*using the bundled snapshot/,
      );
    });
  });
});
