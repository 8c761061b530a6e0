import { EventEmitter } from 'node:events';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/catalog';
import { ConfigDeploymentProvider } from './ConfigDeploymentProvider';
import { DeploymentResolver } from './DeploymentResolver';
import { AnnotationProjectLocator } from './ProjectLocator';
import type { ProjectReader } from './ProjectReader';
import { DefaultReleaseCatalogService } from './ReleaseCatalogService';
import { RefreshService } from './RefreshService';
import { RequestLoad } from './RequestLoad';
import { DatabaseStatusStore } from './StatusStore';

const { databases } = createTestDatabases();

function entities(n: number): Entity[] {
  return Array.from({ length: n }, (_, i) =>
    component(`e${String(i).padStart(3, '0')}`, {
      annotations: { 'astronomer.io/deployment-id': `dep-${i}` },
    }),
  );
}

async function setup(options: {
  entities: Entity[];
  reader: ProjectReader;
  concurrency?: number;
  now?: () => Date;
  historyRetentionDays?: number;
  pageSize?: number;
  load?: RequestLoad;
  concurrencyUnderLoad?: number;
}) {
  const knex = await databases.init('SQLITE_3');
  await DatabaseStatusStore.migrate(knex);
  const store = new DatabaseStatusStore(knex);
  const catalog = catalogServiceMock({ entities: options.entities });
  const logger = mockServices.logger.mock();
  const refresh = new RefreshService({
    catalog,
    auth: mockServices.auth(),
    locator: new AnnotationProjectLocator(),
    reader: options.reader,
    resolver: new DeploymentResolver([
      new ConfigDeploymentProvider(
        Array.from({ length: 50 }, (_, i) => ({
          id: `dep-${i}`,
          astroRuntimeVersion: '12.4.0',
        })),
      ),
    ]),
    releases: new DefaultReleaseCatalogService({
      source: 'bundled',
      url: '',
      refreshMs: 1,
      timeoutMs: 1,
      store,
      logger,
    }),
    store,
    logger,
    concurrency: options.concurrency ?? 4,
    dockerfileDetection: true,
    writeBatchSize: 7,
    now: options.now,
    historyRetentionDays: options.historyRetentionDays,
    pageSize: options.pageSize,
    load: options.load,
    concurrencyUnderLoad: options.concurrencyUnderLoad,
  });
  return { refresh, store, catalog, knex };
}

/**
 * A reader of an Astro Dockerfile (and no requirements.txt) that takes
 * `delayMs` per read, counts the reads in flight (`peak`) and fails every
 * `failEvery`-th read when that is set.
 */
function countingReader(delayMs: number) {
  const c = { active: 0, peak: 0, calls: 0, failEvery: 0 };
  const reader: ProjectReader = {
    async readFile(_loc, name) {
      c.active++;
      c.peak = Math.max(c.peak, c.active);
      c.calls++;
      const call = c.calls;
      try {
        await new Promise(r => setTimeout(r, delayMs));
        if (c.failEvery && call % c.failEvery === 0) {
          throw new Error(`boom ${call}`);
        }
        return name === 'Dockerfile'
          ? {
              state: 'read',
              etag: 'e',
              text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
            }
          : { state: 'missing' };
      } finally {
        c.active--;
      }
    },
  };
  return { reader, c };
}

describe('RefreshService', () => {
  it('bounds concurrency, survives failures and keeps every stored status', async () => {
    const { reader, c } = countingReader(3);
    const { refresh, store } = await setup({
      entities: entities(40),
      reader,
      concurrency: 4,
    });
    const first = await refresh.refreshAll();
    expect(first).toMatchObject({
      running: false,
      total: 40,
      done: 40,
      errors: 0,
      unchanged: 0,
    });
    // two files per entity, read in parallel: at most 2 × concurrency requests
    expect(c.peak).toBeLessThanOrEqual(8);
    expect(c.peak).toBeGreaterThan(2);
    expect((await store.listKeys({})).length).toBe(40);

    c.failEvery = 3;
    const second = await refresh.refreshAll();
    expect(second.done).toBe(40);
    expect(second.errors).toBeGreaterThan(5);
    expect(second.unchanged + second.errors).toBe(40);
    const records = await store.getRecords(
      (await store.listKeys({})).map(k => k.refKey),
    );
    expect(records).toHaveLength(40);
    expect(records.every(r => r.statusJson)).toBe(true);
    expect(records.filter(r => r.stale)).toHaveLength(second.errors);
    expect(await store.loadProgress()).toEqual(second);
  });

  it('reads fewer entities at once while the plugin serves requests', async () => {
    const { reader, c } = countingReader(2);
    const load = new RequestLoad(50);
    const { refresh } = await setup({
      entities: entities(24),
      reader,
      concurrency: 4,
      concurrencyUnderLoad: 1,
      load,
    });
    // a request in flight for the whole refresh
    const res = new EventEmitter();
    load.middleware({} as any, res as any, () => {});
    expect((await refresh.refreshAll()).done).toBe(24);
    // one entity at a time: its two files in parallel
    expect(c.peak).toBeLessThanOrEqual(2);
    res.emit('finish');
    await new Promise(r => setTimeout(r, 80));
    c.peak = 0;
    expect((await refresh.refreshAll()).done).toBe(24);
    expect(c.peak).toBeGreaterThan(2);
  });

  it('stops on abort without removing anything', async () => {
    const controller = new AbortController();
    let reads = 0;
    const reader: ProjectReader = {
      async readFile() {
        reads++;
        if (reads === 10) {
          controller.abort();
        }
        await new Promise(r => setTimeout(r, 2));
        return {
          state: 'read',
          etag: 'e',
          text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        };
      },
    };
    const { refresh, store, catalog } = await setup({
      entities: entities(30),
      reader,
      concurrency: 2,
    });
    await refresh.refreshAll(new AbortController().signal);
    reads = 0;
    // entities gone from the catalog are only removed by a complete run
    await catalog.removeEntityByUid(
      (await catalog.getEntityByRef('component:default/e000'))!.metadata.uid!,
    );
    const progress = await refresh.refreshAll(controller.signal);
    expect(progress.done).toBeLessThan(30);
    expect(progress.lastError).toMatch(/aborted/);
    expect((await store.listKeys({})).length).toBe(30);
    // the first complete listing without it only marks it; the second deletes it
    const complete = await refresh.refreshAll();
    expect(complete.total).toBe(29);
    expect((await store.listKeys({})).length).toBe(30);
    await refresh.refreshAll();
    expect((await store.listKeys({})).length).toBe(29);
  });

  it('deletes nothing after an empty or failed catalog listing', async () => {
    const reader: ProjectReader = {
      async readFile() {
        return {
          state: 'read',
          etag: 'e',
          text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        };
      },
    };
    const { refresh, store, catalog, knex } = await setup({
      entities: entities(5),
      reader,
    });
    await refresh.refreshAll();
    expect((await store.listKeys({})).length).toBe(5);
    for (const e of entities(5)) {
      await catalog.removeEntityByUid(
        (await catalog.getEntityByRef(`component:default/${e.metadata.name}`))!
          .metadata.uid!,
      );
    }
    // an empty listing, twice: nothing marked, nothing deleted
    await refresh.refreshAll();
    await refresh.refreshAll();
    expect((await store.listKeys({})).length).toBe(5);
    expect(
      await knex('astro_runtime_status')
        .whereNotNull('missing_since')
        .count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    expect(
      await knex('astro_runtime_history')
        .where('reason', 'removed')
        .count({ n: '*' }),
    ).toEqual([{ n: 0 }]);

    // a listing that fails part way: nothing deleted either
    jest
      .spyOn(catalog, 'queryEntities')
      .mockRejectedValue(new Error('catalog unavailable'));
    const failed = await refresh.refreshAll();
    expect(failed.lastError).toMatch(/catalog unavailable/);
    await refresh.refreshAll();
    expect((await store.listKeys({})).length).toBe(5);
  });

  it('keeps the last good status on a 404 or a non-Dockerfile answer, unless the entity changed', async () => {
    let answer: 'ok' | 'missing' | 'html' = 'ok';
    const reader: ProjectReader = {
      async readFile(_loc, name) {
        if (name !== 'Dockerfile') {
          return { state: 'missing' };
        }
        if (answer === 'missing') {
          return { state: 'missing', url: 'https://scm.test/x/Dockerfile' };
        }
        if (answer === 'html') {
          return {
            state: 'read',
            etag: 'login',
            url: 'https://scm.test/x/Dockerfile',
            text: '<!DOCTYPE html><html><body><form>Sign in</form></body></html>',
          };
        }
        return {
          state: 'read',
          etag: 'e',
          text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        };
      },
    };
    const annotated = component('x', {
      annotations: { 'astronomer.io/deployment-id': 'dep-1' },
    });
    const detected = component('y');
    const { refresh, store, catalog } = await setup({
      entities: [annotated, detected],
      reader,
    });
    await refresh.refreshAll();
    const good = await store.getRecord('component:default/x');
    expect(good?.repoVersion).toBe('12.4.0');
    expect((await store.getRecord('component:default/y'))?.isAstro).toBe(true);

    for (const [mode, code] of [
      ['missing', 'dockerfile-missing'],
      ['html', 'not-a-dockerfile'],
    ] as const) {
      answer = mode;
      const progress = await refresh.refreshAll();
      expect(progress.errors).toBe(2);
      for (const ref of ['component:default/x', 'component:default/y']) {
        const kept = await store.getRecord(ref);
        expect(kept).toMatchObject({
          stale: true,
          isAstro: true,
          repoVersion: '12.4.0',
          error: { code },
        });
        expect(kept?.statusJson).toBe(
          ref === 'component:default/x' ? good?.statusJson : kept?.statusJson,
        );
      }
    }

    // the entity itself moved to another repo, which has no Dockerfile: reassessed
    answer = 'missing';
    const moved = {
      ...annotated,
      metadata: {
        ...annotated.metadata,
        annotations: {
          ...annotated.metadata.annotations,
          'backstage.io/source-location': 'url:https://scm.test/elsewhere/',
        },
      },
    };
    jest.spyOn(catalog, 'queryEntities').mockResolvedValue({
      items: [moved, detected],
      totalItems: 2,
      pageInfo: {},
    });
    await refresh.refreshAll();
    const reassessed = await store.getRecord('component:default/x');
    expect(reassessed?.stale).toBe(false);
    expect(reassessed?.error).toBeUndefined();
    expect(reassessed?.repoVersion).toBeUndefined();
  });

  it('works through the catalog in pages, loading stored inputs per page, and sweeps only after the last page', async () => {
    const { reader } = countingReader(0);
    const all = entities(23);
    const { refresh, store, catalog, knex } = await setup({
      entities: all,
      reader,
      concurrency: 3,
      pageSize: 5,
    });
    // the catalog's cursor pages; `failAt` makes one page request fail
    let listed = all;
    let failAt: number | undefined;
    const requests: Array<{ cursor?: string; limit?: number }> = [];
    jest.spyOn(catalog, 'queryEntities').mockImplementation(async req => {
      const r = req as { cursor?: string; limit?: number };
      requests.push({ cursor: r.cursor, limit: r.limit });
      const offset = r.cursor ? Number(r.cursor) : 0;
      if (failAt !== undefined && offset >= failAt) {
        throw new Error('catalog unavailable on a later page');
      }
      const end = offset + (r.limit ?? 1000);
      return {
        items: listed.slice(offset, end),
        totalItems: listed.length,
        pageInfo: end < listed.length ? { nextCursor: String(end) } : {},
      };
    });
    const loads = jest.spyOn(store, 'getInputStates');

    const first = await refresh.refreshAll();
    expect(first).toMatchObject({ total: 23, done: 23, errors: 0 });
    expect(requests.map(r => r.limit)).toEqual([5, 5, 5, 5, 5]);
    // stored inputs are loaded per page, never all at once
    expect(loads.mock.calls.map(([refs]) => refs?.length)).toEqual([
      5, 5, 5, 5, 3,
    ]);
    expect((await store.listKeys({})).length).toBe(23);

    // a listing that fails after two pages keeps what it assessed and
    // marks nothing (it is not complete)
    listed = all.slice(0, 12);
    failAt = 10;
    const failed = await refresh.refreshAll();
    expect(failed.lastError).toMatch(/later page/);
    expect(failed.done).toBe(10);
    expect(failed.unchanged).toBe(10);
    expect(
      await knex('astro_runtime_status')
        .whereNotNull('missing_since')
        .count({ n: '*' }),
    ).toEqual([{ n: 0 }]);

    // a complete listing of 12 marks the other 11; the next one deletes them
    failAt = undefined;
    expect(await refresh.refreshAll()).toMatchObject({ total: 12, done: 12 });
    expect((await store.listKeys({})).length).toBe(23);
    await refresh.refreshAll();
    expect((await store.listKeys({})).length).toBe(12);
  });

  it('prunes history past the retention on each full refresh', async () => {
    let now = new Date('2025-01-01T12:00:00.000Z');
    let tag = '11.0.0';
    const reader: ProjectReader = {
      async readFile(_loc, name) {
        return name === 'Dockerfile'
          ? {
              state: 'read',
              etag: tag,
              text: `FROM quay.io/astronomer/astro-runtime:${tag}\n`,
            }
          : { state: 'missing' };
      },
    };
    const { refresh, knex } = await setup({
      entities: entities(1),
      reader,
      now: () => now,
      historyRetentionDays: 30,
    });
    const versions = async () =>
      (await knex('astro_runtime_history').orderBy('id')).map(
        r => r.repo_version,
      );
    await refresh.refreshAll();
    for (const [day, next] of [
      ['2025-01-10', '12.0.0'],
      ['2025-01-20', '12.4.0'],
      ['2025-03-01', '13.0.0'],
    ]) {
      now = new Date(`${day}T12:00:00.000Z`);
      tag = next;
      await refresh.refreshAll();
    }
    // on 2025-03-01 the cutoff is 2025-01-30: rows before it go, except the newest of them
    expect(await versions()).toEqual(['12.4.0', '13.0.0']);
  });

  it('stores whether each project must move to Airflow 3, judged at its assessment time', async () => {
    let now = new Date('2026-06-01T12:00:00.000Z');
    const tags = ['12.4.0', '13.1.0', '3.1-12'];
    const reader: ProjectReader = {
      async readFile(loc, name) {
        if (name !== 'Dockerfile') return { state: 'missing' };
        const i = Number(/e(\d+)$/.exec(loc.entityRef)![1]);
        const image = tags[i].includes('-')
          ? 'astrocrpublic.azurecr.io/runtime'
          : 'quay.io/astronomer/astro-runtime';
        return {
          state: 'read',
          etag: tags[i],
          text: `FROM ${image}:${tags[i]}\n`,
        };
      },
    };
    const { refresh, store } = await setup({
      entities: entities(3),
      reader,
      now: () => now,
    });
    const mustMove = async () =>
      (await store.listKeys({ mustMoveToAirflow3: true })).map(
        k => k.entityRef,
      );
    await refresh.refreshAll();
    // Runtime 13 is still maintained: nobody must move yet
    expect(await mustMove()).toEqual([]);
    expect(await store.listKeys({})).toHaveLength(3);

    // after Runtime 13's end of maintenance (2026-11-30) the next day's
    // refresh reassesses: both Airflow 2 projects must move
    now = new Date('2026-12-02T12:00:00.000Z');
    await refresh.refreshAll();
    expect(await mustMove()).toEqual([
      'component:default/e000',
      'component:default/e001',
    ]);
  });
});
