import {
  assessment,
  createStore,
  storeDatabases,
} from './__testUtils__/stores';
import { STATUS } from './util';

jest.setTimeout(60_000);

describe.each(storeDatabases)('StatusQueryStore on %s', (_name, id) => {
  it('stores, reads and lists records; the status JSON comes back verbatim', async () => {
    const { store } = await createStore(id);
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

  it('reads a record anew after each write (one statement, reused), none for an unknown key', async () => {
    const { store } = await createStore(id);
    const ref = 'component:default/orders';
    expect(await store.getRecord(ref)).toBeUndefined();
    await store.write([assessment(ref)]);
    expect((await store.getRecord(ref))?.checkedAt).toBe(
      '2025-06-01T10:00:00.000Z',
    );
    await store.write([
      {
        kind: 'unchanged',
        entityRef: ref,
        checkedAt: '2025-06-02T10:00:00.000Z',
      },
      assessment('component:default/other'),
    ]);
    const again = await store.getRecord(ref);
    expect(again).toMatchObject({ checkedAt: '2025-06-02T10:00:00.000Z' });
    expect((await store.getRecord('component:default/other'))?.entityRef).toBe(
      'component:default/other',
    );
    expect(await store.getRecord('component:default/nobody')).toBeUndefined();
  });

  it('reads the status JSON back byte for byte, non-ASCII text included (SQLite: as UTF-8 bytes, decoded on use)', async () => {
    const { store } = await createStore(id);
    const ref = 'component:default/orders';
    const statusJson = JSON.stringify({
      state: 'major-behind',
      note: 'Airflow 2 → 3: DAGs über Grenzen 😀',
    });
    await store.write([assessment(ref, { statusJson })]);
    const rec = (await store.getRecord(ref))!;
    expect(rec.statusJson).toBe(statusJson);
    // SQLite reads the bytes; PostgreSQL's driver gives a string
    const expectedBytes =
      id === 'SQLITE_3' ? Buffer.from(statusJson, 'utf8') : undefined;
    expect(rec.statusJsonBytes).toEqual(expectedBytes);
    // a record without a status has neither
    await store.write([
      assessment('component:default/web', {
        isAstro: false,
        statusJson: undefined,
        state: undefined,
      }),
    ]);
    const none = (await store.getRecord('component:default/web'))!;
    expect(none.statusJson).toBeUndefined();
    expect(none.statusJsonBytes).toBeUndefined();
  });

  it('never reads a row a transaction has not committed (the read waits for it), and reads again without the pool after', async () => {
    const { store, knex } = await createStore(id);
    const ref = 'component:default/orders';
    await store.write([assessment(ref, { title: 'Committed' })]);
    // a read with nothing in flight (SQLite: on the idle connection)
    expect((await store.getRecord(ref))?.title).toBe('Committed');
    const trx = await knex.transaction();
    await trx(STATUS).where({ ref_key: ref }).update({ title: 'Rolled back' });
    const during = store.getRecord(ref);
    await new Promise(r => setTimeout(r, 20));
    await trx.rollback();
    expect((await during)?.title).toBe('Committed');
    await store.write([assessment(ref, { title: 'Second' })]);
    expect((await store.getRecord(ref))?.title).toBe('Second');
  });

  it('filters on the stored "must move to Airflow 3" flag, with keyset pages', async () => {
    const { store } = await createStore(id);
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

  it('searches with LIKE metacharacters taken literally', async () => {
    const { store } = await createStore(id);
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
});
