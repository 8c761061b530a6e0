import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  HistoryResponse,
  SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import { NotAstroProjectError, UpstreamError } from '../errors';
import type { CodeScanStore } from './CodeScanStore';
import type { ProjectLocator } from './ProjectLocator';
import type { RefreshService } from './RefreshService';
import { StatusAggregates } from './StatusAggregates';
import {
  decodeCursor,
  encodeCursor,
  statusFilter,
  type StatusPageRequest,
  type SummaryRequest,
} from './statusRequests';
import { hasStatus, refKey, StatusStore, StoredRecord } from './StatusStore';
import { VisibilityCache } from './VisibilityCache';

export interface StatusListPage {
  items: StoredRecord[];
  nextCursor?: string;
  totalCount: number;
  totalCountIsEstimate: boolean;
}

/** Rows read per visibility batch: the page size times this. */
const READ_FACTOR = 2;
/** Batches read for one page at most: a page can come back short (with a cursor). */
const MAX_BATCHES = 4;

/**
 * What the routes do: every entity read is checked against the catalog with
 * the caller's credentials (invisible = 404), then served from the store.
 */
export class StatusService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      store: StatusStore;
      refresh: RefreshService;
      locator: ProjectLocator;
      logger: LoggerService;
      dockerfileDetection: boolean;
      /**
       * A fresh read of an entity checked less than this long ago (and a
       * retry of one whose last attempt failed) is served from the store.
       */
      freshCooldownMs?: number;
      /** How long a caller's visibility answers are reused (default 5 s; 0: never). */
      visibilityTtlMs?: number;
      /** How long a caller's visible set (for counts) is reused (default 30 s). */
      visibleSetTtlMs?: number;
      /**
       * How long after that a caller's visible set is still used while a
       * new one is built in the background (default 60 s).
       */
      visibilityStaleMs?: number;
      /**
       * The permissions service: a caller allowed to read the whole catalog
       * gets counts and summaries without a catalog round over every row.
       */
      permissions?: PermissionsService;
      /** The cached code scans, when the code is scanned (the summary's code blockers). */
      codeScans?: CodeScanStore;
      now?: () => Date;
    },
  ) {
    this.#visibility = new VisibilityCache({
      catalog: options.catalog,
      store: options.store,
      permissions: options.permissions,
      logger: options.logger,
      ttlMs: options.visibilityTtlMs ?? 5000,
      setTtlMs: options.visibleSetTtlMs,
      staleMs: options.visibilityStaleMs,
    });
    this.#aggregates = new StatusAggregates({
      store: options.store,
      visibility: this.#visibility,
      codeScans: options.codeScans,
      now: options.now,
    });
  }

  readonly #visibility: VisibilityCache;
  readonly #aggregates: StatusAggregates;

  /** Reassessments in flight, by entity: concurrent requests share one. */
  readonly #inflight = new Map<
    string,
    ReturnType<RefreshService['refreshEntity']>
  >();

  /** Reassesses an entity now, joining an assessment of it already in flight. */
  #reassess(ref: string, entity: Entity, signal?: AbortSignal) {
    const key = refKey(ref);
    let pending = this.#inflight.get(key);
    if (!pending) {
      // not tied to one caller's signal: others may be waiting on it
      pending = this.options.refresh.refreshEntity(entity).finally(() => {
        this.#inflight.delete(key);
      });
      this.#inflight.set(key, pending);
    }
    if (!signal) {
      return pending;
    }
    return Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
        }
        signal.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        });
      }),
    ]);
  }

  #checkedRecently(record: StoredRecord | undefined): boolean {
    const cooldown = this.options.freshCooldownMs ?? 0;
    if (!record?.checkedAt || cooldown <= 0) {
      return false;
    }
    const now = (this.options.now?.() ?? new Date()).getTime();
    const age = now - Date.parse(record.checkedAt);
    return age >= 0 && age < cooldown;
  }

  /** The entity as the caller sees it, or NotFoundError; `fresh` skips the cache. */
  async #visibleEntity(
    entityRef: string,
    credentials: BackstageCredentials,
    fresh = false,
  ): Promise<Entity> {
    const entity = fresh
      ? await this.options.catalog.getEntityByRef(entityRef, { credentials })
      : await this.#visibility.entity(entityRef, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    return entity;
  }

  /** The refKeys among `entityRefs` the caller may see (one catalog call per 1,000 refs). */
  async visibleKeys(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    return this.#visibility.filterVisible(entityRefs, credentials);
  }

  /**
   * The stored status of an entity; assessed now when `fresh` or when there
   * is none yet. Throws NotFoundError (missing or invisible), NotAstroProjectError
   * (422) or UpstreamError (502, when nothing good is stored to fall back on).
   */
  async getEntityStatus(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<StoredRecord> {
    const entity = await this.#visibleEntity(
      entityRef,
      credentials,
      options.fresh,
    );
    const ref = stringifyEntityRef(entity);
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new NotAstroProjectError(
        `${ref} is not an Astro project: only Components are assessed`,
      );
    }
    const annotated = this.options.locator.isAnnotated(entity);
    let record = await this.options.store.getRecord(ref);
    if (!annotated && !this.options.dockerfileDetection) {
      throw new NotAstroProjectError(
        `${ref} is not an Astro project: it has no astronomer.io/deployment-id or astronomer.io/project-path annotation`,
      );
    }
    // assess now when asked, when never assessed, or when there is no good
    // status yet for an Astro entity (e.g. the last attempt failed, or it was
    // a non-Astro detection candidate and has since been annotated)
    const wanted =
      options.fresh ||
      !record ||
      (!hasStatus(record) && (record.isAstro || annotated));
    if (
      wanted &&
      record &&
      this.#checkedRecently(record) &&
      !this.#inflight.has(refKey(ref))
    ) {
      // checked moments ago: the stored outcome stands (no upstream read)
      if (!hasStatus(record) && record.error && (record.isAstro || annotated)) {
        throw new UpstreamError(
          `Could not assess ${ref}: ${record.error.message}`,
          {
            code: record.error.code,
          },
        );
      }
    } else if (wanted) {
      const result = await this.#reassess(ref, entity, options.signal);
      record = result.record;
      if (result.error) {
        this.options.logger.warn(
          `Assessment of ${ref} failed: ${result.error.message}`,
        );
        if (!record || !hasStatus(record)) {
          if (!annotated && !record?.isAstro) {
            throw new NotAstroProjectError(
              `${ref} is not an Astro project: no astronomer.io annotations, and its Dockerfile could not be read (${result.error.message})`,
            );
          }
          throw new UpstreamError(
            `Could not assess ${ref}: ${result.error.message}`,
            {
              cause: undefined,
              code: (result.error as { code?: string }).code,
            },
          );
        }
      }
    }
    if (!record) {
      throw new UpstreamError(`Could not assess ${ref}`);
    }
    if (!record.isAstro && !annotated) {
      throw new NotAstroProjectError(
        `${ref} is not an Astro project: no astronomer.io annotations and its Dockerfile is not based on an Astro Runtime image`,
      );
    }
    return record;
  }

  /**
   * One page in key order: reads `limit × 2` rows after the cursor, asks the
   * catalog once which of them the caller may see, and repeats (at most 4
   * batches) until the page is full. The cursor resumes after the last row
   * examined, so a page may come back short with a cursor. `totalCount` is
   * exact over the visible entities (counted in SQL; see `#visibleSet`).
   */
  async listStatuses(
    query: StatusPageRequest,
    credentials: BackstageCredentials,
  ): Promise<StatusListPage> {
    const filter = statusFilter(query);
    let after =
      query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    const total = this.#aggregates.count(filter, credentials);
    // a rejected count is awaited below; do not let it go unhandled meanwhile
    total.catch(() => undefined);
    const batchSize = Math.min(1000, query.limit * READ_FACTOR);
    const page: string[] = [];
    let more = false;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await this.options.store.listKeys({
        ...filter,
        afterKey: after,
        limit: batchSize,
      });
      const visible = rows.length
        ? await this.#visibility.filterVisible(
            rows.map(r => r.entityRef),
            credentials,
          )
        : new Set<string>();
      more = rows.length === batchSize;
      for (const row of rows) {
        after = row.refKey;
        if (visible.has(row.refKey)) {
          page.push(row.refKey);
          if (page.length === query.limit) {
            // rows after this one in the batch are looked at again next page
            more = more || row !== rows[rows.length - 1];
            break;
          }
        }
      }
      if (page.length === query.limit || !more) {
        break;
      }
    }
    const items = await this.options.store.getRecords(page);
    return {
      items,
      totalCount: await total,
      totalCountIsEstimate: false,
      nextCursor: more && after ? encodeCursor(after) : undefined,
    };
  }

  /** Adoption per day over the last `days` days, for entities the caller may see. */
  history(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    return this.#aggregates.history(days, credentials);
  }

  /** Counts for the org page's charts and headline, over what the caller may see. */
  summary(
    query: SummaryRequest,
    credentials: BackstageCredentials,
  ): Promise<SummaryResponse> {
    return this.#aggregates.summary(query, credentials);
  }
}
