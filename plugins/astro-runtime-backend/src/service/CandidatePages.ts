import type { Entity } from '@backstage/catalog-model';
import type { PrefetchedDeployments } from './DeploymentResolver';
import type { ProjectLocation } from './ProjectLocator';
import type { StoredInputState } from './StatusStore';

/** One page of the catalog listing. */
export interface ListedPage {
  items: Entity[];
  nextCursor?: string;
}

/** A candidate entity with what the refresh loaded for its page. */
export interface Candidate {
  entity: Entity;
  location: ProjectLocation;
  prev?: StoredInputState;
  prefetched: PrefetchedDeployments;
}

/** A page's candidates, ready to assess. */
export interface PreparedPage {
  candidates: Candidate[];
  /** Components on the page (candidates or not). */
  listed: number;
}

interface Upcoming {
  page: PreparedPage;
  nextCursor?: string;
}

/**
 * The catalog's candidates, one page at a time: while the entities of a page
 * are assessed, the next page is listed and prepared (stored input states of
 * its keys, its Deployments), so the pool of workers never waits at a page
 * boundary and at most two pages are held in memory.
 *
 * A listing or preparation failure is thrown by `next()` to every caller
 * (the listing is then incomplete).
 */
export class CandidatePages {
  readonly #list: (cursor?: string) => Promise<ListedPage>;
  readonly #prepare: (entities: Entity[]) => Promise<PreparedPage>;
  readonly #onPage: (page: PreparedPage) => void;
  #current: Candidate[] = [];
  #index = 0;
  #upcoming?: Promise<Upcoming | undefined>;
  #advancing?: Promise<void>;
  #done = false;
  /** The refs of every candidate listed so far (for mark and sweep). */
  readonly refs: string[] = [];
  /** Components listed so far. */
  listed = 0;

  constructor(options: {
    list: (cursor?: string) => Promise<ListedPage>;
    prepare: (entities: Entity[]) => Promise<PreparedPage>;
    /** Called once per prepared page (e.g. to grow the progress total). */
    onPage?: (page: PreparedPage) => void;
  }) {
    this.#list = options.list;
    this.#prepare = options.prepare;
    this.#onPage = options.onPage ?? (() => {});
  }

  /** The next candidate, or undefined when the listing is complete. */
  async next(): Promise<Candidate | undefined> {
    for (;;) {
      if (this.#index < this.#current.length) {
        const candidate = this.#current[this.#index];
        // the page array is dropped once taken, so it can be collected
        this.#current[this.#index++] = undefined as unknown as Candidate;
        return candidate;
      }
      if (this.#done) {
        return undefined;
      }
      this.#advancing ??= this.#advance().finally(() => {
        this.#advancing = undefined;
      });
      await this.#advancing;
    }
  }

  async #advance(): Promise<void> {
    this.#upcoming ??= this.#fetch(undefined);
    const upcoming = await this.#upcoming;
    if (!upcoming) {
      this.#done = true;
      return;
    }
    this.#current = upcoming.page.candidates;
    this.#index = 0;
    this.#upcoming = upcoming.nextCursor
      ? this.#fetch(upcoming.nextCursor)
      : Promise.resolve(undefined);
  }

  #fetch(cursor: string | undefined): Promise<Upcoming | undefined> {
    const promise = (async () => {
      const listed = await this.#list(cursor);
      const page = await this.#prepare(listed.items);
      this.listed += page.listed;
      for (const c of page.candidates) {
        this.refs.push(c.location.entityRef);
      }
      this.#onPage(page);
      return { page, nextCursor: listed.nextCursor };
    })();
    // awaited by `#advance` later; no unhandled rejection meanwhile
    promise.catch(() => {});
    return promise;
  }
}
