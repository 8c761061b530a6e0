import { getBundledCatalog } from '@backstage-astro/plugin-astro-runtime-common';
import { createTestDatabases, PG_CONNECTION } from '../__testUtils__/databases';
import {
  adoptionFromHistory,
  AssessmentWrite,
  DatabaseStatusStore,
} from './StatusStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

function assessment(
  entityRef: string,
  overrides: Partial<AssessmentWrite> = {},
): AssessmentWrite {
  return {
    kind: 'assessment',
    entityRef,
    title: `Title of ${entityRef}`,
    owner: 'group:default/team-a',
    isAstro: true,
    statusJson: JSON.stringify({
      state: 'up-to-date',
      runtime: { version: '12.4.0' },
    }),
    state: 'up-to-date',
    line: 'airflow2',
    severity: 'ok',
    repoVersion: '12.4.0',
    deploymentVersions: { 'dep-1': '12.4.0' },
    assessedAt: '2025-06-01T10:00:00.000Z',
    checkedAt: '2025-06-01T10:00:00.000Z',
    inputs: { dockerfile: { state: 'read', etag: '"e1"', text: 'FROM x' } },
    inputHash: 'h1',
    history: { reason: 'initial' },
    ...overrides,
  };
}

describe.each(
  ids.map(
    id =>
      [
        id === 'SQLITE_3' ? 'SQLite' : 'PostgreSQL (ASTRO_RUNTIME_TEST_PG)',
        id,
      ] as const,
  ),
)('DatabaseStatusStore on %s', (_name, id) => {
  async function createStore() {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    return { store: new DatabaseStatusStore(knex), knex };
  }

  it('runs its migrations twice without harm and creates the tables', async () => {
    const { knex } = await createStore();
    await DatabaseStatusStore.migrate(knex);
    for (const table of [
      'astro_runtime_status',
      'astro_runtime_history',
      'astro_runtime_release_feed',
      'astro_runtime_refresh',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
  });

  it('stores, reads and lists records; the status JSON comes back verbatim', async () => {
    const { store } = await createStore();
    await store.write([
      assessment('component:default/b-orders', {
        owner: 'group:default/team-b',
      }),
      assessment('component:default/a-marketing', {
        title: 'Marketing ETL',
        state: 'patch-behind',
        line: 'airflow3',
      }),
      assessment('component:default/c-web', {
        isAstro: false,
        statusJson: undefined,
        state: undefined,
      }),
    ]);
    const rec = await store.getRecord('Component:default/B-Orders');
    expect(rec).toMatchObject({
      entityRef: 'component:default/b-orders',
      owner: 'group:default/team-b',
      isAstro: true,
      stale: false,
      repoVersion: '12.4.0',
      deploymentVersions: { 'dep-1': '12.4.0' },
    });
    expect(JSON.parse(rec!.statusJson!)).toEqual({
      state: 'up-to-date',
      runtime: { version: '12.4.0' },
    });

    expect((await store.listKeys({})).map(k => k.refKey)).toEqual([
      'component:default/a-marketing',
      'component:default/b-orders',
    ]);
    expect(
      (await store.listKeys({ owner: ['group:default/team-b'] })).length,
    ).toBe(1);
    expect(
      (await store.listKeys({ state: ['patch-behind'] })).map(k => k.refKey),
    ).toEqual(['component:default/a-marketing']);
    expect(
      (await store.listKeys({ line: ['airflow2'] })).map(k => k.refKey),
    ).toEqual(['component:default/b-orders']);
    expect((await store.listKeys({ q: 'MARKETING etl' })).length).toBe(1);
    expect((await store.listKeys({ q: '100%_' })).length).toBe(0);
    expect(
      (await store.listKeys({ afterKey: 'component:default/a-marketing' })).map(
        k => k.refKey,
      ),
    ).toEqual(['component:default/b-orders']);
    const records = await store.getRecords([
      'component:default/b-orders',
      'component:default/a-marketing',
      'component:default/nope',
    ]);
    expect(records.map(r => r.entityRef)).toEqual([
      'component:default/b-orders',
      'component:default/a-marketing',
    ]);
  });

  it('filters on the stored "must move to Airflow 3" flag, with keyset pages', async () => {
    const { store } = await createStore();
    await store.write([
      assessment('component:default/a', { mustMoveToAirflow3: true }),
      assessment('component:default/b'),
      assessment('component:default/c', { mustMoveToAirflow3: true }),
      assessment('component:default/d', { mustMoveToAirflow3: false }),
      assessment('component:default/e', {
        mustMoveToAirflow3: true,
        owner: 'group:default/team-b',
      }),
    ]);
    const keys = async (filter: object) =>
      (await store.listKeys(filter)).map(k => k.refKey);
    expect(await keys({ mustMoveToAirflow3: true })).toEqual([
      'component:default/a',
      'component:default/c',
      'component:default/e',
    ]);
    expect(await keys({ mustMoveToAirflow3: false })).toHaveLength(5);
    expect(
      await keys({
        mustMoveToAirflow3: true,
        afterKey: 'component:default/a',
        limit: 1,
      }),
    ).toEqual(['component:default/c']);
    expect(
      await keys({
        mustMoveToAirflow3: true,
        owner: ['group:default/team-b'],
      }),
    ).toEqual(['component:default/e']);
    const groups = await store.countByGroup({ mustMoveToAirflow3: true });
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(3);

    // a reassessment that no longer must move clears the flag
    await store.write([
      assessment('component:default/a', { mustMoveToAirflow3: false }),
    ]);
    expect(await keys({ mustMoveToAirflow3: true })).toEqual([
      'component:default/c',
      'component:default/e',
    ]);
  });

  it('keeps the last good status when a refresh fails, and clears the error on success', async () => {
    const { store } = await createStore();
    await store.write([assessment('component:default/orders')]);
    await store.write([
      {
        kind: 'failure',
        entityRef: 'component:default/orders',
        isAstro: true,
        owner: 'group:default/team-a',
        error: {
          message: 'SCM down',
          code: 'scm-read-failed',
          at: '2025-06-02T00:00:00.000Z',
        },
        checkedAt: '2025-06-02T00:00:00.000Z',
      },
      {
        kind: 'failure',
        entityRef: 'component:default/new-one',
        isAstro: true,
        error: { message: 'no source', at: '2025-06-02T00:00:00.000Z' },
        checkedAt: '2025-06-02T00:00:00.000Z',
      },
    ]);
    const failed = await store.getRecord('component:default/orders');
    expect(failed).toMatchObject({
      stale: true,
      error: { message: 'SCM down', code: 'scm-read-failed' },
      assessedAt: '2025-06-01T10:00:00.000Z',
      checkedAt: '2025-06-02T00:00:00.000Z',
    });
    expect(failed!.statusJson).toContain('12.4.0');
    // a failure without any previous status is not "stale", just an error
    expect(await store.getRecord('component:default/new-one')).toMatchObject({
      stale: false,
      statusJson: undefined,
      error: { message: 'no source' },
    });

    await store.write([
      {
        kind: 'unchanged',
        entityRef: 'component:default/orders',
        checkedAt: '2025-06-03T00:00:00.000Z',
      },
    ]);
    const ok = await store.getRecord('component:default/orders');
    expect(ok).toMatchObject({
      stale: false,
      error: undefined,
      checkedAt: '2025-06-03T00:00:00.000Z',
    });

    const inputs = await store.getInputStates();
    expect(inputs.get('component:default/orders')).toMatchObject({
      isAstro: true,
      hasStatus: true,
      inputHash: 'h1',
      inputs: { dockerfile: { etag: '"e1"', text: 'FROM x' } },
    });
    expect(inputs.get('component:default/new-one')?.hasStatus).toBe(false);
  });

  it('records history and adoption, and removes entities gone from the catalog', async () => {
    const { store } = await createStore();
    await store.write([
      assessment('component:default/a', {
        assessedAt: '2025-06-01T10:00:00.000Z',
      }),
      assessment('component:default/b', {
        assessedAt: '2025-06-01T11:00:00.000Z',
      }),
    ]);
    await store.write([
      assessment('component:default/a', {
        repoVersion: '13.0.0',
        assessedAt: '2025-06-02T09:00:00.000Z',
        history: { reason: 'repo' },
      }),
      // no history flag: no row
      assessment('component:default/b', {
        assessedAt: '2025-06-02T09:00:00.000Z',
        history: undefined,
      }),
    ]);
    // the first complete listing without b only marks it
    expect(
      await store.sweepMissing(
        ['component:default/a'],
        '2025-06-03T07:00:00.000Z',
      ),
    ).toEqual({
      marked: 1,
      removed: 0,
    });
    expect(await store.getRecord('component:default/b')).toBeDefined();
    // an empty listing changes nothing
    expect(await store.sweepMissing([], '2025-06-03T07:30:00.000Z')).toEqual({
      marked: 0,
      removed: 0,
    });
    // the second consecutive one deletes it
    expect(
      await store.sweepMissing(
        ['component:default/a'],
        '2025-06-03T08:00:00.000Z',
      ),
    ).toEqual({
      marked: 0,
      removed: 1,
    });
    expect(await store.getRecord('component:default/b')).toBeUndefined();

    const rows = await store.history('2025-06-03T23:59:59.999Z');
    expect(rows.map(r => [r.refKey, r.repoVersion ?? null])).toEqual([
      ['component:default/a', '12.4.0'],
      ['component:default/b', '12.4.0'],
      ['component:default/a', '13.0.0'],
      ['component:default/b', null],
    ]);
    expect(
      adoptionFromHistory(rows, [
        '2025-05-31',
        '2025-06-01',
        '2025-06-02',
        '2025-06-03',
      ]),
    ).toEqual([
      { day: '2025-05-31', versions: {} },
      { day: '2025-06-01', versions: { '12.4.0': 2 } },
      { day: '2025-06-02', versions: { '12.4.0': 1, '13.0.0': 1 } },
      { day: '2025-06-03', versions: { '13.0.0': 1 } },
    ]);
    expect(
      adoptionFromHistory(
        rows,
        ['2025-06-02'],
        new Set(['component:default/b']),
      ),
    ).toEqual([{ day: '2025-06-02', versions: { '12.4.0': 1 } }]);
  });

  it('forgets a mark when the entity is listed again', async () => {
    const { store } = await createStore();
    await store.write([
      assessment('component:default/a'),
      assessment('component:default/b'),
    ]);
    await store.sweepMissing(
      ['component:default/a'],
      '2025-06-03T07:00:00.000Z',
    );
    // b is back (a partial listing had missed it): its mark is cleared
    expect(
      await store.sweepMissing(
        ['component:default/a', 'component:default/b'],
        '2025-06-03T08:00:00.000Z',
      ),
    ).toEqual({ marked: 0, removed: 0 });
    // missed once more: marked again, not deleted
    expect(
      await store.sweepMissing(
        ['component:default/a'],
        '2025-06-03T09:00:00.000Z',
      ),
    ).toEqual({ marked: 1, removed: 0 });
    // a new assessment also clears the mark
    await store.write([
      assessment('component:default/b', { history: undefined }),
    ]);
    expect(
      await store.sweepMissing(
        ['component:default/a'],
        '2025-06-03T10:00:00.000Z',
      ),
    ).toEqual({ marked: 1, removed: 0 });
    expect(await store.getRecord('component:default/b')).toBeDefined();
  });

  it("prunes history before a cutoff, keeping each entity's newest older row", async () => {
    const { store } = await createStore();
    const at = (day: string, version: string, ref = 'component:default/a') =>
      assessment(ref, {
        repoVersion: version,
        assessedAt: `${day}T10:00:00.000Z`,
        history: { reason: 'repo' },
      });
    await store.write([at('2024-01-01', '11.0.0')]);
    await store.write([at('2024-03-01', '12.0.0')]);
    await store.write([at('2024-05-01', '12.4.0')]);
    await store.write([at('2025-06-01', '13.0.0')]);
    await store.write([at('2024-02-01', '9.0.0', 'component:default/old')]);
    const days = ['2024-12-31', '2025-06-02'];
    const before = adoptionFromHistory(
      await store.history('2025-06-02T23:59:59.999Z'),
      days,
    );
    expect(await store.pruneHistory('2024-12-01T00:00:00.000Z')).toBe(2);
    const rows = await store.history('2025-06-02T23:59:59.999Z');
    expect(rows.map(r => [r.refKey, r.repoVersion])).toEqual([
      ['component:default/old', '9.0.0'],
      ['component:default/a', '12.4.0'],
      ['component:default/a', '13.0.0'],
    ]);
    // the charts inside the kept window are unchanged
    expect(adoptionFromHistory(rows, days)).toEqual(before);
    expect(await store.pruneHistory('2024-12-01T00:00:00.000Z')).toBe(0);
  });

  it('searches with LIKE metacharacters taken literally', async () => {
    const { store } = await createStore();
    await store.write([
      assessment('component:default/a', { title: '100% pipeline_x!' }),
      assessment('component:default/b', { title: '1000 pipelines' }),
    ]);
    expect((await store.listKeys({ q: '100%' })).map(k => k.refKey)).toEqual([
      'component:default/a',
    ]);
    expect(
      (await store.listKeys({ q: 'pipeline_' })).map(k => k.refKey),
    ).toEqual(['component:default/a']);
    expect((await store.listKeys({ q: 'x!' })).map(k => k.refKey)).toEqual([
      'component:default/a',
    ]);
    expect((await store.listKeys({ q: '\\' })).length).toBe(0);
    expect((await store.listKeys({ q: "'" })).length).toBe(0);
  });

  it('writes thousands of rows in batches', async () => {
    const { store } = await createStore();
    const writes = Array.from({ length: 2500 }, (_, i) =>
      assessment(`component:default/e-${String(i).padStart(5, '0')}`),
    );
    await store.write(writes);
    expect((await store.listKeys({})).length).toBe(2500);
    await store.write(
      writes.map(w => ({
        kind: 'unchanged' as const,
        entityRef: w.entityRef,
        checkedAt: '2025-07-01T00:00:00.000Z',
      })),
    );
    expect(
      (await store.getRecord('component:default/e-01234'))?.checkedAt,
    ).toBe('2025-07-01T00:00:00.000Z');
    const keep = ['component:default/e-00000'];
    expect(await store.sweepMissing(keep, '2025-07-02T00:00:00.000Z')).toEqual({
      marked: 2499,
      removed: 0,
    });
    expect(await store.sweepMissing(keep, '2025-07-02T01:00:00.000Z')).toEqual({
      marked: 0,
      removed: 2499,
    });
    expect((await store.listKeys({})).length).toBe(1);
  });

  it('stores the release feed, its failures, and refresh progress', async () => {
    const { store } = await createStore();
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

    expect(await store.loadProgress()).toBeUndefined();
    await store.saveProgress(
      { running: true, total: 5, done: 2, errors: 1, unchanged: 0 },
      'x',
    );
    await store.saveProgress(
      { running: false, total: 5, done: 5, errors: 1, unchanged: 3 },
      'y',
    );
    expect(await store.loadProgress()).toEqual({
      running: false,
      total: 5,
      done: 5,
      errors: 1,
      unchanged: 3,
    });
  });
});

if (!PG_CONNECTION) {
  // eslint-disable-next-line jest/no-disabled-tests
  it.skip('DatabaseStatusStore on PostgreSQL (set ASTRO_RUNTIME_TEST_PG to run)', () => {});
}
