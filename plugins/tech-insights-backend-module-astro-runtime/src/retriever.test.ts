import type {
  EntityStatusRecord,
  StatusListResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  astroRuntimeFactRetriever,
  createAstroRuntimeFactRetriever,
  factsExposure,
  readAllStatuses,
  recordsToFacts,
} from './retriever';
import {
  floatingStatus,
  makeRecord,
  makeStatus,
  outdatedStatus,
  yankedStatus,
} from './__fixtures__/statuses';

const STATUSES_URL = 'http://localhost:0/api/astro-runtime/statuses';

const expectedToken = mockCredentials.service.token({
  onBehalfOf: mockCredentials.service('plugin:tech-insights'),
  targetPluginId: 'astro-runtime',
});

/** The stored statuses: six Components (one not Astro, one never assessed), plus a System. */
const stored: EntityStatusRecord[] = [
  makeRecord('component:default/orders-pipeline', makeStatus()),
  makeRecord('component:default/legacy-etl', outdatedStatus, { stale: true }),
  makeRecord('component:team-b/ml-features', yankedStatus),
  makeRecord('component:default/floating-dags', floatingStatus),
  makeRecord(
    'component:default/not-astro',
    makeStatus({ runtime: undefined, state: 'not-astro' }),
  ),
  makeRecord('component:default/unreadable', undefined, {
    error: { message: 'Dockerfile not found', at: '2025-02-03T00:00:00Z' },
  }),
  makeRecord('system:default/data-platform', makeStatus()),
];

const server = setupServer();
registerMswTestHooks(server);

/** Serves `stored` in pages of `limit`, with opaque cursors, and records the requests. */
function serveStatuses(records = stored) {
  const requests: URL[] = [];
  server.use(
    http.get(STATUSES_URL, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      if (request.headers.get('authorization') !== `Bearer ${expectedToken}`) {
        return HttpResponse.json(
          { error: { name: 'AuthenticationError', message: 'bad token' } },
          { status: 401 },
        );
      }
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const cursor = url.searchParams.get('cursor');
      const start = cursor ? Number(atob(cursor)) : 0;
      const end = start + limit;
      const body: StatusListResponse = {
        items: records.slice(start, end),
        totalCount: records.length,
        ...(end < records.length ? { nextCursor: btoa(String(end)) } : {}),
      };
      return HttpResponse.json(body);
    }),
  );
  return requests;
}

function makeContext(config: object = {}) {
  return {
    config: new ConfigReader(config),
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'tech-insights' }),
    logger: mockServices.logger.mock(),
    urlReader: mockServices.urlReader.mock(),
    entityFilter: astroRuntimeFactRetriever.entityFilter,
  };
}

describe('readAllStatuses', () => {
  it('pages through the cursor with service credentials', async () => {
    const requests = serveStatuses();
    const records = await readAllStatuses(makeContext(), { pageSize: 2 });
    expect(records.map(r => r.entityRef)).toEqual(stored.map(r => r.entityRef));
    expect(requests).toHaveLength(4);
    expect(requests[0].searchParams.get('cursor')).toBeNull();
    expect(requests[1].searchParams.get('cursor')).toBe(btoa('2'));
    expect(requests[2].searchParams.get('cursor')).toBe(btoa('4'));
    expect(requests[3].searchParams.get('cursor')).toBe(btoa('6'));
    expect(requests.every(r => r.searchParams.get('limit') === '2')).toBe(true);
  });

  it('stops when the server repeats a cursor', async () => {
    let calls = 0;
    server.use(
      http.get(STATUSES_URL, () => {
        calls++;
        return HttpResponse.json({
          items: [stored[0]],
          totalCount: 99,
          nextCursor: 'same',
        });
      }),
    );
    const records = await readAllStatuses(makeContext());
    expect(calls).toBe(2);
    expect(records).toHaveLength(2);
  });

  it('fails with the error of the astro-runtime backend', async () => {
    server.use(
      http.get(STATUSES_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'database is down',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await expect(readAllStatuses(makeContext())).rejects.toThrow(
      /statuses.*\(database is down\).*503/,
    );
  });
});

describe('astroRuntimeFactRetriever', () => {
  it('declares its id, a semver version, a Component filter and its schema', () => {
    expect(astroRuntimeFactRetriever.id).toBe('astroRuntimeFactRetriever');
    expect(astroRuntimeFactRetriever.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(astroRuntimeFactRetriever.entityFilter).toEqual([
      { kind: 'component' },
    ]);
    expect(Object.keys(astroRuntimeFactRetriever.schema)).toEqual(
      expect.arrayContaining([
        'runtimeVersion',
        'runtimeLine',
        'isLatest',
        'updateKind',
        'majorsBehind',
        'minorsBehind',
        'maintained',
        'daysUntilEndOfMaintenance',
        'yanked',
        'deploymentsInSync',
        'downgradeBlocked',
        'tagPinned',
      ]),
    );
  });

  it('emits facts for every assessed Astro Component across all pages', async () => {
    const requests = serveStatuses();
    const facts = await astroRuntimeFactRetriever.handler(makeContext());
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(facts.map(f => f.entity)).toEqual([
      { kind: 'component', namespace: 'default', name: 'orders-pipeline' },
      { kind: 'component', namespace: 'default', name: 'legacy-etl' },
      { kind: 'component', namespace: 'team-b', name: 'ml-features' },
      { kind: 'component', namespace: 'default', name: 'floating-dags' },
    ]);
    const byName = Object.fromEntries(facts.map(f => [f.entity.name, f.facts]));
    expect(byName['orders-pipeline']).toMatchObject({
      runtimeVersion: '3.1-12',
      runtimeLine: 'airflow3',
      isLatest: true,
      updateKind: 'none',
      majorsBehind: 0,
      minorsBehind: 0,
      maintained: true,
      daysUntilEndOfMaintenance: 240,
      yanked: false,
      deploymentsInSync: true,
      downgradeBlocked: false,
      tagPinned: true,
    });
    expect(byName['legacy-etl']).toMatchObject({
      runtimeVersion: '9.1.0',
      runtimeLine: 'airflow2',
      isLatest: false,
      updateKind: 'major',
      majorsBehind: 3,
      minorsBehind: 2,
      maintained: false,
      daysUntilEndOfMaintenance: -186,
      yanked: false,
      deploymentsInSync: false,
      downgradeBlocked: true,
      tagPinned: true,
    });
    expect(byName['ml-features']).toMatchObject({
      runtimeVersion: '12.1.0',
      yanked: true,
      deploymentsInSync: false,
      downgradeBlocked: false,
      tagPinned: true,
      minorsBehind: 3,
    });
    expect(byName['floating-dags']).toMatchObject({
      runtimeVersion: '3.1',
      tagPinned: false,
      isLatest: false,
    });
    expect(byName['floating-dags']).not.toHaveProperty('minorsBehind');
    expect(byName['ml-features']).not.toHaveProperty('maintained');
  });

  it('pages through more statuses than one page holds', async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      makeRecord(`component:default/p${i}`, makeStatus()),
    );
    const requests = serveStatuses(many);
    const facts = await astroRuntimeFactRetriever.handler(makeContext());
    expect(requests).toHaveLength(3);
    expect(facts).toHaveLength(250);
    expect(new Set(facts.map(f => f.entity.name)).size).toBe(250);
  });

  it('propagates a failure so that no facts are stored for the run', async () => {
    server.use(
      http.get(STATUSES_URL, () => new HttpResponse(null, { status: 500 })),
    );
    await expect(
      astroRuntimeFactRetriever.handler(makeContext()),
    ).rejects.toThrow();
  });
});

describe('astroRuntime.techInsights.exposeFacts', () => {
  const permissionsOn = { permission: { enabled: true } };

  it('produces no facts when false, reads nothing, and says why once', async () => {
    const requests = serveStatuses();
    const retriever = createAstroRuntimeFactRetriever();
    const ctx = makeContext({
      astroRuntime: { techInsights: { exposeFacts: false } },
    });
    expect(await retriever.handler(ctx)).toEqual([]);
    expect(await retriever.handler(ctx)).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(ctx.logger.warn).toHaveBeenCalledTimes(1);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Astro Runtime facts are not produced: astroRuntime\.techInsights\.exposeFacts is false/,
      ),
    );
  });

  it('is off by default when the permission framework is on', async () => {
    const requests = serveStatuses();
    const retriever = createAstroRuntimeFactRetriever();
    const ctx = makeContext(permissionsOn);
    expect(await retriever.handler(ctx)).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /not set and the permission framework is on.*without catalog permission checks/,
      ),
    );
  });

  it('produces facts when true, also with the permission framework on', async () => {
    serveStatuses();
    const retriever = createAstroRuntimeFactRetriever();
    const ctx = makeContext({
      ...permissionsOn,
      astroRuntime: { techInsights: { exposeFacts: true } },
    });
    const facts = await retriever.handler(ctx);
    expect(facts.map(f => f.entity.name)).toEqual([
      'orders-pipeline',
      'legacy-etl',
      'ml-features',
      'floating-dags',
    ]);
    expect(ctx.logger.warn).not.toHaveBeenCalled();
  });

  it('is on by default when the permission framework is off', () => {
    expect(factsExposure(new ConfigReader({})).expose).toBe(true);
    expect(
      factsExposure(new ConfigReader({ permission: { enabled: false } }))
        .expose,
    ).toBe(true);
    expect(factsExposure(new ConfigReader(permissionsOn)).expose).toBe(false);
    expect(
      factsExposure(
        new ConfigReader({
          astroRuntime: { techInsights: { exposeFacts: false } },
        }),
      ).expose,
    ).toBe(false);
  });

  it('logs again after facts were produced in between', async () => {
    serveStatuses();
    const retriever = createAstroRuntimeFactRetriever();
    const off = makeContext({
      astroRuntime: { techInsights: { exposeFacts: false } },
    });
    await retriever.handler(off);
    await retriever.handler(makeContext());
    await retriever.handler(off);
    expect(off.logger.warn).toHaveBeenCalledTimes(2);
  });
});

describe('recordsToFacts', () => {
  it('admits every kind without a filter, and the filtered kinds with one', () => {
    const all = recordsToFacts(stored);
    expect(all.map(f => f.entity.kind)).toEqual([
      'component',
      'component',
      'component',
      'component',
      'system',
    ]);
    expect(recordsToFacts(stored, { kind: ['System'] })).toHaveLength(1);
    expect(recordsToFacts(stored, [{ 'spec.type': 'service' }])).toHaveLength(
      5,
    );
  });

  it('skips records whose ref cannot be parsed', () => {
    expect(
      recordsToFacts([makeRecord('not a ref:', makeStatus())]),
    ).toHaveLength(0);
  });
});
