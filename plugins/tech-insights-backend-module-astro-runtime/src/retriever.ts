/*
 * `astroRuntimeFactRetriever`: reads the statuses the astro-runtime backend
 * already stored (`GET /api/astro-runtime/statuses`, paged through its
 * cursor, with this plugin's service credentials) and turns each into facts.
 * It never reads repos or the Astro API itself.
 */
import {
  ASTRO_RUNTIME_FACT_RETRIEVER_ID,
  ASTRO_RUNTIME_PLUGIN_ID,
  type EntityStatusRecord,
  type StatusListResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { ForwardedError, ResponseError } from '@backstage/errors';
import { astroRuntimeFactSchema, recordToFact } from './facts';

export { ASTRO_RUNTIME_FACT_RETRIEVER_ID };

/** Page size asked of `GET /statuses`. */
export const STATUS_PAGE_SIZE = 100;

/** Safety bound against a server that keeps returning a cursor. */
const MAX_PAGES = 10_000;

/**
 * The entity filter of a fact retriever's context.
 *
 * @public
 */
export type EntityFilter = FactRetrieverContext['entityFilter'];

/** The entity kinds (lower case) an entity filter allows, or undefined for any. */
function kindsOf(filter: EntityFilter): Set<string> | undefined {
  if (!filter) {
    return undefined;
  }
  const kinds = new Set<string>();
  for (const f of [filter].flat()) {
    const value = f.kind;
    if (value === undefined) {
      return undefined; // a filter without a kind admits every kind
    }
    for (const v of [value].flat()) {
      if (typeof v === 'string') {
        kinds.add(v.toLocaleLowerCase('en-US'));
      }
    }
  }
  return kinds;
}

/**
 * Every stored status record, across all pages of `GET /statuses`.
 * Throws (a ForwardedError around the ResponseError) when the astro-runtime backend answers with an error.
 *
 * @public
 */
export async function readAllStatuses(
  ctx: Pick<FactRetrieverContext, 'discovery' | 'auth'>,
  options: { pageSize?: number } = {},
): Promise<EntityStatusRecord[]> {
  const baseUrl = await ctx.discovery.getBaseUrl(ASTRO_RUNTIME_PLUGIN_ID);
  const { token } = await ctx.auth.getPluginRequestToken({
    onBehalfOf: await ctx.auth.getOwnServiceCredentials(),
    targetPluginId: ASTRO_RUNTIME_PLUGIN_ID,
  });
  const limit = options.pageSize ?? STATUS_PAGE_SIZE;
  const records: EntityStatusRecord[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor !== undefined) {
      query.set('cursor', cursor);
    }
    const response = await fetch(`${baseUrl}/statuses?${query}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      const reason = error.body?.error?.message;
      throw new ForwardedError(
        `Reading statuses from the ${ASTRO_RUNTIME_PLUGIN_ID} backend failed${
          reason ? ` (${reason})` : ''
        }`,
        error,
      );
    }
    const body = (await response.json()) as StatusListResponse;
    records.push(...(body.items ?? []));
    if (!body.nextCursor || seen.has(body.nextCursor)) {
      return records;
    }
    seen.add(body.nextCursor);
    cursor = body.nextCursor;
  }
  throw new Error(
    `GET /statuses returned more than ${MAX_PAGES} pages; giving up`,
  );
}

/**
 * The facts for the stored statuses, restricted to the kinds of the entity filter.
 *
 * @public
 */
export function recordsToFacts(
  records: EntityStatusRecord[],
  entityFilter?: EntityFilter,
): TechInsightFact[] {
  const kinds = kindsOf(entityFilter);
  const facts: TechInsightFact[] = [];
  for (const record of records) {
    let kind: string;
    try {
      kind = parseEntityRef(record.entityRef).kind.toLocaleLowerCase('en-US');
    } catch {
      continue; // not an entity ref; nothing to attach facts to
    }
    if (kinds && !kinds.has(kind)) {
      continue;
    }
    const fact = recordToFact(record);
    if (fact) {
      facts.push(fact);
    }
  }
  return facts;
}

/** The config key that lets the retriever hand facts to tech-insights. */
export const EXPOSE_FACTS_KEY = 'astroRuntime.techInsights.exposeFacts';

/**
 * Whether the retriever may hand facts to tech-insights, and why.
 *
 * tech-insights serves every stored fact to every signed-in user, with no
 * catalog permission check, so facts about an entity that a permission policy
 * hides would reach users who may not see it. Without an explicit
 * `astroRuntime.techInsights.exposeFacts`, facts are exposed only when the
 * permission framework is off (`permission.enabled` not true): then every
 * user may read every entity and there is nothing to hide.
 */
export function factsExposure(config: Config): {
  expose: boolean;
  reason: string;
} {
  const explicit = config.getOptionalBoolean(EXPOSE_FACTS_KEY);
  if (explicit !== undefined) {
    return {
      expose: explicit,
      reason: `${EXPOSE_FACTS_KEY} is ${explicit}`,
    };
  }
  const permissionsOn =
    config.getOptionalBoolean('permission.enabled') === true;
  return permissionsOn
    ? {
        expose: false,
        reason: `${EXPOSE_FACTS_KEY} is not set and the permission framework is on (permission.enabled): tech-insights serves facts to every signed-in user without catalog permission checks, so Astro Runtime facts could reveal entities a permission policy hides. Set ${EXPOSE_FACTS_KEY}: true if every user may see every Astro project`,
      }
    : {
        expose: true,
        reason: `${EXPOSE_FACTS_KEY} is not set and the permission framework is off, so every user may read every entity`,
      };
}

const astroRuntimeFactRetrieverDefinition: FactRetriever = {
  id: ASTRO_RUNTIME_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Astro Runtime',
  description:
    'Facts about the Astro Runtime of Astro projects (version, lifecycle, yanked, Deployments, tag pinning), read from the statuses stored by the astro-runtime backend',
  entityFilter: [{ kind: 'component' }],
  schema: astroRuntimeFactSchema,
  async handler(ctx) {
    const records = await readAllStatuses(ctx);
    const facts = recordsToFacts(records, ctx.entityFilter);
    ctx.logger.info(
      `Read ${records.length} Astro Runtime statuses, emitting facts for ${facts.length} entities`,
    );
    return facts;
  },
};

/**
 * A tech-insights fact retriever for Astro Runtime. Each instance logs once
 * when `factsExposure` keeps it from producing facts.
 */
export function createAstroRuntimeFactRetriever(): FactRetriever {
  let withheldLogged = false;
  return {
    ...astroRuntimeFactRetrieverDefinition,
    async handler(ctx) {
      const exposure = factsExposure(ctx.config);
      if (!exposure.expose) {
        if (!withheldLogged) {
          withheldLogged = true;
          ctx.logger.warn(
            `Astro Runtime facts are not produced: ${exposure.reason}`,
          );
        }
        return [];
      }
      withheldLogged = false;
      return astroRuntimeFactRetrieverDefinition.handler(ctx);
    },
  };
}

/**
 * The tech-insights fact retriever for Astro Runtime.
 *
 * Register it through `techInsightsFactRetrieversExtensionPoint` (the module
 * of this package does) and give it a cadence under
 * `techInsights.factRetrievers.astroRuntimeFactRetriever`; without config it
 * is not scheduled. It produces no facts unless `factsExposure` allows
 * it (`astroRuntime.techInsights.exposeFacts`).
 *
 * @public
 */
export const astroRuntimeFactRetriever: FactRetriever =
  createAstroRuntimeFactRetriever();
