import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { refKey, StatusStore } from './StatusStore';

/** Refs per `getEntitiesByRefs` call. */
export const CATALOG_BATCH = 1000;
/** Keys per `IN (...)` list of a restricted aggregate. */
const KEYS_PER_QUERY = 5000;
/** Catalog calls in flight while a visible set is built. */
const BUILD_PARALLEL = 4;

/**
 * What one caller may see of the stored rows, as of `builtAt`: `visible`
 * and `hidden` partition the keys of the `rows` rows stored then.
 */
export interface VisibleSet {
  visible: Set<string>;
  hidden: string[];
  rows: number;
  builtAt: number;
}

/** A stable name for the caller, as the cache key. */
export function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p?.type === 'user') {
    return `user:${p.userEntityRef ?? ''}`;
  }
  if (p?.type === 'service') {
    return `service:${p.subject ?? ''}`;
  }
  return p?.type ?? 'none';
}

/** Entries of a map kept by insertion order: the oldest leaves first. */
class TtlMap<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) {
      return undefined;
    }
    if (e.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, ttlMs: number) {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string) {
    this.#entries.delete(key);
  }

  get size() {
    return this.#entries.size;
  }
}

/**
 * Short-lived, per-caller answers of the catalog (which always decides with
 * the caller's credentials): single entities for the status route, and the
 * set of stored rows the caller may see for counts and summaries. A TTL of
 * 0 turns caching off.
 */
export class VisibilityCache {
  readonly #ttlMs: number;
  readonly #setTtlMs: number;
  readonly #staleMs: number;
  readonly #now: () => number;
  readonly #entities: TtlMap<Entity | null>;
  readonly #sets: TtlMap<VisibleSet>;
  readonly #building = new Map<string, Promise<VisibleSet>>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      store: StatusStore;
      /**
       * When given, a caller whose catalog read permission is an
       * unconditional ALLOW (the catalog then filters nothing for them) sees
       * every stored row without a catalog round over all of them.
       */
      permissions?: PermissionsService;
      /** Where a failed permission check is reported. */
      logger?: LoggerService;
      ttlMs: number;
      /**
       * How long a caller's visible set (for counts only: a page's entities
       * are always checked) is answered without asking anew (default 30 s;
       * nothing is cached when `ttlMs` is 0).
       */
      setTtlMs?: number;
      /**
       * How long after its TTL a caller's visible set is still served, while
       * a new one is built in the background (default 60 s; 0: never). Only
       * while the number of stored rows is unchanged.
       */
      staleMs?: number;
      /** Cached single-entity answers, all callers together (default 5,000). */
      maxEntities?: number;
      /** Cached visible sets, one per caller (default 50). */
      maxSets?: number;
      now?: () => number;
    },
  ) {
    this.#ttlMs = options.ttlMs;
    this.#setTtlMs = options.ttlMs > 0 ? options.setTtlMs ?? 30_000 : 0;
    this.#staleMs = options.staleMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#entities = new TtlMap(options.maxEntities ?? 5000, this.#now);
    this.#sets = new TtlMap(options.maxSets ?? 50, this.#now);
  }

  /** The entity as the caller sees it (undefined: missing or hidden). */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const key = `${principalKey(credentials)}\n${refKey(entityRef)}`;
    const cached = this.#ttlMs > 0 ? this.#entities.get(key) : undefined;
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (this.#ttlMs > 0) {
      this.#entities.set(key, entity ?? null, this.#ttlMs);
    }
    return entity;
  }

  /** The keys among `entityRefs` the caller may see: one catalog call per 1,000 refs. */
  async filterVisible(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const visible = new Set<string>();
    const unique = [...new Set(entityRefs)];
    const parts: string[][] = [];
    for (let i = 0; i < unique.length; i += CATALOG_BATCH) {
      parts.push(unique.slice(i, i + CATALOG_BATCH));
    }
    let next = 0;
    const run = async () => {
      while (next < parts.length) {
        const part = parts[next++];
        const res = await this.options.catalog.getEntitiesByRefs(
          {
            entityRefs: part,
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        );
        res.items.forEach((item, j) => {
          if (item) {
            visible.add(refKey(part[j]));
          }
        });
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(BUILD_PARALLEL, parts.length) }, run),
    );
    return visible;
  }

  /**
   * Which stored rows the caller may see. Cached for `setTtlMs`; rebuilt sooner
   * when the number of stored rows changed (a new entity is never counted
   * for a caller before the catalog said they may see it). For `staleMs`
   * after the TTL the cached set is still answered (same rows) while the
   * next one is built in the background: a caller coming back pays no
   * catalog round over every row.
   */
  async visibleSet(credentials: BackstageCredentials): Promise<VisibleSet> {
    const key = principalKey(credentials);
    const cached = this.#setTtlMs > 0 ? this.#sets.get(key) : undefined;
    if (cached && cached.rows === (await this.options.store.countRows())) {
      if (this.#now() - cached.builtAt >= this.#setTtlMs) {
        // errors show on the next caller that waits for a build
        this.#rebuild(key, credentials).catch(() => undefined);
      }
      return cached;
    }
    return this.#rebuild(key, credentials);
  }

  /** Builds the caller's set (one build per caller at a time) and caches it. */
  #rebuild(key: string, credentials: BackstageCredentials) {
    let pending = this.#building.get(key);
    if (!pending) {
      pending = this.#build(credentials)
        .then(set => {
          if (this.#setTtlMs > 0) {
            this.#sets.set(key, set, this.#setTtlMs + this.#staleMs);
          }
          return set;
        })
        .finally(() => this.#building.delete(key));
      this.#building.set(key, pending);
    }
    return pending;
  }

  /**
   * Whether the permission policy lets the caller read every catalog entity.
   * Any other answer, or no answer (the permission service failed), means
   * asking the catalog: the shortcut never widens what a caller sees.
   */
  async #readsWholeCatalog(credentials: BackstageCredentials) {
    if (!this.options.permissions) {
      return false;
    }
    try {
      const [decision] = await this.options.permissions.authorizeConditional(
        [{ permission: catalogEntityReadPermission }],
        { credentials },
      );
      return decision?.result === AuthorizeResult.ALLOW;
    } catch (e) {
      this.options.logger?.warn(
        `Astro Runtime: the catalog read permission could not be checked, asking the catalog instead: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return false;
    }
  }

  async #build(credentials: BackstageCredentials): Promise<VisibleSet> {
    const builtAt = this.#now();
    const refs: Array<{ refKey: string; entityRef: string }> = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.options.store.listAllKeys(after, 10_000);
      refs.push(...page);
      if (page.length < 10_000) {
        break;
      }
      after = page[page.length - 1].refKey;
    }
    if (await this.#readsWholeCatalog(credentials)) {
      return {
        visible: new Set(refs.map(r => r.refKey)),
        hidden: [],
        rows: refs.length,
        builtAt,
      };
    }
    const visible = await this.filterVisible(
      refs.map(r => r.entityRef),
      credentials,
    );
    const hidden = refs.filter(r => !visible.has(r.refKey)).map(r => r.refKey);
    return { visible, hidden, rows: refs.length, builtAt };
  }
}

/**
 * An additive aggregate (rows of counts per group) over only the visible
 * rows, computed in SQL: everything when nothing is hidden; else everything
 * minus the hidden rows' part when fewer rows are hidden than visible; else
 * the visible rows' parts summed. `query(onlyKeys)` must be additive over
 * disjoint key sets.
 */
export async function sumOverVisible<R>(
  set: VisibleSet,
  query: (onlyKeys?: string[]) => Promise<R[]>,
  groupOf: (row: R) => string,
  countOf: (row: R) => number,
  withCount: (row: R, count: number) => R,
): Promise<R[]> {
  if (set.hidden.length === 0) {
    return query();
  }
  const acc = new Map<string, { row: R; n: number }>();
  const add = (rows: R[], sign: number) => {
    for (const row of rows) {
      const g = groupOf(row);
      const e = acc.get(g);
      if (e) {
        e.n += sign * countOf(row);
      } else {
        acc.set(g, { row, n: sign * countOf(row) });
      }
    }
  };
  const chunks = (keys: string[]) => {
    const out: string[][] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      out.push(keys.slice(i, i + KEYS_PER_QUERY));
    }
    return out;
  };
  if (set.hidden.length <= set.visible.size) {
    add(await query(), 1);
    for (const part of chunks(set.hidden)) {
      add(await query(part), -1);
    }
  } else {
    for (const part of chunks([...set.visible])) {
      add(await query(part), 1);
    }
  }
  return [...acc.values()]
    .filter(e => e.n !== 0)
    .map(e => withCount(e.row, e.n));
}
