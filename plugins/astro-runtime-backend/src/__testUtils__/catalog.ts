import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

export const SCM = 'https://scm.test';

export function component(
  name: string,
  options: {
    annotations?: Record<string, string>;
    owner?: string;
    system?: string;
    title?: string;
    /** Omit the default url source location. */
    noSource?: boolean;
    kind?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: {
        ...(options.noSource
          ? {}
          : {
              'backstage.io/managed-by-location': `url:${SCM}/${name}/catalog-info.yaml`,
              'backstage.io/source-location': `url:${SCM}/${name}/`,
            }),
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: options.owner ?? 'team-a',
      ...(options.system ? { system: options.system } : {}),
    },
  };
}

function principalOf(credentials?: BackstageCredentials): string | undefined {
  const p = credentials?.principal as
    | { type?: string; userEntityRef?: string }
    | undefined;
  return p?.type === 'user' ? p.userEntityRef : undefined;
}

/**
 * The in-memory catalog mock, plus permissions: `hidden[userRef]` lists the
 * entity refs that user may not see (the plugin's own service credentials see
 * everything). Records every call's principal type for assertions.
 */
export function visibilityCatalog(
  entities: Entity[],
  hidden: Record<string, string[]> = {},
) {
  const inner = catalogServiceMock({ entities });
  const calls: Array<{ method: string; principal: string }> = [];
  const isHidden = (ref: string, credentials?: BackstageCredentials) => {
    const user = principalOf(credentials);
    return Boolean(
      user && hidden[user]?.includes(ref.toLocaleLowerCase('en-US')),
    );
  };
  const record = (method: string, credentials?: BackstageCredentials) =>
    calls.push({
      method,
      principal: credentials?.principal
        ? (credentials.principal as { type: string }).type
        : 'none',
    });

  const service: Partial<CatalogService> = {
    async getEntityByRef(ref, options) {
      record('getEntityByRef', options?.credentials);
      const entity = await inner.getEntityByRef(ref);
      if (
        !entity ||
        isHidden(stringifyEntityRef(entity), options?.credentials)
      ) {
        return undefined;
      }
      return entity;
    },
    async getEntitiesByRefs(request, options) {
      record('getEntitiesByRefs', options?.credentials);
      const res = await inner.getEntitiesByRefs(request);
      return {
        items: res.items.map(e =>
          e && !isHidden(stringifyEntityRef(e), options?.credentials)
            ? e
            : undefined,
        ),
      };
    },
    async queryEntities(request, options) {
      record('queryEntities', options?.credentials);
      const res = await inner.queryEntities(request);
      return {
        ...res,
        items: res.items.filter(
          e => !isHidden(stringifyEntityRef(e), options?.credentials),
        ),
      };
    },
  };
  const factory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => service as CatalogService,
  });
  return { factory, calls, inner };
}
