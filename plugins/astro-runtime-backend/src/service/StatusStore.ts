import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  RefreshProgress,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { HistoryStore } from './store/HistoryStore';
import type { InputStateStore } from './store/InputStateStore';
import {
  createPersistenceContext,
  migrate,
  PersistenceContext,
  persistenceContextFor,
} from './store/PersistenceContext';
import type { RefreshRunStore } from './store/RefreshRunStore';
import type { ReleaseFeedStore } from './store/ReleaseFeedStore';
import type { StatusQueryStore } from './store/StatusQueryStore';
import type { StatusWriteStore } from './store/StatusWriteStore';
import type {
  AdoptionChange,
  GroupCount,
  HistoryRow,
  RepoMatch,
  StatusFilter,
  StatusWrite,
  StoredInputState,
  StoredRecord,
  StoredReleaseFeed,
} from './store/types';

export * from './store/types';
export { refKey } from './store/util';
export { adoptionFromHistory } from './store/HistoryStore';
export type { PersistenceContext } from './store/PersistenceContext';

/**
 * Persistence of statuses, history, the release feed and refresh progress:
 * the small stores of a `PersistenceContext` behind one interface.
 */
export interface StatusStore
  extends StatusQueryStore,
    StatusWriteStore,
    InputStateStore,
    HistoryStore,
    ReleaseFeedStore,
    RefreshRunStore {}

/** Knex implementation on the plugin's database (SQLite, PostgreSQL; both tested). */
export class DatabaseStatusStore implements StatusStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStatusStore> {
    return new DatabaseStatusStore(await createPersistenceContext(options));
  }

  static migrate(knex: Knex): Promise<void> {
    return migrate(knex);
  }

  readonly context: PersistenceContext;

  constructor(db: Knex | PersistenceContext) {
    this.context = 'statuses' in db ? db : persistenceContextFor(db);
  }

  getRecord(entityRef: string): Promise<StoredRecord | undefined> {
    return this.context.statuses.getRecord(entityRef);
  }
  getRecords(refKeys: string[]): Promise<StoredRecord[]> {
    return this.context.statuses.getRecords(refKeys);
  }
  listKeys(filter: StatusFilter) {
    return this.context.statuses.listKeys(filter);
  }
  listAllKeys(afterKey: string | undefined, limit: number) {
    return this.context.statuses.listAllKeys(afterKey, limit);
  }
  countRows(): Promise<number> {
    return this.context.statuses.countRows();
  }
  countByGroup(
    filter: StatusFilter,
    onlyKeys?: string[],
  ): Promise<GroupCount[]> {
    return this.context.statuses.countByGroup(filter, onlyKeys);
  }
  findByRepoUrl(repoUrl: string): Promise<RepoMatch[]> {
    return this.context.statuses.findByRepoUrl(repoUrl);
  }

  getInputStates(
    entityRefs?: string[],
  ): Promise<Map<string, StoredInputState>> {
    return this.context.inputStates.getInputStates(entityRefs);
  }
  getInputState(entityRef: string): Promise<StoredInputState | undefined> {
    return this.context.inputStates.getInputState(entityRef);
  }

  write(writes: StatusWrite[]): Promise<void> {
    return this.context.statusWrites.write(writes);
  }
  sweepMissing(presentRefs: string[], at: string) {
    return this.context.statusWrites.sweepMissing(presentRefs, at);
  }

  adoptionChanges(
    startDay: string,
    untilIso: string,
    onlyKeys?: string[],
  ): Promise<AdoptionChange[]> {
    return this.context.history.adoptionChanges(startDay, untilIso, onlyKeys);
  }
  pruneHistory(beforeIso: string): Promise<number> {
    return this.context.history.pruneHistory(beforeIso);
  }
  history(untilIso: string): Promise<HistoryRow[]> {
    return this.context.history.history(untilIso);
  }

  saveReleaseFeed(catalog: ReleaseCatalog, at: string): Promise<void> {
    return this.context.releaseFeed.saveReleaseFeed(catalog, at);
  }
  saveReleaseFeedError(message: string, at: string): Promise<void> {
    return this.context.releaseFeed.saveReleaseFeedError(message, at);
  }
  loadReleaseFeed(): Promise<StoredReleaseFeed | undefined> {
    return this.context.releaseFeed.loadReleaseFeed();
  }

  saveProgress(progress: RefreshProgress, at: string): Promise<void> {
    return this.context.refreshRuns.saveProgress(progress, at);
  }
  loadProgress(): Promise<RefreshProgress | undefined> {
    return this.context.refreshRuns.loadProgress();
  }
  claimEvent(key: string, at: string, pruneBeforeIso: string) {
    return this.context.refreshRuns.claimEvent(key, at, pruneBeforeIso);
  }
}
