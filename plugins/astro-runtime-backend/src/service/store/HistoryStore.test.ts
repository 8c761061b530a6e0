import {
  assessment,
  createStore,
  storeDatabases,
} from './__testUtils__/stores';
import { adoptionFromHistory } from './HistoryStore';

jest.setTimeout(60_000);

describe.each(storeDatabases)('HistoryStore on %s', (_name, id) => {
  it('records history and adoption, and removes entities gone from the catalog', async () => {
    const { store } = await createStore(id);
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

  it("prunes history before a cutoff, keeping each entity's newest older row", async () => {
    const { store } = await createStore(id);
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
});
