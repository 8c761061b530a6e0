import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  catalogToFeed,
  getBundledCatalog,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { hugeBody, MB, rssMb } from '../__testUtils__/hugeBody';
import { DefaultReleaseCatalogService } from './ReleaseCatalogService';
import { DatabaseStatusStore } from './StatusStore';

const FEED = 'https://feed.test/runtime';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const { databases } = createTestDatabases();

/** The bundled releases as a feed, optionally with a release the bundle does not have. */
function smallFeed(
  extraVersion?: string,
  keep?: (r: ReleaseCatalog['releases'][number]) => boolean,
) {
  const bundled = getBundledCatalog();
  const catalog: ReleaseCatalog = {
    ...bundled,
    releases: keep ? bundled.releases.filter(keep) : bundled.releases,
  };
  const feed = catalogToFeed(catalog) as any;
  if (extraVersion) {
    feed.runtimeVersions[extraVersion] = {
      metadata: {
        airflowVersion: '2.11.9',
        channel: 'stable',
        releaseDate: '2030-01-01',
        yanked: false,
      },
    };
  }
  return feed;
}

async function setup(
  options: Partial<
    ConstructorParameters<typeof DefaultReleaseCatalogService>[0]
  > = {},
) {
  const knex = await databases.init('SQLITE_3');
  await DatabaseStatusStore.migrate(knex);
  const store = new DatabaseStatusStore(knex);
  const make = (
    extra: Partial<
      ConstructorParameters<typeof DefaultReleaseCatalogService>[0]
    > = {},
  ) =>
    new DefaultReleaseCatalogService({
      source: 'url',
      url: FEED,
      refreshMs: 6 * 3600_000,
      timeoutMs: 500,
      maxRetries: 0,
      store,
      logger: mockServices.logger.mock(),
      ...options,
      ...extra,
    });
  return { store, make };
}

describe('DefaultReleaseCatalogService', () => {
  it('uses the bundled snapshot without touching the network', async () => {
    const { make } = await setup({ source: 'bundled' });
    const service = make();
    expect(service.refreshable).toBe(false);
    const state = await service.getCatalog();
    expect(state.catalog.source).toBe('bundled');
    expect(state.fallbackReason).toBeUndefined();
    // same object each time, frozen with its release index (indexCatalog):
    // without it every assessment sorts and parses the whole catalog again
    expect((await service.getCatalog()).catalog).toBe(state.catalog);
    expect(Object.isFrozen(state.catalog)).toBe(true);
  });

  it('fetches, stores the good copy, and falls back to it (then to the bundle)', async () => {
    let mode: 'ok' | 'down' | 'junk' = 'ok';
    server.use(
      http.get(FEED, () => {
        if (mode === 'down')
          return new HttpResponse('bad gateway', { status: 502 });
        if (mode === 'junk') return HttpResponse.json({ hello: 'world' });
        return HttpResponse.json(smallFeed('13.9.9'));
      }),
    );
    const { make, store } = await setup();
    const service = make();
    const first = await service.getCatalog();
    expect(first.catalog.source).toBe('url');
    expect(first.catalog.releases.map(r => r.version)).toContain('13.9.9');
    expect((await store.loadReleaseFeed())?.catalog?.releases).toHaveLength(
      getBundledCatalog().releases.length + 1,
    );

    mode = 'junk';
    const junk = await service.refresh();
    expect(junk.catalog.source).toBe('database');
    expect(junk.catalog.releases.map(r => r.version)).toContain('13.9.9');
    expect(junk.fallbackReason).toMatch(
      /release feed https:\/\/feed\.test\/runtime unavailable \(.*runtimeVersions.*\); using the last good copy read at/,
    );

    mode = 'down';
    const down = await service.refresh();
    expect(down.catalog.source).toBe('database');
    expect(down.fallbackReason).toMatch(/502/);

    // another replica starting now sees the recent failure and the stored copy without fetching
    let fetched = 0;
    server.use(
      http.get(FEED, () => {
        fetched++;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const replica = make();
    const shared = await replica.getCatalog();
    expect(fetched).toBe(0);
    expect(shared.catalog.source).toBe('database');
    expect(shared.fallbackReason).toMatch(/502/);

    // recovery
    server.use(http.get(FEED, () => HttpResponse.json(smallFeed())));
    const ok = await service.refresh();
    expect(ok.catalog.source).toBe('url');
    expect(ok.fallbackReason).toBeUndefined();
  });

  it('falls back to the bundled snapshot when nothing was ever stored', async () => {
    server.use(
      http.get(FEED, () => HttpResponse.json({ runtimeVersions: 'nope' })),
    );
    const { make } = await setup();
    const state = await make().getCatalog();
    expect(state.catalog.source).toBe('bundled');
    expect(state.fallbackReason).toMatch(
      /unavailable .*using the bundled snapshot/,
    );
  });

  it('reads a file source (air-gapped installs)', async () => {
    const dir = createMockDirectory({
      content: { 'feed.json': JSON.stringify(smallFeed('13.8.8')) },
    });
    const { make } = await setup({
      source: 'file',
      file: dir.resolve('feed.json'),
    });
    const state = await make().getCatalog();
    expect(state.catalog).toMatchObject({
      source: 'file',
      location: dir.resolve('feed.json'),
    });
    expect(state.catalog.releases.map(r => r.version)).toContain('13.8.8');

    const { make: makeMissing } = await setup({
      source: 'file',
      file: dir.resolve('missing.json'),
    });
    const missing = await makeMissing().getCatalog();
    expect(missing.catalog.source).toBe('bundled');
    expect(missing.fallbackReason).toMatch(
      /release file .*missing\.json unavailable \(ENOENT/,
    );
  });

  it('uses a release source from the extension point', async () => {
    const custom = {
      ...getBundledCatalog(),
      source: 'url' as const,
      location: 'internal-mirror',
    };
    const { make } = await setup({
      customSource: { name: 'mirror', readCatalog: async () => custom },
    });
    const state = await make().getCatalog();
    expect(state.catalog.location).toBe('internal-mirror');

    const { make: makeBroken } = await setup({
      customSource: {
        name: 'mirror',
        readCatalog: async () => {
          throw new Error('mirror offline');
        },
      },
    });
    expect((await makeBroken().getCatalog()).fallbackReason).toMatch(
      /release source mirror unavailable \(mirror offline\); using the bundled snapshot/,
    );
  });

  it('keeps the last good copy when a feed is implausible', async () => {
    let feed: any = smallFeed('13.9.9');
    server.use(http.get(FEED, () => HttpResponse.json(feed)));
    const { make, store } = await setup();
    const service = make();
    expect((await service.refresh()).catalog.source).toBe('url');

    const bundled = getBundledCatalog();
    // every third Airflow 2 release except the newest stable ones
    const droppedAirflow2 = new Set(
      bundled.releases
        .filter(r => r.line === 'airflow2')
        .slice(0, -5)
        .filter((_, i) => i % 3 === 0)
        .map(r => r.version),
    );
    const cases: Array<[any, RegExp]> = [
      // a valid feed that lists only 1.0.0
      [
        {
          runtimeVersions: {
            '1.0.0': {
              metadata: {
                airflowVersion: '2.0.0',
                channel: 'stable',
                releaseDate: '2020-01-01',
              },
            },
          },
        },
        /no stable airflow3 release|older than the bundled snapshot/,
      ],
      // the newest Airflow 3 releases are missing: older than the bundled snapshot
      [
        smallFeed(undefined, r => r.line === 'airflow2'),
        /no stable airflow3 release/,
      ],
      // drops more than 5% of the known versions
      [
        smallFeed(
          undefined,
          r => r.line === 'airflow3' || !droppedAirflow2.has(r.version),
        ),
        /leaves out \d+ of \d+ known versions \(more than 5%\)/,
      ],
    ];
    for (const [body, reason] of cases) {
      feed = body;
      const state = await service.refresh();
      expect(state.catalog.source).toBe('database');
      expect(state.catalog.releases.map(r => r.version)).toContain('13.9.9');
      expect(state.fallbackReason).toMatch(/implausible release catalog/);
      expect(state.fallbackReason).toMatch(reason);
    }
    // the stored good copy was never replaced
    expect(
      (await store.loadReleaseFeed())?.catalog?.releases.map(r => r.version),
    ).toContain('13.9.9');
  });

  it('refuses a 100 MB chunked feed without buffering it', async () => {
    const body = hugeBody(100 * MB, ' ');
    server.use(
      http.get(
        FEED,
        () =>
          new HttpResponse(body.stream, {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    const { make } = await setup();
    const before = rssMb();
    const state = await make().refresh();
    const grown = rssMb() - before;
    expect(state.catalog.source).toBe('bundled');
    expect(state.fallbackReason).toMatch(/more than 5242880 bytes/);
    expect(body.stats.pulled).toBeLessThan(8 * MB);
    expect(grown).toBeLessThan(60);
  });

  it('sends configured headers and URL credentials, and never shows or logs them', async () => {
    const seen: Array<{
      auth: string | null;
      key: string | null;
      url: string;
    }> = [];
    let ok = true;
    server.use(
      http.get('https://mirror.test/runtime', ({ request }) => {
        seen.push({
          auth: request.headers.get('authorization'),
          key: request.headers.get('x-api-key'),
          url: request.url,
        });
        return ok
          ? HttpResponse.json(smallFeed())
          : HttpResponse.json(
              {
                message: `denied for key header-secret-4242 token=query-secret-1717`,
              },
              { status: 403 },
            );
      }),
    );
    const logger = mockServices.logger.mock();
    const { make } = await setup({
      url: 'https://bob:pass-secret-9191@mirror.test/runtime?token=query-secret-1717',
      headers: { 'X-Api-Key': 'header-secret-4242' },
      logger,
    });
    const service = make();
    const state = await service.refresh();
    expect(state.catalog.source).toBe('url');
    expect(state.catalog.location).toBe('https://mirror.test/runtime');
    expect(seen[0]).toEqual({
      auth: `Basic ${Buffer.from('bob:pass-secret-9191').toString('base64')}`,
      key: 'header-secret-4242',
      url: 'https://mirror.test/runtime?token=query-secret-1717',
    });
    ok = false;
    const failed = await service.refresh();
    expect(failed.fallbackReason).toMatch(
      /release feed https:\/\/mirror\.test\/runtime unavailable .*403/,
    );
    const everything = JSON.stringify([
      state,
      failed,
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
      logger.debug.mock.calls,
    ]);
    for (const secret of [
      'pass-secret-9191',
      'query-secret-1717',
      'header-secret-4242',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
