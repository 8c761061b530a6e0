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
import type { HistoryResponse } from '@backstage-astro/plugin-astro-runtime-common';
import { NotAstroProjectError, UpstreamError } from '../errors';
import type { ProjectLocator } from './ProjectLocator';
import type { RefreshService } from './RefreshService';
import {
  adoptionFromHistory,
  refKey,
  StatusStore,
  StoredRecord,
} from './StatusStore';

export interface StatusListQuery {
  owner?: string[];
  state?: string[];
  line?: string[];
  q?: string;
  cursor?: string;
  limit: number;
}

export interface StatusListPage {
  items: StoredRecord[];
  nextCursor?: string;
  totalCount: number;
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
      now?: () => Date;
    },
  ) {}

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

  /** The entity as the caller sees it, or NotFoundError. */
  async #visibleEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    return entity;
  }

  /** The refKeys among `entityRefs` the caller may see. */
  async visibleKeys(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const visible = new Set<string>();
    const unique = [...new Set(entityRefs)];
    for (let i = 0; i < unique.length; i += 1000) {
      const part = unique.slice(i, i + 1000);
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
    return visible;
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
    const entity = await this.#visibleEntity(entityRef, credentials);
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

  async listStatuses(
    query: StatusListQuery,
    credentials: BackstageCredentials,
  ): Promise<StatusListPage> {
    const owner = query.owner?.map(o => {
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
    const keys = await this.options.store.listKeys({
      owner,
      state: query.state,
      line: query.line,
      q: query.q,
    });
    const visible = await this.visibleKeys(
      keys.map(k => k.entityRef),
      credentials,
    );
    const matching = keys.filter(k => visible.has(k.refKey));
    const after =
      query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    const start =
      after === undefined ? 0 : matching.findIndex(k => k.refKey > after);
    const page = start < 0 ? [] : matching.slice(start, start + query.limit);
    const items = await this.options.store.getRecords(page.map(k => k.refKey));
    const more = start >= 0 && start + query.limit < matching.length;
    return {
      items,
      totalCount: matching.length,
      nextCursor: more ? encodeCursor(page[page.length - 1].refKey) : undefined,
    };
  }

  /** Adoption per day over the last `days` days, for entities the caller may see. */
  async history(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    const now = this.options.now?.() ?? new Date();
    const dayList: string[] = [];
    for (let i = days - 1; i >= 0; i--) {
      dayList.push(
        new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10),
      );
    }
    const rows = await this.options.store.history(
      `${dayList[dayList.length - 1]}T23:59:59.999Z`,
    );
    const visible = await this.visibleKeys(
      [...new Set(rows.map(r => r.entityRef))],
      credentials,
    );
    return { points: adoptionFromHistory(rows, dayList, visible) };
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
