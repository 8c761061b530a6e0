import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { VisibilityCache } from './VisibilityCache';

/** A store of `rows` keys and a catalog that hides `hidden`; counts catalog calls. */
function setup(options: {
  ttlMs: number;
  setTtlMs?: number;
  staleMs?: number;
  permissions?: any;
  logger?: any;
}) {
  let now = 0;
  const state = {
    rows: ['component:default/a', 'component:default/b'],
    hidden: new Set<string>(),
    catalogCalls: 0,
  };
  const store = {
    countRows: async () => state.rows.length,
    listAllKeys: async (after: string | undefined, limit: number) =>
      state.rows
        .filter(r => after === undefined || r > after)
        .slice(0, limit)
        .map(r => ({ refKey: r, entityRef: r })),
  };
  const catalog = {
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => {
      state.catalogCalls++;
      return {
        items: entityRefs.map(r => (state.hidden.has(r) ? null : { r })),
      };
    },
  };
  const cache = new VisibilityCache({
    catalog: catalog as any,
    store: store as any,
    ...options,
    now: () => now,
  });
  return {
    cache,
    state,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const alice = mockCredentials.user('user:default/alice');
const settle = () => new Promise(r => setImmediate(r));

describe('VisibilityCache.visibleSet', () => {
  it('answers from the cache within the TTL, a stale set while rebuilding after it', async () => {
    const { cache, state, advance } = setup({
      ttlMs: 1000,
      setTtlMs: 5000,
      staleMs: 60_000,
    });
    expect([...(await cache.visibleSet(alice)).visible]).toHaveLength(2);
    expect(state.catalogCalls).toBe(1);

    advance(4000);
    await cache.visibleSet(alice);
    expect(state.catalogCalls).toBe(1);

    // past the TTL: the old set now, the catalog's new answer next time
    state.hidden.add('component:default/b');
    advance(2000);
    expect((await cache.visibleSet(alice)).hidden).toEqual([]);
    await settle();
    expect(state.catalogCalls).toBe(2);
    expect((await cache.visibleSet(alice)).hidden).toEqual([
      'component:default/b',
    ]);
    expect(state.catalogCalls).toBe(2);
  });

  it('waits for a new set past the stale window, or when the rows changed', async () => {
    const { cache, state, advance } = setup({
      ttlMs: 1000,
      setTtlMs: 5000,
      staleMs: 10_000,
    });
    await cache.visibleSet(alice);
    state.hidden.add('component:default/a');
    advance(16_000);
    expect((await cache.visibleSet(alice)).hidden).toEqual([
      'component:default/a',
    ]);
    expect(state.catalogCalls).toBe(2);

    // a new row is never counted before the catalog answered for it
    state.rows.push('component:default/c');
    state.hidden.add('component:default/c');
    const set = await cache.visibleSet(alice);
    expect(set.rows).toBe(3);
    expect(set.hidden).toEqual(['component:default/a', 'component:default/c']);
    expect(state.catalogCalls).toBe(3);
  });

  it('keeps a set 30 s by default', async () => {
    const { cache, state, advance } = setup({ ttlMs: 5000 });
    await cache.visibleSet(alice);
    advance(29_000);
    await cache.visibleSet(alice);
    await settle();
    expect(state.catalogCalls).toBe(1);
    advance(2000);
    await cache.visibleSet(alice);
    await settle();
    expect(state.catalogCalls).toBe(2);
  });

  it('caches nothing with a TTL of 0', async () => {
    const { cache, state } = setup({ ttlMs: 0 });
    await cache.visibleSet(alice);
    await cache.visibleSet(alice);
    expect(state.catalogCalls).toBe(2);
  });
});

describe('VisibilityCache.visibleSet with the permissions service', () => {
  const permissions = (result: AuthorizeResult) => {
    const asked: string[] = [];
    return {
      asked,
      authorizeConditional: async (requests: any[]) =>
        requests.map(r => {
          asked.push(r.permission.name);
          return result === AuthorizeResult.CONDITIONAL
            ? {
                result,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
              }
            : { result };
        }),
    };
  };

  it('counts every stored row without asking the catalog when the catalog read is an unconditional ALLOW', async () => {
    const p = permissions(AuthorizeResult.ALLOW);
    const { cache, state } = setup({ ttlMs: 1000, permissions: p });
    state.hidden.add('component:default/b'); // not asked: the policy allows all
    const set = await cache.visibleSet(alice);
    expect(p.asked).toEqual(['catalog.entity.read']);
    expect(state.catalogCalls).toBe(0);
    expect([...set.visible]).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(set.hidden).toEqual([]);
  });

  it.each([AuthorizeResult.CONDITIONAL, AuthorizeResult.DENY])(
    'asks the catalog for each row when the decision is %s',
    async result => {
      const p = permissions(result);
      const { cache, state } = setup({ ttlMs: 1000, permissions: p });
      state.hidden.add('component:default/b');
      const set = await cache.visibleSet(alice);
      expect(state.catalogCalls).toBe(1);
      expect(set.hidden).toEqual(['component:default/b']);
    },
  );

  it('asks the catalog when the permission service fails, and says so', async () => {
    const logger = { warn: jest.fn() };
    const { cache, state } = setup({
      ttlMs: 1000,
      logger,
      permissions: {
        authorizeConditional: async () => {
          throw new Error('permission backend unavailable');
        },
      },
    });
    state.hidden.add('component:default/b');
    const set = await cache.visibleSet(alice);
    expect(state.catalogCalls).toBe(1);
    expect(set.hidden).toEqual(['component:default/b']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('permission backend unavailable'),
    );
  });
});
