import type { Knex } from 'knex';
import type { RefreshProgress } from '@backstage-astro/plugin-astro-runtime-common';
import { EVENT_CLAIMS, parseJson, REFRESH } from './util';

/** Refresh progress and event claims, shared by the replicas. */
export interface RefreshRunStore {
  saveProgress(progress: RefreshProgress, at: string): Promise<void>;
  loadProgress(): Promise<RefreshProgress | undefined>;
  /**
   * Claims an event for this replica: true for the first claim of `key`,
   * false when any replica claimed it already. Claims older than
   * `pruneBeforeIso` are deleted.
   */
  claimEvent(key: string, at: string, pruneBeforeIso: string): Promise<boolean>;
}

/** Knex implementation over the refresh and event claim tables. */
export class DatabaseRefreshRunStore implements RefreshRunStore {
  constructor(private readonly db: Knex) {}

  async saveProgress(progress: RefreshProgress, at: string): Promise<void> {
    await this.db(REFRESH)
      .insert({
        id: 'current',
        progress_json: JSON.stringify(progress),
        updated_at: at,
      })
      .onConflict('id')
      .merge();
  }

  async loadProgress(): Promise<RefreshProgress | undefined> {
    const row = await this.db(REFRESH).where('id', 'current').first();
    return row ? parseJson<RefreshProgress>(row.progress_json) : undefined;
  }

  async claimEvent(
    key: string,
    at: string,
    pruneBeforeIso: string,
  ): Promise<boolean> {
    await this.db(EVENT_CLAIMS)
      .where('claimed_at', '<', pruneBeforeIso)
      .delete();
    const inserted = await this.db(EVENT_CLAIMS)
      .insert({ event_key: key, claimed_at: at })
      .onConflict('event_key')
      .ignore()
      .returning('event_key');
    // PostgreSQL and SQLite both return the inserted rows (none on conflict)
    return Array.isArray(inserted) && inserted.length === 1;
  }
}
