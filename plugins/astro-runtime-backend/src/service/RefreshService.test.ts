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
import { DatabaseStatusStore } from './StatusStore';

const { databases } = createTestDatabases();

function entities(n: number): Entity[] {
  return Array.from({ length: n }, (_, i) =>
    component(`e${String(i).padStart(3, '0')}`, {
      annotations: { 'astronomer.io/deployment-id': `dep-${i}` },
    }),
  );
}

async function setup(options: { entities: Entity[]; reader: ProjectReader; concurrency?: number }) {
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
        Array.from({ length: 50 }, (_, i) => ({ id: `dep-${i}`, astroRuntimeVersion: '12.4.0' })),
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
  });
  return { refresh, store, catalog };
}

describe('RefreshService', () => {
  it('bounds concurrency, survives failures and keeps every stored status', async () => {
    let active = 0;
    let peak = 0;
    let failEvery = 0;
    let calls = 0;
    const reader: ProjectReader = {
      async readFile(_loc, name) {
        active++;
        peak = Math.max(peak, active);
        calls++;
        try {
          await new Promise(r => setTimeout(r, 3));
          if (failEvery && calls % failEvery === 0) {
            throw new Error(`boom ${calls}`);
          }
          return name === 'Dockerfile'
            ? { state: 'read', etag: 'e', text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n' }
            : { state: 'missing' };
        } finally {
          active--;
        }
      },
    };
    const { refresh, store } = await setup({ entities: entities(40), reader, concurrency: 4 });
    const first = await refresh.refreshAll();
    expect(first).toMatchObject({ running: false, total: 40, done: 40, errors: 0, unchanged: 0 });
    // two files per entity, read in parallel: at most 2 × concurrency requests
    expect(peak).toBeLessThanOrEqual(8);
    expect(peak).toBeGreaterThan(2);
    expect((await store.listKeys({})).length).toBe(40);

    failEvery = 3;
    const second = await refresh.refreshAll();
    expect(second.done).toBe(40);
    expect(second.errors).toBeGreaterThan(5);
    expect(second.unchanged + second.errors).toBe(40);
    const records = await store.getRecords((await store.listKeys({})).map(k => k.refKey));
    expect(records).toHaveLength(40);
    expect(records.every(r => r.statusJson)).toBe(true);
    expect(records.filter(r => r.stale)).toHaveLength(second.errors);
    expect(await store.loadProgress()).toEqual(second);
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
        return { state: 'read', etag: 'e', text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n' };
      },
    };
    const { refresh, store, catalog } = await setup({ entities: entities(30), reader, concurrency: 2 });
    await refresh.refreshAll(new AbortController().signal);
    reads = 0;
    // entities gone from the catalog are only removed by a complete run
    await catalog.removeEntityByUid((await catalog.getEntityByRef('component:default/e000'))!.metadata.uid!);
    const progress = await refresh.refreshAll(controller.signal);
    expect(progress.done).toBeLessThan(30);
    expect(progress.lastError).toMatch(/aborted/);
    expect((await store.listKeys({})).length).toBe(30);
    const complete = await refresh.refreshAll();
    expect(complete.total).toBe(29);
    expect((await store.listKeys({})).length).toBe(29);
  });
});
