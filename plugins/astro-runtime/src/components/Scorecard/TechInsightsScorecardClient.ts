import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ScorecardBulkEntry,
  ScorecardCheck,
  ScorecardCheckResult,
} from './types';

/**
 * The compound reference of an entity.
 *
 * @public
 */
export interface ScorecardEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * A small client of the tech-insights backend (plugin id `tech-insights`):
 * lists checks and runs them for one entity or for every entity with facts.
 *
 * @public
 */
export class TechInsightsScorecardClient {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** `GET /checks`: every check the fact checker knows. */
  async getChecks(
    options: { signal?: AbortSignal } = {},
  ): Promise<ScorecardCheck[]> {
    return this.request('/checks', { signal: options.signal });
  }

  /** `POST /checks/run/:namespace/:kind/:name`: run the given checks for one entity. */
  async runChecks(
    entity: ScorecardEntityRef,
    checkIds: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<ScorecardCheckResult[]> {
    const path = `/checks/run/${encodeURIComponent(
      entity.namespace,
    )}/${encodeURIComponent(entity.kind)}/${encodeURIComponent(entity.name)}`;
    return this.request(path, {
      method: 'POST',
      body: { checks: checkIds },
      signal: options.signal,
    });
  }

  /**
   * `POST /checks/run` with no entities: run the given checks for every
   * entity that has facts.
   */
  async runBulkChecks(
    checkIds: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<ScorecardBulkEntry[]> {
    return this.request('/checks/run', {
      method: 'POST',
      body: { checks: checkIds, entities: [] },
      signal: options.signal,
    });
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('tech-insights');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers:
        init.body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
