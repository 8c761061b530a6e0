import { TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';

/** PostgreSQL connection string for the store tests, when set. */
export const PG_CONNECTION = process.env.ASTRO_RUNTIME_TEST_PG;

/**
 * SQLite always; PostgreSQL when ASTRO_RUNTIME_TEST_PG is set (each test gets
 * a fresh, randomly named database on that server, dropped afterwards).
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (PG_CONNECTION) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING =
      PG_CONNECTION;
    ids.push('POSTGRES_16');
  } else {
    // eslint-disable-next-line no-console
    console.log(
      'astro-runtime-backend: ASTRO_RUNTIME_TEST_PG is not set, skipping the PostgreSQL store tests (SQLite only). Set it to a connection string, e.g. postgresql://postgres@127.0.0.1:5432/test',
    );
  }
  return { databases: TestDatabases.create({ ids, disableDocker: true }), ids };
}
