import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { CodeScanStore, DatabaseCodeScanStore } from './CodeScanStore';
import { DatabaseHistoryStore, HistoryStore } from './HistoryStore';
import { DatabaseInputStateStore, InputStateStore } from './InputStateStore';
import { DatabaseRefreshRunStore, RefreshRunStore } from './RefreshRunStore';
import { DatabaseReleaseFeedStore, ReleaseFeedStore } from './ReleaseFeedStore';
import { DatabaseStatusQueryStore, StatusQueryStore } from './StatusQueryStore';
import { DatabaseStatusWriteStore, StatusWriteStore } from './StatusWriteStore';
import { MIGRATIONS_TABLE } from './util';

/** The plugin's database and the small stores over its tables. */
export interface PersistenceContext {
  knex: Knex;
  statuses: StatusQueryStore;
  statusWrites: StatusWriteStore;
  inputStates: InputStateStore;
  history: HistoryStore;
  releaseFeed: ReleaseFeedStore;
  refreshRuns: RefreshRunStore;
  codeScans: CodeScanStore;
}

/**
 * Runs the plugin's migrations (SQLite, PostgreSQL). Replicas starting
 * together may race; see the comments below.
 */
export async function migrate(knex: Knex): Promise<void> {
  const directory = resolvePackagePath(
    '@backstage-astro/plugin-astro-runtime-backend',
    'migrations',
  );
  // Replicas starting together on an empty database race to create the
  // migrations table itself (knex's lock only exists after it); the loser
  // retries and then finds the work done or waits on the lock.
  // A replica that finds the lock taken waits for the other one's
  // migrations to finish (up to a minute), then finds nothing left to do.
  const lockedUntil = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE });
      return;
    } catch (e) {
      const locked = (e as Error)?.name === 'MigrationLocked';
      if (locked ? Date.now() > lockedUntil : attempt >= 5) {
        throw e;
      }
      await new Promise(r =>
        setTimeout(r, 200 * attempt + Math.random() * 300),
      );
    }
  }
}

/** The stores over an open knex (migrated by the caller). */
export function persistenceContextFor(knex: Knex): PersistenceContext {
  return {
    knex,
    statuses: new DatabaseStatusQueryStore(knex),
    statusWrites: new DatabaseStatusWriteStore(knex),
    inputStates: new DatabaseInputStateStore(knex),
    history: new DatabaseHistoryStore(knex),
    releaseFeed: new DatabaseReleaseFeedStore(knex),
    refreshRuns: new DatabaseRefreshRunStore(knex),
    codeScans: new DatabaseCodeScanStore(knex),
  };
}

/** Opens the plugin's database, migrates it (unless told not to) and hands out the stores. */
export async function createPersistenceContext(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<PersistenceContext> {
  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip && !options.skipMigrations) {
    await migrate(knex);
  }
  return persistenceContextFor(knex);
}
