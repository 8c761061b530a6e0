import {
  assessment,
  createStore,
  storeDatabases,
} from './__testUtils__/stores';

jest.setTimeout(60_000);

describe.each(storeDatabases)('InputStateStore on %s', (_name, id) => {
  it('loads the input states of the given entities only, by ref key', async () => {
    const { store, context } = await createStore(id);
    await store.write([
      assessment('component:default/a'),
      assessment('component:default/b', { inputHash: 'h2' }),
      assessment('component:default/c'),
    ]);
    const some = await context.inputStates.getInputStates([
      'Component:default/B',
      'component:default/c',
      'component:default/unknown',
    ]);
    expect([...some.keys()].sort()).toEqual([
      'component:default/b',
      'component:default/c',
    ]);
    expect(some.get('component:default/b')).toMatchObject({
      isAstro: true,
      hasStatus: true,
      inputHash: 'h2',
      inputs: { dockerfile: { etag: '"e1"', text: 'FROM x' } },
    });
    expect((await context.inputStates.getInputStates([])).size).toBe(0);
    expect((await context.inputStates.getInputStates()).size).toBe(3);
    expect(
      await context.inputStates.getInputState('component:default/A'),
    ).toMatchObject({ inputHash: 'h1', hasStatus: true });
    expect(
      await context.inputStates.getInputState('component:default/none'),
    ).toBeUndefined();
  });
});
