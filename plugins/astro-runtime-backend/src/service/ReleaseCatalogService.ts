import fs from 'fs/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getBundledCatalog,
  parseReleaseFeed,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { ReleaseSource } from '@backstage-astro/plugin-astro-runtime-node';
import { UpstreamError, errorMessage } from '../errors';
import { fetchWithRetry } from './http';
import type { StatusStore } from './StatusStore';

/** The catalog in use and, when it is not the configured source, why. */
export interface ReleaseCatalogState {
  catalog: ReleaseCatalog;
  fallbackReason?: string;
}

export interface ReleaseCatalogService {
  /** The catalog to assess with (cached; cheap). */
  getCatalog(): Promise<ReleaseCatalogState>;
  /** Re-reads the configured source now (the scheduled task calls this). */
  refresh(signal?: AbortSignal): Promise<ReleaseCatalogState>;
  /** Whether a scheduled refresh makes sense (not for the bundled snapshot). */
  readonly refreshable: boolean;
}

export interface ReleaseCatalogServiceOptions {
  source: 'bundled' | 'url' | 'file';
  url: string;
  file?: string;
  /** How old a stored copy may be before it is re-read (ms). */
  refreshMs: number;
  timeoutMs: number;
  store: StatusStore;
  logger: LoggerService;
  /** From the release-source extension point; replaces url/file. */
  customSource?: ReleaseSource;
  /** How long a replica trusts its in-memory copy before re-checking the database (ms). */
  recheckMs?: number;
  maxRetries?: number;
  fetchImpl?: typeof fetch;
  now?: () => Date;
}

/** A max size for feeds (the parser enforces the same default). */
const MAX_FEED_BYTES = 5 * 1024 * 1024;

/**
 * Keeps the release catalog: the bundled snapshot by default; with `url` or
 * `file` (or an extension-point source) it reads, validates (via
 * `parseReleaseFeed`) and stores the last good copy in the database, falling
 * back to that copy, then to the bundled snapshot, with a `fallbackReason`.
 * Replicas share the stored copy, so only the scheduled task fetches.
 */
export class DefaultReleaseCatalogService implements ReleaseCatalogService {
  readonly #o: ReleaseCatalogServiceOptions;
  readonly #now: () => Date;
  #state?: ReleaseCatalogState;
  /** When the in-memory state was taken from the database or a read. */
  #checkedAt = 0;
  /** `fetched_at`/`last_attempt_at` of the stored row the state reflects. */
  #storedStamp?: string;
  #pending?: Promise<ReleaseCatalogState>;
  #bundled?: ReleaseCatalog;

  constructor(options: ReleaseCatalogServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  get refreshable() {
    return Boolean(this.#o.customSource) || this.#o.source !== 'bundled';
  }

  #describeSource() {
    if (this.#o.customSource) {
      return `release source ${this.#o.customSource.name}`;
    }
    return this.#o.source === 'file'
      ? `release file ${this.#o.file}`
      : `release feed ${this.#o.url}`;
  }

  #getBundled(): ReleaseCatalog {
    if (!this.#bundled) {
      this.#bundled = getBundledCatalog();
    }
    return this.#bundled;
  }

  async getCatalog(): Promise<ReleaseCatalogState> {
    if (!this.refreshable) {
      return { catalog: this.#getBundled() };
    }
    const recheck = this.#o.recheckMs ?? 60_000;
    if (this.#state && Date.now() - this.#checkedAt < recheck) {
      return this.#state;
    }
    if (!this.#pending) {
      this.#pending = this.#loadShared().finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  /** Takes the state from the database (another replica may have read the source); reads the source when there is nothing fresh. */
  async #loadShared(): Promise<ReleaseCatalogState> {
    let stored;
    try {
      stored = await this.#o.store.loadReleaseFeed();
    } catch (e) {
      this.#o.logger.warn(`Could not load the stored release catalog: ${errorMessage(e)}`);
    }
    const stamp = stored ? `${stored.fetchedAt}|${stored.lastAttemptAt}` : undefined;
    if (this.#state && stamp === this.#storedStamp) {
      this.#checkedAt = Date.now();
      return this.#state;
    }
    const now = this.#now().getTime();
    const lastAttempt = stored?.lastAttemptAt ? Date.parse(stored.lastAttemptAt) : NaN;
    if (stored && !Number.isNaN(lastAttempt) && now - lastAttempt < this.#o.refreshMs) {
      // recent attempt by some replica: use its outcome
      const failed =
        stored.lastError &&
        (!stored.fetchedAt || stored.fetchedAt < (stored.lastAttemptAt ?? ''));
      if (!failed && stored.catalog) {
        return this.#set({ catalog: stored.catalog }, stamp);
      }
      if (failed) {
        return this.#set(
          this.#fallback(stored.lastError ?? 'unknown error', stored),
          stamp,
        );
      }
    }
    return this.refresh();
  }

  #set(state: ReleaseCatalogState, stamp?: string) {
    this.#state = state;
    this.#storedStamp = stamp;
    this.#checkedAt = Date.now();
    return state;
  }

  #fallback(
    reason: string,
    stored: { catalog?: ReleaseCatalog; fetchedAt?: string } | undefined,
  ): ReleaseCatalogState {
    const what = this.#describeSource();
    if (stored?.catalog) {
      return {
        catalog: { ...stored.catalog, source: 'database' },
        fallbackReason: `${what} unavailable (${reason}); using the last good copy read at ${stored.fetchedAt}`,
      };
    }
    return {
      catalog: this.#getBundled(),
      fallbackReason: `${what} unavailable (${reason}); using the bundled snapshot`,
    };
  }

  async refresh(signal?: AbortSignal): Promise<ReleaseCatalogState> {
    if (!this.refreshable) {
      return this.#set({ catalog: this.#getBundled() });
    }
    const at = this.#now().toISOString();
    try {
      const catalog = await this.#read(at, signal);
      if (catalog.releases.length === 0) {
        throw new UpstreamError('the feed lists no Runtime releases');
      }
      await this.#o.store.saveReleaseFeed(catalog, at);
      this.#o.logger.info(
        `Release catalog read from ${this.#describeSource()}: ${catalog.releases.length} releases`,
      );
      const stored = await this.#o.store.loadReleaseFeed();
      return this.#set(
        { catalog },
        stored ? `${stored.fetchedAt}|${stored.lastAttemptAt}` : undefined,
      );
    } catch (e) {
      const reason = errorMessage(e);
      this.#o.logger.warn(`Release catalog: ${this.#describeSource()} failed: ${reason}`);
      let stored;
      try {
        await this.#o.store.saveReleaseFeedError(reason, at);
        stored = await this.#o.store.loadReleaseFeed();
      } catch (dbError) {
        this.#o.logger.warn(`Release catalog: database unavailable: ${errorMessage(dbError)}`);
      }
      return this.#set(
        this.#fallback(reason, stored),
        stored ? `${stored.fetchedAt}|${stored.lastAttemptAt}` : undefined,
      );
    }
  }

  async #read(at: string, signal?: AbortSignal): Promise<ReleaseCatalog> {
    if (this.#o.customSource) {
      return this.#o.customSource.readCatalog({ signal });
    }
    if (this.#o.source === 'file') {
      const file = this.#o.file!;
      const stat = await fs.stat(file);
      if (stat.size > MAX_FEED_BYTES) {
        throw new UpstreamError(`${file} is larger than ${MAX_FEED_BYTES} bytes`);
      }
      const text = await fs.readFile(file, 'utf8');
      return parseReleaseFeed(text, {
        source: 'file',
        location: file,
        asOf: stat.mtime.toISOString(),
        maxBytes: MAX_FEED_BYTES,
      });
    }
    const res = await fetchWithRetry(this.#o.url, {
      what: 'the release feed',
      upstream: `Release feed ${this.#o.url}`,
      codePrefix: 'feed',
      headers: { Accept: 'application/json' },
      timeoutMs: this.#o.timeoutMs,
      maxRetries: this.#o.maxRetries ?? 2,
      signal,
      fetchImpl: this.#o.fetchImpl,
    });
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_FEED_BYTES) {
      await res.text().catch(() => undefined);
      throw new UpstreamError(`the feed is larger than ${MAX_FEED_BYTES} bytes`);
    }
    const text = await res.text();
    return parseReleaseFeed(text, {
      source: 'url',
      location: this.#o.url,
      asOf: at,
      maxBytes: MAX_FEED_BYTES,
    });
  }
}
