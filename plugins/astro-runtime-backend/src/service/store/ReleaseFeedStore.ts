import type { Knex } from 'knex';
import type { ReleaseCatalog } from '@backstage-astro/plugin-astro-runtime-common';
import type { StoredReleaseFeed } from './types';
import { FEED, opt, parseJson } from './util';

/** The last good release catalog and the latest fetch attempt. */
export interface ReleaseFeedStore {
  saveReleaseFeed(catalog: ReleaseCatalog, at: string): Promise<void>;
  saveReleaseFeedError(message: string, at: string): Promise<void>;
  loadReleaseFeed(): Promise<StoredReleaseFeed | undefined>;
}

/** Knex implementation over the release feed table (one row). */
export class DatabaseReleaseFeedStore implements ReleaseFeedStore {
  constructor(private readonly db: Knex) {}

  async saveReleaseFeed(catalog: ReleaseCatalog, at: string): Promise<void> {
    await this.db(FEED)
      .insert({
        id: 'current',
        source: catalog.source,
        location: catalog.location ?? null,
        as_of: catalog.asOf,
        catalog_json: JSON.stringify(catalog),
        fetched_at: at,
        last_attempt_at: at,
        last_error: null,
      })
      .onConflict('id')
      .merge();
  }

  async saveReleaseFeedError(message: string, at: string): Promise<void> {
    await this.db(FEED)
      .insert({ id: 'current', last_attempt_at: at, last_error: message })
      .onConflict('id')
      .merge(['last_attempt_at', 'last_error']);
  }

  async loadReleaseFeed(): Promise<StoredReleaseFeed | undefined> {
    const row = await this.db(FEED).where('id', 'current').first();
    if (!row) {
      return undefined;
    }
    return {
      catalog: parseJson<ReleaseCatalog>(row.catalog_json),
      fetchedAt: opt(row.fetched_at),
      lastAttemptAt: opt(row.last_attempt_at),
      lastError: opt(row.last_error),
    };
  }
}
