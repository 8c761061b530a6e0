import type { DeploymentInfo } from '@backstage-astro/plugin-astro-runtime-common';
import type { DeploymentProvider } from '@backstage-astro/plugin-astro-runtime-node';
import pLimit from 'p-limit';

/** Ids of one organization (undefined = the provider's default). */
export interface DeploymentRequest {
  ids: string[];
  organizationId?: string;
}

/** Results of a bulk prefetch, consulted before asking providers again. */
export interface PrefetchedDeployments {
  /** Found (DeploymentInfo) or known missing (null), per org|id. */
  found: Map<string, DeploymentInfo | null>;
  /** Ids whose batch failed: asked again per entity. */
  failed: Set<string>;
}

function key(org: string | undefined, id: string) {
  return `${org ?? ''}|${id}`;
}

/**
 * Asks the providers in order (extension-point providers, then the Astro API
 * or config) for Deployment metadata: in bulk batches before a refresh, and
 * per entity for anything a batch could not answer. Ids nobody knows come back
 * as a record without a Runtime and with the reason in `statusReason`.
 */
export class DeploymentResolver {
  constructor(
    private readonly providers: DeploymentProvider[],
    private readonly options: {
      batchSize?: number;
      concurrency?: number;
      /** The organization ids without an annotation belong to (for messages). */
      defaultOrganizationId?: string;
    } = {},
  ) {}

  get providerNames() {
    return this.providers.map(p => p.name);
  }

  async #ask(
    ids: string[],
    organizationId: string | undefined,
    signal?: AbortSignal,
  ): Promise<Map<string, DeploymentInfo>> {
    const out = new Map<string, DeploymentInfo>();
    let remaining = [...new Set(ids)];
    for (const provider of this.providers) {
      if (remaining.length === 0) {
        break;
      }
      const found = await provider.getDeployments(remaining, {
        organizationId,
        signal,
      });
      for (const d of found) {
        if (
          d &&
          typeof d.id === 'string' &&
          remaining.includes(d.id) &&
          !out.has(d.id)
        ) {
          out.set(d.id, d);
        }
      }
      remaining = remaining.filter(id => !out.has(id));
    }
    return out;
  }

  #missing(id: string, entityOrganizationId?: string): DeploymentInfo {
    const organizationId =
      entityOrganizationId ?? this.options.defaultOrganizationId;
    return {
      id,
      statusReason: `Deployment ${id} not found${
        organizationId ? ` in organization ${organizationId}` : ''
      } (asked: ${this.providerNames.join(', ') || 'no provider'})`,
    };
  }

  /** Bulk lookup; never throws (failed batches are recorded in `failed`). */
  async prefetch(
    requests: DeploymentRequest[],
    signal?: AbortSignal,
    concurrency?: number,
  ): Promise<PrefetchedDeployments> {
    const found = new Map<string, DeploymentInfo | null>();
    const failed = new Set<string>();
    const byOrg = new Map<string, { org?: string; ids: Set<string> }>();
    for (const r of requests) {
      const k = r.organizationId ?? '';
      const entry = byOrg.get(k) ?? {
        org: r.organizationId,
        ids: new Set<string>(),
      };
      r.ids.forEach(id => entry.ids.add(id));
      byOrg.set(k, entry);
    }
    const batchSize = this.options.batchSize ?? 50;
    const limit = pLimit(concurrency ?? this.options.concurrency ?? 4);
    const jobs: Promise<void>[] = [];
    for (const { org, ids } of byOrg.values()) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += batchSize) {
        const batch = all.slice(i, i + batchSize);
        jobs.push(
          limit(async () => {
            try {
              const result = await this.#ask(batch, org, signal);
              for (const id of batch) {
                found.set(key(org, id), result.get(id) ?? null);
              }
            } catch {
              batch.forEach(id => failed.add(key(org, id)));
            }
          }),
        );
      }
    }
    await Promise.all(jobs);
    return { found, failed };
  }

  /**
   * The Deployments of one entity, from the prefetch where possible. Throws
   * when a provider fails for ids the prefetch could not answer.
   */
  async resolve(
    ids: string[],
    organizationId: string | undefined,
    options: { prefetched?: PrefetchedDeployments; signal?: AbortSignal } = {},
  ): Promise<DeploymentInfo[]> {
    const result = new Map<string, DeploymentInfo>();
    const ask: string[] = [];
    for (const id of ids) {
      const k = key(organizationId, id);
      const pre = options.prefetched?.found.get(k);
      if (pre !== undefined && !options.prefetched?.failed.has(k)) {
        result.set(id, pre ?? this.#missing(id, organizationId));
      } else {
        ask.push(id);
      }
    }
    if (ask.length) {
      const answered = await this.#ask(ask, organizationId, options.signal);
      for (const id of ask) {
        result.set(id, answered.get(id) ?? this.#missing(id, organizationId));
      }
    }
    return ids.map(id => result.get(id)!);
  }
}
