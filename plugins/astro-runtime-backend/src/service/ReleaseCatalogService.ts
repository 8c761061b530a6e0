import fs from 'fs/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getBundledCatalog,
  implausibleFeedReason,
  indexCatalog,
  MAX_FEED_BYTES,
  parseReleaseFeed,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { ReleaseSource } from '@backstage-astro/plugin-astro-runtime-node';
import { UpstreamError, errorMessage } from '../errors';
import {
  displayUrl,
  fetchWithRetry,
  readBodyText,
  readCappedFile,
  redact,
  urlCredentials,
} from './http';
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
  /** Secret request headers for the feed (never logged or served). */
  headers?: Record<string, string>;
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

/** A catalog location as it may be shown: URLs without userinfo or query. */
function safeCatalog(catalog: ReleaseCatalog): ReleaseCatalog {
  if (!catalog.location || !/^[a-z][a-z0-9+.-]*:\/\//i.test(catalog.location)) {
    return catalog;
  }
  const location = displayUrl(catalog.location);
  return location === catalog.location ? catalog : { ...catalog, location };
}

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
      : `release feed ${displayUrl(this.#o.url)}`;
  }

  /** Values that must never appear in a message: header values, URL credentials. */
  #secrets(): string[] {
    return [
      ...Object.values(this.#o.headers ?? {}),
      ...(this.#o.source === 'url' ? urlCredentials(this.#o.url).secrets : []),
    ];
  }

  #getBundled(): ReleaseCatalog {
    if (!this.#bundled) {
      // frozen with its release index, like every other catalog it serves
      this.#bundled = indexCatalog(getBundledCatalog());
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
      this.#o.logger.warn(
        `Could not load the stored release catalog: ${errorMessage(e)}`,
      );
    }
    const stamp = stored
      ? `${stored.fetchedAt}|${stored.lastAttemptAt}`
      : undefined;
    if (this.#state && stamp === this.#storedStamp) {
      this.#checkedAt = Date.now();
      return this.#state;
    }
    const now = this.#now().getTime();
    const lastAttempt = stored?.lastAttemptAt
      ? Date.parse(stored.lastAttemptAt)
      : NaN;
    if (
      stored &&
      !Number.isNaN(lastAttempt) &&
      now - lastAttempt < this.#o.refreshMs
    ) {
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
    // frozen with its release index, built once for every assessment
    state.catalog = indexCatalog(safeCatalog(state.catalog));
    this.#state = state;
    this.#storedStamp = stamp;
    this.#checkedAt = Date.now();
    return state;
  }

  #fallback(
    rawReason: string,
    stored: { catalog?: ReleaseCatalog; fetchedAt?: string } | undefined,
  ): ReleaseCatalogState {
    const what = this.#describeSource();
    const reason = redact(rawReason, this.#secrets());
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
      const catalog = safeCatalog(await this.#read(at, signal));
      let lastGood: ReleaseCatalog | undefined;
      try {
        lastGood = (await this.#o.store.loadReleaseFeed())?.catalog;
      } catch {
        // compared with the bundled snapshot only
      }
      const implausible = implausibleFeedReason(catalog, {
        bundled: this.#getBundled(),
        lastGood,
      });
      if (implausible) {
        throw new UpstreamError(`implausible release catalog: ${implausible}`, {
          code: 'feed-implausible',
        });
      }
      await this.#o.store.saveReleaseFeed(catalog, at);
      this.#o.logger.info(
        `Release catalog read from ${this.#describeSource()}: ${
          catalog.releases.length
        } releases`,
      );
      const stored = await this.#o.store.loadReleaseFeed();
      return this.#set(
        { catalog },
        stored ? `${stored.fetchedAt}|${stored.lastAttemptAt}` : undefined,
      );
    } catch (e) {
      const reason = redact(errorMessage(e), this.#secrets());
      this.#o.logger.warn(
        `Release catalog: ${this.#describeSource()} failed: ${reason}`,
      );
      let stored;
      try {
        await this.#o.store.saveReleaseFeedError(reason, at);
        stored = await this.#o.store.loadReleaseFeed();
      } catch (dbError) {
        this.#o.logger.warn(
          `Release catalog: database unavailable: ${errorMessage(dbError)}`,
        );
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
      const text = await readCappedFile(file, {
        maxBytes: MAX_FEED_BYTES,
        what: file,
        tooLargeCode: 'feed-too-large',
      });
      return parseReleaseFeed(text, {
        source: 'file',
        location: file,
        asOf: stat.mtime.toISOString(),
        maxBytes: MAX_FEED_BYTES,
      });
    }
    const target = urlCredentials(this.#o.url);
    const shown = displayUrl(this.#o.url);
    const res = await fetchWithRetry(target.url, {
      what: 'the release feed',
      upstream: `Release feed ${shown}`,
      codePrefix: 'feed',
      headers: {
        Accept: 'application/json',
        ...target.headers,
        ...this.#o.headers,
      },
      secrets: this.#secrets(),
      timeoutMs: this.#o.timeoutMs,
      maxRetries: this.#o.maxRetries ?? 2,
      signal,
      fetchImpl: this.#o.fetchImpl,
    });
    const text = await readBodyText(res, {
      upstream: `Release feed ${shown}`,
      what: 'the release feed',
      codePrefix: 'feed',
      maxBytes: MAX_FEED_BYTES,
    });
    return parseReleaseFeed(text, {
      source: 'url',
      location: shown,
      asOf: at,
      maxBytes: MAX_FEED_BYTES,
    });
  }
}
