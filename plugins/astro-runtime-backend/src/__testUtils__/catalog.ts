import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
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
 *
 * `catalogReadDecision` is what a permission policy that hides those
 * entities answers for the catalog read permission (CONDITIONAL for a user
 * with hidden entities, ALLOW otherwise); `permissionsFactory` is a
 * permissions service allowing everything else with that answer.
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
  const catalogReadDecision = (
    credentials?: BackstageCredentials,
  ): PolicyDecision => {
    const user = principalOf(credentials);
    return user && hidden[user]?.length
      ? {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            not: {
              rule: 'IS_ENTITY_REF',
              resourceType: 'catalog-entity',
              params: { refs: hidden[user] },
            },
          },
        }
      : { result: AuthorizeResult.ALLOW };
  };
  const permissions: Partial<PermissionsService> = {
    async authorize(requests) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
    },
    async authorizeConditional(requests, options) {
      return requests.map(r =>
        r.permission.name === catalogEntityReadPermission.name
          ? catalogReadDecision(options?.credentials)
          : { result: AuthorizeResult.ALLOW },
      ) as any;
    },
  };
  const permissionsFactory = createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => permissions as PermissionsService,
  });
  return { factory, permissionsFactory, catalogReadDecision, calls, inner };
}
