import { createStore, storeDatabases } from './__testUtils__/stores';

jest.setTimeout(60_000);

describe.each(storeDatabases)('RefreshRunStore on %s', (_name, id) => {
  it('stores refresh progress', async () => {
    const store = (await createStore(id)).context.refreshRuns;
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
