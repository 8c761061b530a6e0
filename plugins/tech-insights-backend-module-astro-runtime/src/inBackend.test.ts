/*
 * The module inside a real tech-insights backend, with the jsonfc fact
 * checker and the `techInsights` section of this repository's app-config.yaml:
 * a stand-in `astro-runtime` plugin serves stored statuses over HTTP (checking
 * the service credentials), the retriever task runs, and the tech-insights
 * REST API answers the scorecard requests the frontend makes.
 */
import type { StatusListResponse } from '@backstage-astro/plugin-astro-runtime-common';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import techInsightsBackend from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { astroRuntimeChecksConfig, ASTRO_RUNTIME_CHECK_IDS } from './checks';
import { factsExposure } from './retriever';
import astroRuntimeModule from './index';
import {
  floatingStatus,
  makeRecord,
  makeStatus,
  outdatedStatus,
  yankedStatus,
} from './__fixtures__/statuses';

const appConfig = parseYaml(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
);
const techInsightsConfig = appConfig.techInsights;

const stored = [
  makeRecord('component:default/orders-pipeline', makeStatus()),
  makeRecord('component:default/legacy-etl', outdatedStatus),
  makeRecord('component:default/ml-features', yankedStatus),
  makeRecord('component:default/floating-dags', floatingStatus),
  makeRecord('component:default/not-astro', undefined),
];

/** A stand-in for the astro-runtime backend: `GET /statuses`, two per page. */
function fakeAstroRuntimePlugin(callers: string[]) {
  return createBackendPlugin({
    pluginId: 'astro-runtime',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res, next) => {
            if (req.method !== 'GET' || req.path !== '/statuses') {
              next();
              return;
            }
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            callers.push(credentials.principal.subject);
            const start = Number(req.query.cursor ?? 0);
            const end = start + 2;
            const body: StatusListResponse = {
              items: stored.slice(start, end),
              totalCount: stored.length,
              ...(end < stored.length ? { nextCursor: String(end) } : {}),
            };
            res.json(body);
          });
        },
      });
    },
  });
}

describe('app-config.yaml techInsights section', () => {
  it('schedules astroRuntimeFactRetriever with a cadence and a lifecycle', () => {
    const retriever =
      techInsightsConfig.factRetrievers.astroRuntimeFactRetriever;
    expect(retriever.cadence).toEqual(expect.any(String));
    expect(retriever.lifecycle).toEqual({ timeToLive: { weeks: 2 } });
  });

  it('lets the retriever produce facts in the demo (permission framework on)', () => {
    expect(appConfig.permission?.enabled).toBe(true);
    expect(factsExposure(new ConfigReader(appConfig)).expose).toBe(true);
  });

  it('declares exactly the default checks of astroRuntimeChecks', () => {
    const checks = techInsightsConfig.factChecker.checks;
    const ours = Object.fromEntries(
      Object.entries(checks).filter(([id]) =>
        (ASTRO_RUNTIME_CHECK_IDS as readonly string[]).includes(id),
      ),
    );
    expect(ours).toEqual(astroRuntimeChecksConfig());
  });
});

describe('in a tech-insights backend', () => {
  jest.setTimeout(60_000);

  async function start(config: object) {
    const callers: string[] = [];
    const scheduler = mockServices.scheduler();
    const backend = await startTestBackend({
      features: [
        techInsightsBackend,
        techInsightsJsonfc,
        astroRuntimeModule,
        fakeAstroRuntimePlugin(callers),
        // one scheduler whose tasks the test triggers (nothing runs on its own)
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return { backend, scheduler, callers };
  }

  it('runs the retriever on its schedule and serves pass/fail per check', async () => {
    const { backend, scheduler, callers } = await start({
      techInsights: techInsightsConfig,
    });
    try {
      const tasks = await scheduler.getScheduledTasks();
      expect(tasks.map(t => t.id)).toEqual(['astroRuntimeFactRetriever']);

      await scheduler.triggerTask('astroRuntimeFactRetriever');
      // paged through all 5 records, 2 per page, as the tech-insights service
      expect(callers).toEqual([
        'plugin:tech-insights',
        'plugin:tech-insights',
        'plugin:tech-insights',
      ]);

      const { server } = backend;
      const checks = await request(server).get('/api/tech-insights/checks');
      expect(checks.status).toBe(200);
      expect(checks.body.map((c: { id: string }) => c.id)).toEqual([
        ...ASTRO_RUNTIME_CHECK_IDS,
      ]);

      const run = async (name: string) => {
        const res = await request(server)
          .post(`/api/tech-insights/checks/run/default/component/${name}`)
          .send({ checks: [...ASTRO_RUNTIME_CHECK_IDS] });
        expect(res.status).toBe(200);
        return Object.fromEntries(
          res.body.map((r: { check: { id: string }; result: boolean }) => [
            r.check.id,
            r.result,
          ]),
        );
      };
      expect(await run('orders-pipeline')).toEqual({
        astroRuntimeMaintained: true,
        astroRuntimeNotYanked: true,
        astroRuntimeAtMostOneMinorBehind: true,
        astroRuntimeDeploymentsInSync: true,
        astroRuntimeTagPinned: true,
        astroRuntimeAirflow3Ready: true,
      });
      expect(await run('legacy-etl')).toEqual({
        astroRuntimeMaintained: false,
        astroRuntimeNotYanked: true,
        astroRuntimeAtMostOneMinorBehind: false,
        astroRuntimeDeploymentsInSync: false,
        astroRuntimeTagPinned: true,
        astroRuntimeAirflow3Ready: true,
      });
      expect(await run('ml-features')).toMatchObject({
        astroRuntimeNotYanked: false,
      });
      expect(await run('floating-dags')).toEqual({
        astroRuntimeNotYanked: true,
        astroRuntimeDeploymentsInSync: false,
        astroRuntimeTagPinned: false,
        astroRuntimeAirflow3Ready: true,
      });
      expect(await run('not-astro')).toEqual({});

      // the bulk route the org-wide overview uses: all entities with facts
      const bulk = await request(server)
        .post('/api/tech-insights/checks/run')
        .send({ checks: [...ASTRO_RUNTIME_CHECK_IDS], entities: [] });
      expect(bulk.status).toBe(200);
      expect(bulk.body.map((e: { entity: string }) => e.entity).sort()).toEqual(
        [
          'component:default/floating-dags',
          'component:default/legacy-etl',
          'component:default/ml-features',
          'component:default/orders-pipeline',
        ],
      );

      const facts = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: 'component:default/legacy-etl',
          ids: 'astroRuntimeFactRetriever',
        });
      expect(facts.status).toBe(200);
      expect(facts.body.astroRuntimeFactRetriever.facts).toMatchObject({
        runtimeVersion: '9.1.0',
        majorsBehind: 3,
        downgradeBlocked: true,
      });
    } finally {
      await backend.stop();
    }
  });

  it('serves no Astro Runtime facts when exposeFacts is false', async () => {
    const { backend, scheduler, callers } = await start({
      techInsights: techInsightsConfig,
      permission: { enabled: true },
      astroRuntime: { techInsights: { exposeFacts: false } },
    });
    try {
      await scheduler.triggerTask('astroRuntimeFactRetriever');
      // the statuses were not even read
      expect(callers).toEqual([]);
      const facts = await request(backend.server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: 'component:default/legacy-etl',
          ids: 'astroRuntimeFactRetriever',
        });
      // tech-insights answers 404 for an entity without facts
      expect(facts.status).toBe(404);
      expect(facts.body.astroRuntimeFactRetriever).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('does not schedule the retriever without a cadence in config', async () => {
    const { backend, scheduler } = await start({
      techInsights: { factChecker: techInsightsConfig.factChecker },
    });
    try {
      expect(await scheduler.getScheduledTasks()).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
