import {
  assessment,
  createStore,
  storeDatabases,
} from './__testUtils__/stores';

jest.setTimeout(60_000);

describe.each(storeDatabases)('StatusWriteStore on %s', (_name, id) => {
  it('keeps the last good status when a refresh fails, and clears the error on success', async () => {
    const { store } = await createStore(id);
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

  it('forgets a mark when the entity is listed again', async () => {
    const { store } = await createStore(id);
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

  it('writes thousands of rows in batches', async () => {
    const { store } = await createStore(id);
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

  it('sets each unchanged entity its own check time, in one batch with failures and assessments', async () => {
    const { store, context } = await createStore(id);
    await store.write([
      assessment('component:default/a'),
      assessment('component:default/b'),
      assessment('component:default/c'),
    ]);
    await context.statusWrites.write([
      {
        kind: 'unchanged',
        entityRef: 'component:default/a',
        checkedAt: '2025-06-02T00:00:00.001Z',
      },
      {
        kind: 'unchanged',
        entityRef: 'Component:default/B',
        checkedAt: '2025-06-02T00:00:00.002Z',
      },
      {
        kind: 'failure',
        entityRef: 'component:default/c',
        isAstro: true,
        error: { message: 'first', at: '2025-06-02T00:00:00.003Z' },
        checkedAt: '2025-06-02T00:00:00.003Z',
      },
      // the same entity twice in a batch: the last write of a kind counts
      {
        kind: 'failure',
        entityRef: 'component:default/c',
        isAstro: true,
        title: 'C again',
        error: { message: 'second', at: '2025-06-02T00:00:00.004Z' },
        checkedAt: '2025-06-02T00:00:00.004Z',
      },
      {
        kind: 'failure',
        entityRef: 'component:default/d',
        isAstro: false,
        error: { message: 'no source', at: '2025-06-02T00:00:00.005Z' },
        checkedAt: '2025-06-02T00:00:00.005Z',
      },
    ]);
    const records = await context.statuses.getRecords([
      'component:default/a',
      'component:default/b',
      'component:default/c',
      'component:default/d',
    ]);
    expect(records.map(r => [r.checkedAt, r.stale, r.error?.message])).toEqual([
      ['2025-06-02T00:00:00.001Z', false, undefined],
      ['2025-06-02T00:00:00.002Z', false, undefined],
      ['2025-06-02T00:00:00.004Z', true, 'second'],
      ['2025-06-02T00:00:00.005Z', false, 'no source'],
    ]);
    expect(records[2]).toMatchObject({
      title: 'C again',
      repoVersion: '12.4.0',
    });
    expect(records[3]).toMatchObject({ isAstro: false, statusJson: undefined });
  });
});
