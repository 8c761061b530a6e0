import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  ASTRO_RUNTIME_PLUGIN_ID,
  type EntityStatusRecord,
  type HistoryResponse,
  type RefreshProgress,
  type ReleasesResponse,
  type StatusListResponse,
  type StatusRowsResponse,
  type SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type {
  AstroRuntimeApi,
  EntityRefLike,
  GetEntityStatusOptions,
  StatusListQuery,
  SummaryQuery,
} from './AstroRuntimeApi';

function appendAll(
  params: URLSearchParams,
  key: string,
  value: string | string[] | number | undefined,
) {
  if (value === undefined || value === '') return;
  for (const v of Array.isArray(value) ? value : [value]) {
    if (v !== '') params.append(key, String(v));
  }
}

/** The query string of `GET /statuses` (without `view`). */
function listParams(query: StatusListQuery): URLSearchParams {
  const params = new URLSearchParams();
  const add = (key: string, value: string | string[] | number | undefined) =>
    appendAll(params, key, value);
  add('owner', query.owner);
  add('state', query.state);
  add('line', query.line);
  add('q', query.q);
  if (query.mustMoveToAirflow3) add('mustMoveToAirflow3', 'true');
  add('cursor', query.cursor);
  add('limit', query.limit);
  return params;
}

/** @internal */
export function toCompoundEntityRef(entity: EntityRefLike): CompoundEntityRef {
  if (typeof entity === 'string') {
    return parseEntityRef(entity, { defaultKind: 'component' });
  }
  if ('metadata' in entity) {
    return parseEntityRef(stringifyEntityRef(entity));
  }
  return entity;
}

/**
 * Talks to the `astro-runtime` backend through `discoveryApi` and `fetchApi`
 * (so the user's Backstage token goes along).
 *
 * @public
 */
export class AstroRuntimeClient implements AstroRuntimeApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityStatus(
    entity: EntityRefLike,
    options?: GetEntityStatusOptions,
  ): Promise<EntityStatusRecord> {
    const ref = toCompoundEntityRef(entity);
    const path = `/entities/${[ref.kind, ref.namespace ?? 'default', ref.name]
      .map(part => encodeURIComponent(part))
      .join('/')}/status`;
    const query = new URLSearchParams();
    if (options?.fresh) {
      query.set('fresh', 'true');
    }
    return this.request<EntityStatusRecord>(path, query, {
      signal: options?.signal,
    });
  }

  async listStatuses(
    query: StatusListQuery = {},
    options?: { signal?: AbortSignal },
  ): Promise<StatusListResponse> {
    return this.request<StatusListResponse>(
      '/statuses',
      listParams(query),
      options,
    );
  }

  async listStatusRows(
    query: StatusListQuery = {},
    options?: { signal?: AbortSignal },
  ): Promise<StatusRowsResponse> {
    const params = listParams(query);
    params.set('view', 'rows');
    return this.request<StatusRowsResponse>('/statuses', params, options);
  }

  async getSummary(
    query: SummaryQuery = {},
    options?: { signal?: AbortSignal },
  ): Promise<SummaryResponse> {
    const params = new URLSearchParams();
    appendAll(params, 'owner', query.owner);
    appendAll(params, 'state', query.state);
    appendAll(params, 'line', query.line);
    appendAll(params, 'q', query.q);
    if (query.mustMoveToAirflow3) {
      appendAll(params, 'mustMoveToAirflow3', 'true');
    }
    appendAll(params, 'days', query.days);
    return this.request<SummaryResponse>('/summary', params, options);
  }

  async getReleases(options?: {
    signal?: AbortSignal;
  }): Promise<ReleasesResponse> {
    return this.request<ReleasesResponse>(
      '/releases',
      new URLSearchParams(),
      options,
    );
  }

  async triggerRefresh(): Promise<RefreshProgress> {
    return this.request<RefreshProgress>('/refresh', new URLSearchParams(), {
      method: 'POST',
    });
  }

  async getRefreshProgress(options?: {
    signal?: AbortSignal;
  }): Promise<RefreshProgress> {
    return this.request<RefreshProgress>(
      '/refresh',
      new URLSearchParams(),
      options,
    );
  }

  async getHistory(options?: {
    days?: number;
    signal?: AbortSignal;
  }): Promise<HistoryResponse> {
    const params = new URLSearchParams();
    if (options?.days !== undefined) {
      params.set('days', String(options.days));
    }
    return this.request<HistoryResponse>('/history', params, {
      signal: options?.signal,
    });
  }

  private async request<T>(
    path: string,
    query: URLSearchParams,
    init: { method?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(ASTRO_RUNTIME_PLUGIN_ID);
    const qs = query.toString();
    const url = `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
    const response = await this.fetchApi.fetch(url, {
      method: init.method ?? 'GET',
      signal: init.signal,
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
