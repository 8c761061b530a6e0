import { createTestDatabases } from '../../../__testUtils__/databases';
import { DatabaseStatusStore } from '../../StatusStore';
import type { AssessmentWrite } from '../types';

const { databases, ids } = createTestDatabases();

/** Each test database (SQLite; PostgreSQL when ASTRO_RUNTIME_TEST_PG is set), named. */
export const storeDatabases = ids.map(
  id =>
    [
      id === 'SQLITE_3' ? 'SQLite' : 'PostgreSQL (ASTRO_RUNTIME_TEST_PG)',
      id,
    ] as const,
);

/** A migrated store on a fresh database, with its persistence context. */
export async function createStore(id: (typeof ids)[number]) {
  const knex = await databases.init(id);
  await DatabaseStatusStore.migrate(knex);
  const store = new DatabaseStatusStore(knex);
  return { store, context: store.context, knex };
}

export function assessment(
  entityRef: string,
  overrides: Partial<AssessmentWrite> = {},
): AssessmentWrite {
  return {
    kind: 'assessment',
    entityRef,
    title: `Title of ${entityRef}`,
    owner: 'group:default/team-a',
    isAstro: true,
    statusJson: JSON.stringify({
      state: 'up-to-date',
      runtime: { version: '12.4.0' },
    }),
    state: 'up-to-date',
    line: 'airflow2',
    severity: 'ok',
    repoVersion: '12.4.0',
    deploymentVersions: { 'dep-1': '12.4.0' },
    assessedAt: '2025-06-01T10:00:00.000Z',
    checkedAt: '2025-06-01T10:00:00.000Z',
    inputs: { dockerfile: { state: 'read', etag: '"e1"', text: 'FROM x' } },
    inputHash: 'h1',
    history: { reason: 'initial' },
    ...overrides,
  };
}
