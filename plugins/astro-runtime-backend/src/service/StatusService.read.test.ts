import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { codeFinding } from '../__testUtils__/codeFindings';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { CachedCodeScan, DatabaseCodeScanStore } from './store/CodeScanStore';
import { dayWindow } from './StatusAggregates';
import { StatusService } from './StatusService';
import {
  adoptionFromHistory,
  AssessmentWrite,
  DatabaseStatusStore,
} from './StatusStore';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const VERSIONS = ['12.4.0', '13.0.0', '3.3-2', '11.8.0'];
const STATES = ['up-to-date', 'minor-behind', 'unsupported', 'patch-behind'];
const SEVERITY: Record<string, string> = {
  'up-to-date': 'ok',
  'minor-behind': 'warning',
  unsupported: 'error',
  'patch-behind': 'info',
};

function ref(i: number) {
  return `component:default/e-${String(i).padStart(4, '0')}`;
}

function write(
  i: number,
  at: string,
  version = VERSIONS[i % 4],
): AssessmentWrite {
  const state = STATES[(i >> 2) % 4];
  return {
    kind: 'assessment',
    entityRef: ref(i),
    owner: `group:default/team-${i % 3}`,
    isAstro: true,
    statusJson: JSON.stringify({ state }),
    state,
    line: version.includes('-') ? 'airflow3' : 'airflow2',
    severity: SEVERITY[state],
    repoVersion: version,
    assessedAt: at,
    checkedAt: at,
    inputs: {},
    inputHash: `h${i}`,
    history: { reason: 'initial' },
  };
}

/** Blocking findings of entity `i`'s code (0 to 3). */
function blockingOf(i: number) {
  return i % 4;
}

/** A cached scan with `blockingOf(i)` blocking findings and one advice. */
function codeScan(i: number): CachedCodeScan {
  return {
    engine: 'ruff 0.0.0',
    files: [
      {
        path: 'dags/a.py',
        hash: `sha256:${i}`,
        scan: {
          file: 'dags/a.py',
          bytes: 10,
          findings: [
            ...Array.from({ length: blockingOf(i) }, () =>
              codeFinding('blocking'),
            ),
            codeFinding('advice'),
          ],
        },
      },
    ],
    skipped: [],
    scannedAt: '2025-06-01T10:00:00.000Z',
  };
}

/** A catalog that hides `hidden` from user:default/alice and counts its calls. */
function fakeCatalog(n: number, hidden: Set<string>) {
  const calls = { byRefs: 0, byRef: 0, refsAsked: 0 };
  const entity = (r: string): Entity => {
    const name = r.split('/')[1];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
    };
  };
  const known = new Set(Array.from({ length: n }, (_, i) => ref(i)));
  const sees = (r: string, c?: BackstageCredentials) =>
    known.has(r) &&
    !(
      (c?.principal as { userEntityRef?: string })?.userEntityRef ===
        'user:default/alice' && hidden.has(r)
    );
  const catalog: Partial<CatalogService> = {
    async getEntitiesByRefs(request, options) {
      calls.byRefs++;
      calls.refsAsked += request.entityRefs.length;
      return {
        items: request.entityRefs.map(r =>
          sees(r, options?.credentials) ? entity(r) : undefined,
        ),
      };
    },
    async getEntityByRef(r, options) {
      calls.byRef++;
      const s = String(r);
      return sees(s, options?.credentials) ? entity(s) : undefined;
    },
  };
  return { catalog: catalog as CatalogService, calls };
}

describe.each(
  ids.map(id => [id === 'SQLITE_3' ? 'SQLite' : 'PostgreSQL', id] as const),
)('StatusService read path on %s', (_name, id) => {
  const N = 300;
  // hidden rows spread through the key order: runs of them, and singles
  const hidden = new Set(
    Array.from({ length: N }, (_, i) => i)
      .filter(i => i % 7 === 3 || (i >= 40 && i < 95) || i > 280)
      .map(ref),
  );
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  async function setup() {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    const store = new DatabaseStatusStore(knex);
    const writes = Array.from({ length: N }, (_, i) =>
      write(i, `2025-06-0${1 + (i % 3)}T10:00:00.000Z`),
    );
    await store.write(writes);
    // a tenth moved to 13.0.0 on June 4
    await store.write(
      Array.from({ length: N }, (_, i) => i)
        .filter(i => i % 10 === 0)
        .map(i => write(i, '2025-06-04T09:00:00.000Z', '13.0.0')),
    );
    const codeScans = new DatabaseCodeScanStore(knex);
    for (let i = 0; i < N + 5; i++) {
      // entities N and above have a scan but no status row: never counted
      await codeScans.put(ref(i), codeScan(i));
    }
    const { catalog, calls } = fakeCatalog(N, hidden);
    const service = new StatusService({
      catalog,
      store,
      refresh: {} as any,
      locator: { isAnnotated: () => true } as any,
      logger: { warn() {} } as any,
      dockerfileDetection: true,
      codeScans,
      now: () => new Date('2025-06-05T12:00:00.000Z'),
    });
    return { store, service, calls };
  }

  async function allPages(
    service: StatusService,
    credentials: BackstageCredentials,
    limit: number,
    filter: { state?: string[]; owner?: string[]; line?: string[] } = {},
  ) {
    const seen: string[] = [];
    const totals = new Set<number>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await service.listStatuses(
        { ...filter, cursor, limit },
        credentials,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      expect(page.totalCountIsEstimate).toBe(false);
      seen.push(...page.items.map(r => r.entityRef));
      totals.add(page.totalCount);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 1000);
    return { seen, totals, pages };
  }

  it('pages across hidden entities with no duplicates, no gaps and no leaked counts', async () => {
    const { service, calls } = await setup();
    const expected = Array.from({ length: N }, (_, i) => ref(i)).filter(
      r => !hidden.has(r),
    );
    for (const limit of [1, 7, 25, 50]) {
      const callsBefore = calls.byRefs;
      const { seen, totals, pages } = await allPages(service, alice, limit);
      expect(seen).toEqual(expected);
      expect([...totals]).toEqual([expected.length]);
      // O(page) visibility: each page asks for at most 4 × 2 × limit refs
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / limit));
      expect(calls.byRefs - callsBefore).toBeGreaterThanOrEqual(pages);
    }
    const everything = await allPages(service, bob, 50);
    expect(everything.seen).toHaveLength(N);
    expect([...everything.totals]).toEqual([N]);
  });

  it('counts only visible rows under a filter', async () => {
    const { service } = await setup();
    const { seen, totals } = await allPages(service, alice, 10, {
      state: ['unsupported'],
    });
    const expected = Array.from({ length: N }, (_, i) => i)
      .filter(i => STATES[(i >> 2) % 4] === 'unsupported')
      .map(ref)
      .filter(r => !hidden.has(r));
    expect(seen).toEqual(expected);
    expect([...totals]).toEqual([expected.length]);
  });

  it('reads one batch per page, not the whole store', async () => {
    const { service, calls } = await setup();
    // warm the per-caller visible set (counts); then one page costs one call
    await service.listStatuses({ limit: 10 }, bob);
    const before = { ...calls };
    await service.listStatuses({ limit: 10 }, bob);
    expect(calls.byRefs - before.byRefs).toBe(1);
    expect(calls.refsAsked - before.refsAsked).toBe(20);
  });

  it('summarises exactly the rows the caller can page through', async () => {
    const { service, store } = await setup();
    for (const credentials of [alice, bob]) {
      const summary = await service.summary({ days: 5 }, credentials);
      const { seen } = await allPages(service, credentials, 100);
      const records = await store.getRecords(seen.map(r => r.toLowerCase()));
      const byVersionState: Record<string, number> = {};
      const byLine: Record<string, number> = {};
      const bySeverity: Record<string, number> = {};
      for (const r of records) {
        const k = `${r.repoVersion}|${r.state}`;
        byVersionState[k] = (byVersionState[k] ?? 0) + 1;
        byLine[r.line!] = (byLine[r.line!] ?? 0) + 1;
        bySeverity[r.severity!] = (bySeverity[r.severity!] ?? 0) + 1;
      }
      expect(summary.total).toBe(records.length);
      expect(
        Object.fromEntries(
          summary.byVersionState.map(g => [`${g.version}|${g.state}`, g.count]),
        ),
      ).toEqual(byVersionState);
      expect(summary.byLine).toEqual(byLine);
      expect(summary.bySeverity).toEqual(bySeverity);
      expect(summary.blockers).toBe(bySeverity.error);

      // adoption aggregated in SQL equals the row-by-row reference
      const days = dayWindow(new Date('2025-06-05T12:00:00.000Z'), 5);
      const rows = await store.history('2025-06-05T23:59:59.999Z');
      const visible = new Set(seen.map(r => r.toLowerCase()));
      expect(summary.adoption).toEqual(
        adoptionFromHistory(rows, days, visible),
      );
      expect(summary.adoption[4].versions['13.0.0']).toBeGreaterThan(0);
    }
  });

  it('sums the code blockers of exactly the rows the caller can page through', async () => {
    const { service } = await setup();
    const filters = [
      {},
      { state: ['unsupported'] },
      { owner: ['team-1'], line: ['airflow2'] },
    ];
    for (const credentials of [alice, bob]) {
      for (const filter of filters) {
        const summary = await service.summary(
          { ...filter, days: 5 },
          credentials,
        );
        const { seen } = await allPages(service, credentials, 100, filter);
        const counts = seen.map(r => blockingOf(Number(r.split('-')[1])));
        expect(seen.length).toBeGreaterThan(0);
        expect(summary.codeBlockers).toEqual({
          findings: counts.reduce((a, b) => a + b, 0),
          projects: counts.filter(n => n > 0).length,
        });
      }
    }
  });

  it('history of a short window carries what happened before it', async () => {
    const { service, store } = await setup();
    const { points } = await service.history(2, bob);
    const rows = await store.history('2025-06-05T23:59:59.999Z');
    expect(points).toEqual(
      adoptionFromHistory(rows, ['2025-06-04', '2025-06-05']),
    );
    expect(Object.values(points[0].versions).reduce((a, b) => a + b, 0)).toBe(
      N,
    );
  });
});

describe('the status route with a visibility cache', () => {
  it('asks the catalog once per caller and entity within the TTL; hidden stays a 404', async () => {
    const knex = await databases.init('SQLITE_3');
    await DatabaseStatusStore.migrate(knex);
    const store = new DatabaseStatusStore(knex);
    await store.write([
      write(1, '2025-06-01T10:00:00.000Z'),
      write(2, '2025-06-01T10:00:00.000Z'),
    ]);
    const { catalog, calls } = fakeCatalog(3, new Set([ref(2)]));
    const service = new StatusService({
      catalog,
      store,
      refresh: {} as any,
      locator: { isAnnotated: () => true } as any,
      logger: { warn() {} } as any,
      dockerfileDetection: true,
      visibilityTtlMs: 60_000,
    });
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    for (let i = 0; i < 3; i++) {
      expect((await service.getEntityStatus(ref(1), alice)).entityRef).toBe(
        ref(1),
      );
      await expect(
        service.getEntityStatus(ref(2), alice),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    }
    expect(calls.byRef).toBe(2);
    // another caller gets its own answer
    expect((await service.getEntityStatus(ref(2), bob)).entityRef).toBe(ref(2));
    expect(calls.byRef).toBe(3);
  });
});
