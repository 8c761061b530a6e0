import { getBundledCatalog } from '@backstage-astro/plugin-astro-runtime-common';
import { createStore, storeDatabases } from './__testUtils__/stores';

jest.setTimeout(60_000);

describe.each(storeDatabases)('ReleaseFeedStore on %s', (_name, id) => {
  it('stores the release feed and its failures', async () => {
    const store = (await createStore(id)).context.releaseFeed;
    expect(await store.loadReleaseFeed()).toBeUndefined();
    await store.saveReleaseFeedError('feed down', '2025-06-01T00:00:00.000Z');
    expect(await store.loadReleaseFeed()).toMatchObject({
      catalog: undefined,
      lastError: 'feed down',
    });
    const catalog = {
      ...getBundledCatalog(),
      source: 'url' as const,
      location: 'https://feed.test',
    };
    await store.saveReleaseFeed(catalog, '2025-06-02T00:00:00.000Z');
    const loaded = await store.loadReleaseFeed();
    expect(loaded?.catalog).toEqual(catalog);
    expect(loaded?.lastError).toBeUndefined();
    await store.saveReleaseFeedError('down again', '2025-06-03T00:00:00.000Z');
    expect(await store.loadReleaseFeed()).toMatchObject({
      fetchedAt: '2025-06-02T00:00:00.000Z',
      lastAttemptAt: '2025-06-03T00:00:00.000Z',
      lastError: 'down again',
    });
    expect((await store.loadReleaseFeed())?.catalog?.releases.length).toBe(
      catalog.releases.length,
    );
  });
});
