import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { codeFinding } from '../../__testUtils__/codeFindings';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  CachedCodeScan,
  codeScanFingerprint,
  DatabaseCodeScanStore,
  MemoryCodeScanStore,
} from './CodeScanStore';
import { DatabaseStatusStore } from '../StatusStore';

/** The plugin's migrations, to step them down in the tests below. */
const MIGRATIONS = {
  directory: resolvePackagePath(
    '@backstage-astro/plugin-astro-runtime-backend',
    'migrations',
  ),
  tableName: 'astro_runtime__knex_migrations',
};

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

function scan(blocking: number, advice = 1): CachedCodeScan {
  const findings = [
    ...Array.from({ length: blocking }, () => codeFinding('blocking')),
    ...Array.from({ length: advice }, () => codeFinding('advice')),
  ];
  return {
    engine: 'ruff 0.0.0',
    files: [
      {
        path: 'dags/a.py',
        hash: 'sha256:a',
        scan: { file: 'dags/a.py', bytes: 1, findings },
      },
    ],
    skipped: [],
    scannedAt: '2025-06-01T10:00:00.000Z',
  };
}

async function addStatus(
  store: DatabaseStatusStore,
  entityRef: string,
  isAstro: boolean,
) {
  await store.write([
    {
      kind: 'assessment',
      entityRef,
      isAstro,
      statusJson: isAstro ? '{}' : undefined,
      checkedAt: '2025-06-01T10:00:00.000Z',
      inputs: {},
      inputHash: 'h',
    },
  ]);
}

describe.each(
  ids.map(id => [id === 'SQLITE_3' ? 'SQLite' : 'PostgreSQL', id] as const),
)('DatabaseCodeScanStore on %s', (_name, id) => {
  it('sums blocking findings over the scans of Astro entities', async () => {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    const status = new DatabaseStatusStore(knex);
    const store = new DatabaseCodeScanStore(knex);
    await addStatus(status, 'component:default/a', true);
    await addStatus(status, 'component:default/b', true);
    await addStatus(status, 'component:default/c', true);
    await addStatus(status, 'component:default/not-astro', false);
    await store.put('component:default/a', scan(3));
    await store.put('component:default/b', scan(0, 4));
    await store.put('component:default/c', scan(2));
    await store.put('component:default/not-astro', scan(5));
    await store.put('component:default/no-status', scan(7));
    expect(await store.blockingTotals()).toEqual({ findings: 5, projects: 2 });
    expect(
      await store.blockingTotals([
        'component:default/a',
        'component:default/b',
        'component:default/not-astro',
      ]),
    ).toEqual({ findings: 3, projects: 1 });
    expect(await store.blockingTotals([])).toEqual({
      findings: 0,
      projects: 0,
    });
    // a rescan replaces the count
    await store.put('component:default/a', scan(1));
    expect(await store.blockingTotals()).toEqual({ findings: 3, projects: 2 });
  });

  it('is the code-scan store of the persistence context', async () => {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    const status = new DatabaseStatusStore(knex);
    const store = status.context.codeScans;
    await addStatus(status, 'component:default/a', true);
    await store.put('Component:default/A', scan(1));
    await store.put('component:default/gone', scan(2));
    expect((await store.get('component:default/a'))?.files).toHaveLength(1);
    // scans of entities without a status row go, the others stay
    expect(await store.prune()).toBe(1);
    expect(await store.get('component:default/gone')).toBeUndefined();
    expect(
      await knex('astro_runtime_code_scan_files').pluck('ref_key'),
    ).toEqual(['component:default/a']);
    expect(await store.blockingTotals()).toEqual({ findings: 1, projects: 1 });
  });

  it('fills in the count of scans cached before the column', async () => {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    // back to before the blocking count (and the head/files split after it)
    await knex.migrate.down({
      ...MIGRATIONS,
      name: '20261202150000_code_scan_files.js',
    });
    await knex.migrate.down({
      ...MIGRATIONS,
      name: '20261202000000_code_scan_blocking.js',
    });
    const old = scan(4, 2);
    await knex('astro_runtime_code_scan').insert([
      {
        ref_key: 'component:default/a',
        engine: old.engine,
        files_json: JSON.stringify({ files: old.files, skipped: [] }),
        scanned_at: old.scannedAt,
      },
      {
        ref_key: 'component:default/broken',
        engine: old.engine,
        files_json: '{not json',
        scanned_at: old.scannedAt,
      },
    ]);
    await knex.migrate.latest(MIGRATIONS);
    const rows = await knex('astro_runtime_code_scan')
      .select('ref_key', 'blocking')
      .orderBy('ref_key');
    expect(rows.map(r => [r.ref_key, Number(r.blocking)])).toEqual([
      ['component:default/a', 4],
      ['component:default/broken', 0],
    ]);
    // the per-file scans moved to their own table; heads have no fingerprint yet
    const store = new DatabaseCodeScanStore(knex);
    expect(await store.get('component:default/a')).toEqual({
      engine: old.engine,
      files: old.files,
      skipped: [],
      scannedAt: old.scannedAt,
    });
    expect(await store.getHead('component:default/a')).toEqual({
      engine: old.engine,
      scannedAt: old.scannedAt,
    });
    expect(await store.get('component:default/broken')).toBeUndefined();
  });

  it('keeps a light head apart from the per-file scans, and moves them back on rollback', async () => {
    const knex = await databases.init(id);
    await DatabaseStatusStore.migrate(knex);
    const store = new DatabaseCodeScanStore(knex);
    const a = { ...scan(2), treeEtag: 'commit-1' };
    await store.put('Component:default/A', a);
    await store.put('component:default/b', scan(1));
    expect(await store.getHead('component:default/a')).toEqual({
      treeEtag: 'commit-1',
      engine: a.engine,
      fingerprint: codeScanFingerprint(a),
      scannedAt: a.scannedAt,
    });
    expect(await store.get('component:default/a')).toEqual(a);
    expect(await store.getHead('component:default/none')).toBeUndefined();

    // heads asked for together are read in one query
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    const heads = await Promise.all(
      [
        'component:default/a',
        'component:default/b',
        'component:default/none',
        'component:default/a',
      ].map(r => store.getHead(r)),
    );
    knex.off('query', onQuery);
    expect(queries).toHaveLength(1);
    expect(heads.map(h => h?.fingerprint)).toEqual([
      codeScanFingerprint(a),
      codeScanFingerprint(scan(1)),
      undefined,
      codeScanFingerprint(a),
    ]);
    expect([...(await store.getHeads(['component:default/B'])).keys()]).toEqual(
      ['component:default/b'],
    );

    // a new commit with the same files: only the head's etag moves
    await store.setTreeEtag('component:default/a', 'commit-2');
    expect((await store.get('component:default/a'))?.treeEtag).toBe('commit-2');
    await store.delete('component:default/b');
    expect(await store.getHead('component:default/b')).toBeUndefined();
    expect(await store.get('component:default/b')).toBeUndefined();

    // stored compact; rows in the plain form of earlier versions still read
    const [compact] = await knex('astro_runtime_code_scan_files')
      .select('files_json')
      .where({ ref_key: 'component:default/a' });
    expect(compact.files_json).toMatch(/^\{"v":2,/);
    expect(compact.files_json.length).toBeLessThan(
      JSON.stringify({ files: a.files, skipped: a.skipped }).length,
    );
    await knex('astro_runtime_code_scan_files')
      .where({ ref_key: 'component:default/a' })
      .update({
        files_json: JSON.stringify({ files: a.files, skipped: a.skipped }),
      });
    expect(await store.get('component:default/a')).toEqual({
      ...a,
      treeEtag: 'commit-2',
    });

    // going down: compact rows are forgotten with their heads, plain ones kept
    await store.put('component:default/c', scan(2));
    await knex.migrate.down({
      ...MIGRATIONS,
      name: '20261203170000_code_scan_files_compact.js',
    });
    expect(await store.getHead('component:default/c')).toBeUndefined();
    expect(
      await knex('astro_runtime_code_scan_files')
        .select('ref_key')
        .orderBy('ref_key'),
    ).toEqual([{ ref_key: 'component:default/a' }]);

    await knex.migrate.down({
      ...MIGRATIONS,
      name: '20261202150000_code_scan_files.js',
    });
    const [row] = await knex('astro_runtime_code_scan').select(
      'ref_key',
      'tree_etag',
      'files_json',
    );
    expect(row.ref_key).toBe('component:default/a');
    expect(row.tree_etag).toBe('commit-2');
    expect(JSON.parse(row.files_json)).toEqual({
      files: a.files,
      skipped: a.skipped,
    });
    await knex.migrate.latest(MIGRATIONS);
    expect(await store.get('component:default/a')).toEqual({
      ...a,
      treeEtag: 'commit-2',
    });
  });
});

describe('MemoryCodeScanStore', () => {
  it('keeps heads like the database store', async () => {
    const store = new MemoryCodeScanStore();
    const a = { ...scan(1), treeEtag: 'commit-1' };
    await store.put('component:default/A', a);
    expect(await store.getHead('component:default/a')).toEqual({
      treeEtag: 'commit-1',
      engine: a.engine,
      fingerprint: codeScanFingerprint(a),
      scannedAt: a.scannedAt,
    });
    await store.setTreeEtag('component:default/a', 'commit-2');
    expect((await store.get('component:default/a'))?.treeEtag).toBe('commit-2');
    await store.delete('component:default/a');
    expect(await store.getHeads(['component:default/a'])).toEqual(new Map());
  });

  it('sums blocking findings, restricted to keys', async () => {
    const store = new MemoryCodeScanStore();
    await store.put('component:default/A', scan(2));
    await store.put('component:default/b', scan(0));
    expect(await store.blockingTotals()).toEqual({ findings: 2, projects: 1 });
    expect(await store.blockingTotals(['component:default/b'])).toEqual({
      findings: 0,
      projects: 0,
    });
  });
});
