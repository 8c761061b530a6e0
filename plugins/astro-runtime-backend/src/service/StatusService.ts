import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AdoptionPoint,
  CodeBlockerCount,
  HistoryResponse,
  SummaryResponse,
  VersionStateCount,
} from '@backstage-astro/plugin-astro-runtime-common';
import { NotAstroProjectError, UpstreamError } from '../errors';
import type { CodeScanStore } from './CodeScanStore';
import type { ProjectLocator } from './ProjectLocator';
import type { RefreshService } from './RefreshService';
import {
  AdoptionChange,
  GroupCount,
  refKey,
  StatusFilter,
  StatusStore,
  StoredRecord,
} from './StatusStore';
import { sumOverVisible, VisibilityCache } from './VisibilityCache';

/** A validated `GET /statuses` query, as the router hands it over. */
export interface StatusPageRequest {
  owner?: string[];
  state?: string[];
  line?: string[];
  /** Only entities that must move to Airflow 3 (a stored column). */
  mustMoveToAirflow3?: boolean;
  q?: string;
  cursor?: string;
  limit: number;
}

export interface StatusListPage {
  items: StoredRecord[];
  nextCursor?: string;
  totalCount: number;
  totalCountIsEstimate: boolean;
}

/** A validated `GET /summary` query. */
export type SummaryRequest = Omit<StatusPageRequest, 'cursor' | 'limit'> & {
  days: number;
};

/** Rows read per visibility batch: the page size times this. */
const READ_FACTOR = 2;
/** Batches read for one page at most: a page can come back short (with a cursor). */
const MAX_BATCHES = 4;
/** Keys per `IN (...)` list of the code blocker sums. */
const KEYS_PER_QUERY = 5000;

function isFiltered(filter: StatusFilter): boolean {
  return Boolean(
    filter.owner?.length ||
      filter.state?.length ||
      filter.line?.length ||
      filter.mustMoveToAirflow3 ||
      filter.q,
  );
}

function normalizeOwners(owners: string[] | undefined) {
  return owners?.map(o => {
    try {
      return stringifyEntityRef(
        parseEntityRef(o, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      return o;
    }
  });
}

/** The days from `days - 1` days before `now` to now's day (UTC). */
export function dayWindow(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(
      new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10),
    );
  }
  return out;
}

/** Per-day counts from per-day changes (running totals; the first day carries everything before). */
export function adoptionFromChanges(
  changes: AdoptionChange[],
  days: string[],
): AdoptionPoint[] {
  const byDay = new Map<string, AdoptionChange[]>();
  for (const c of changes) {
    const list = byDay.get(c.day) ?? [];
    list.push(c);
    byDay.set(c.day, list);
  }
  const running = new Map<string, number>();
  return days.map(day => {
    for (const c of byDay.get(day) ?? []) {
      running.set(c.version, (running.get(c.version) ?? 0) + c.delta);
    }
    const versions: Record<string, number> = {};
    for (const [v, n] of running) {
      if (n > 0) {
        versions[v] = n;
      }
    }
    return { day, versions };
  });
}

function encodeCursor(key: string) {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** The key a cursor points after; a cursor this service did not make is an InputError (400). */
function decodeCursor(cursor: string): string {
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) {
      throw new Error('not base64url');
    }
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))?.k;
  } catch {
    key = undefined;
  }
  if (typeof key !== 'string' || key === '') {
    throw new InputError(
      `Query parameter 'cursor' is not a cursor from a previous page; omit it to start at the first page`,
    );
  }
  return key;
}

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
      /** The cached code scans, when the code is scanned (the summary's code blockers). */
      codeScans?: CodeScanStore;
      now?: () => Date;
    },
  ) {
    this.#visibility = new VisibilityCache({
      catalog: options.catalog,
      store: options.store,
      ttlMs: options.visibilityTtlMs ?? 5000,
    });
  }

  readonly #visibility: VisibilityCache;

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
      (!record.statusJson && (record.isAstro || annotated));
    if (
      wanted &&
      record &&
      this.#checkedRecently(record) &&
      !this.#inflight.has(refKey(ref))
    ) {
      // checked moments ago: the stored outcome stands (no upstream read)
      if (!record.statusJson && record.error && (record.isAstro || annotated)) {
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
        if (!record?.statusJson) {
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
    const filter: StatusFilter = {
      owner: normalizeOwners(query.owner),
      state: query.state,
      line: query.line,
      mustMoveToAirflow3: query.mustMoveToAirflow3,
      q: query.q,
    };
    let after =
      query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    const total = this.#count(filter, credentials);
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

  async #count(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<number> {
    const groups = await this.#groups(filter, credentials);
    return groups.reduce((n, g) => n + g.count, 0);
  }

  async #groups(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<GroupCount[]> {
    const set = await this.#visibility.visibleSet(credentials);
    return sumOverVisible(
      set,
      onlyKeys => this.options.store.countByGroup(filter, onlyKeys),
      g =>
        JSON.stringify([
          g.repoVersion,
          g.state,
          g.line,
          g.severity,
          g.stale,
          g.owner,
        ]),
      g => g.count,
      (g, count) => ({ ...g, count }),
    );
  }

  async #adoption(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<AdoptionPoint[]> {
    const dayList = dayWindow(this.options.now?.() ?? new Date(), days);
    const set = await this.#visibility.visibleSet(credentials);
    const changes = await sumOverVisible(
      set,
      onlyKeys =>
        this.options.store.adoptionChanges(
          dayList[0],
          `${dayList[dayList.length - 1]}T23:59:59.999Z`,
          onlyKeys,
        ),
      c => JSON.stringify([c.day, c.version]),
      c => c.delta,
      (c, delta) => ({ ...c, delta }),
    );
    return adoptionFromChanges(changes, dayList);
  }

  /**
   * Blocking code findings over the Astro entities matching the filter that
   * the caller may see, summed in SQL; undefined when the code is not scanned.
   */
  async #codeBlockers(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<CodeBlockerCount | undefined> {
    const scans = this.options.codeScans;
    if (!scans) {
      return undefined;
    }
    const set = await this.#visibility.visibleSet(credentials);
    if (!isFiltered(filter)) {
      const rows = await sumOverVisible(
        set,
        async onlyKeys => {
          const t = await scans.blockingTotals(onlyKeys);
          return [
            { key: 'findings', n: t.findings },
            { key: 'projects', n: t.projects },
          ];
        },
        r => r.key,
        r => r.n,
        (r, n) => ({ ...r, n }),
      );
      const get = (key: string) => rows.find(r => r.key === key)?.n ?? 0;
      return { findings: get('findings'), projects: get('projects') };
    }
    const keys = (await this.options.store.listKeys(filter))
      .map(r => r.refKey)
      .filter(k => set.visible.has(k));
    const out: CodeBlockerCount = { findings: 0, projects: 0 };
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const t = await scans.blockingTotals(keys.slice(i, i + KEYS_PER_QUERY));
      out.findings += t.findings;
      out.projects += t.projects;
    }
    return out;
  }

  /** Adoption per day over the last `days` days, for entities the caller may see. */
  async history(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    return { points: await this.#adoption(days, credentials) };
  }

  /** Counts for the org page's charts and headline, over what the caller may see. */
  async summary(
    query: SummaryRequest,
    credentials: BackstageCredentials,
  ): Promise<SummaryResponse> {
    const filter: StatusFilter = {
      owner: normalizeOwners(query.owner),
      state: query.state,
      line: query.line,
      mustMoveToAirflow3: query.mustMoveToAirflow3,
      q: query.q,
    };
    const [groups, adoption, codeBlockers] = await Promise.all([
      this.#groups(filter, credentials),
      this.#adoption(query.days, credentials),
      this.#codeBlockers(filter, credentials),
    ]);
    const byVersionState = new Map<string, VersionStateCount>();
    const byLine: Record<string, number> = {};
    const byState: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    const byOwner: Record<string, number> = {};
    let total = 0;
    let stale = 0;
    for (const g of groups) {
      total += g.count;
      if (g.stale) {
        stale += g.count;
      }
      const vsKey = JSON.stringify([g.repoVersion, g.state]);
      const vs = byVersionState.get(vsKey);
      if (vs) {
        vs.count += g.count;
      } else {
        byVersionState.set(vsKey, {
          ...(g.repoVersion ? { version: g.repoVersion } : {}),
          ...(g.state ? { state: g.state } : {}),
          count: g.count,
        });
      }
      const line = g.line ?? 'none';
      byLine[line] = (byLine[line] ?? 0) + g.count;
      const state = g.state ?? 'unassessed';
      byState[state] = (byState[state] ?? 0) + g.count;
      if (g.severity) {
        bySeverity[g.severity] = (bySeverity[g.severity] ?? 0) + g.count;
      }
      if (g.owner) {
        byOwner[g.owner] = (byOwner[g.owner] ?? 0) + g.count;
      }
    }
    return {
      total,
      byVersionState: [...byVersionState.values()],
      byLine,
      byState,
      bySeverity,
      byOwner,
      blockers: bySeverity.error ?? 0,
      stale,
      ...(codeBlockers ? { codeBlockers } : {}),
      adoption,
    };
  }
}

/** Validates `:kind/:namespace/:name` route parameters into an entity ref. */
export function entityRefFromParams(params: {
  kind?: string;
  namespace?: string;
  name?: string;
}): string | undefined {
  const { kind, namespace, name } = params;
  const kindOk =
    typeof kind === 'string' && /^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(kind);
  const partOk = (v: unknown) =>
    typeof v === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}$/.test(v);
  if (!kindOk || !partOk(namespace) || !partOk(name)) {
    return undefined;
  }
  return `${kind!.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
}
