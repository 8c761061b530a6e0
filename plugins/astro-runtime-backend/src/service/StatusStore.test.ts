import { PG_CONNECTION } from '../__testUtils__/databases';
import { DatabaseStatusStore } from './StatusStore';
import { createStore, storeDatabases } from './store/__testUtils__/stores';

jest.setTimeout(60_000);

describe.each(storeDatabases)('DatabaseStatusStore on %s', (_name, id) => {
  it('runs its migrations twice without harm and creates the tables', async () => {
    const { knex } = await createStore(id);
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
});

if (!PG_CONNECTION) {
  // eslint-disable-next-line jest/no-disabled-tests
  it.skip('DatabaseStatusStore on PostgreSQL (set ASTRO_RUNTIME_TEST_PG to run)', () => {});
}
