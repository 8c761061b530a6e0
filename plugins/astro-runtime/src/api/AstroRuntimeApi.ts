import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityStatusRecord,
  HistoryResponse,
  RefreshProgress,
  ReleasesResponse,
  StatusListResponse,
  StatusRowsResponse,
  SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';

/**
 * Query of `GET /statuses`. Array values are sent as repeated parameters.
 *
 * @public
 */
export interface StatusListQuery {
  /** Owner entity ref, e.g. `group:default/data-platform`. */
  owner?: string | string[];
  /** Overall state (`up-to-date`, `minor-behind`, `downgrade-blocked` ...). */
  state?: string | string[];
  /** Runtime line: `airflow2`, `airflow3`, `certified`. */
  line?: string | string[];
  /** Free-text search (entity name, title). */
  q?: string;
  /**
   * Only projects that must move to Airflow 3 to stay on a maintained
   * Runtime (`mustMoveToAirflow3=true`, filtered by the backend across pages).
   */
  mustMoveToAirflow3?: boolean;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size. */
  limit?: number;
}

/**
 * Query of `GET /summary`: the filters of {@link StatusListQuery} and the
 * days of adoption history.
 *
 * @public
 */
export type SummaryQuery = Pick<
  StatusListQuery,
  'owner' | 'state' | 'line' | 'q' | 'mustMoveToAirflow3'
> & {
  days?: number;
};

/**
 * Options of {@link AstroRuntimeApi.getEntityStatus}.
 *
 * @public
 */
export interface GetEntityStatusOptions {
  /** Reassess now instead of returning the stored status (`?fresh=true`). */
  fresh?: boolean;
  signal?: AbortSignal;
}

/**
 * An entity as the client accepts it: a ref string, a compound ref or the entity itself.
 *
 * @public
 */
export type EntityRefLike = string | CompoundEntityRef | Entity;

/**
 * The browser client of the `astro-runtime` backend plugin.
 *
 * Errors are thrown as `ResponseError` from `@backstage/errors` (404: unknown or
 * invisible entity, 422: not an Astro project, 502: upstream failure).
 *
 * @public
 */
export interface AstroRuntimeApi {
  /** `GET /entities/:kind/:namespace/:name/status` */
  getEntityStatus(
    entity: EntityRefLike,
    options?: GetEntityStatusOptions,
  ): Promise<EntityStatusRecord>;
  /**
   * `GET /statuses` (one page of whole records; follow `nextCursor`): for
   * readers that need every status. Each record carries its whole status
   * (tens of KB with considerations and code findings).
   */
  listStatuses(
    query?: StatusListQuery,
    options?: { signal?: AbortSignal },
  ): Promise<StatusListResponse>;
  /**
   * `GET /statuses?view=rows`: the same page (filters, cursor, count) as
   * lean `StatusRow`s, what a table of entities shows; the whole status of
   * one entity is {@link AstroRuntimeApi.getEntityStatus}.
   */
  listStatusRows(
    query?: StatusListQuery,
    options?: { signal?: AbortSignal },
  ): Promise<StatusRowsResponse>;
  /** `GET /summary`: counts for the org page's charts and headline (never all rows). */
  getSummary(
    query?: SummaryQuery,
    options?: { signal?: AbortSignal },
  ): Promise<SummaryResponse>;
  /** `GET /releases`: the release catalog with its source and age. */
  getReleases(options?: { signal?: AbortSignal }): Promise<ReleasesResponse>;
  /** `POST /refresh`: start a refresh of every Astro entity (admin). */
  triggerRefresh(): Promise<RefreshProgress>;
  /** `GET /refresh`: progress of the running (or last) refresh. */
  getRefreshProgress(options?: {
    signal?: AbortSignal;
  }): Promise<RefreshProgress>;
  /** `GET /history?days=`: Runtime adoption per day. */
  getHistory(options?: {
    days?: number;
    signal?: AbortSignal;
  }): Promise<HistoryResponse>;
}

/**
 * The {@link AstroRuntimeApi} reference.
 *
 * @public
 */
export const astroRuntimeApiRef = createApiRef<AstroRuntimeApi>({
  id: 'plugin.astro-runtime.service',
});
