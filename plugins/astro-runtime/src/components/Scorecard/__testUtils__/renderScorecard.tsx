import type { ReactNode } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';

export const TECH_INSIGHTS_URL = 'http://localhost:7007/api/tech-insights';

export const discoveryApi = {
  getBaseUrl: jest.fn(async (pluginId: string) =>
    pluginId === 'tech-insights' ? TECH_INSIGHTS_URL : 'http://wrong',
  ),
  getExternalBaseUrl: jest.fn(),
};

/** Like the app's fetchApi: adds the user's token. */
export const fetchApi = {
  fetch: jest.fn((input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input, {
      ...init,
      headers: { ...init?.headers, Authorization: 'Bearer user-token' },
    }),
  ),
};

export function entityNamed(name: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      annotations: { 'astronomer.io/deployment-id': 'dep-prod' },
    },
    spec: { type: 'service', owner: 'team-data', lifecycle: 'production' },
  };
}

export function renderScorecard(node: ReactNode, entity?: Entity) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, fetchApi],
      ]}
    >
      {entity ? <EntityProvider entity={entity}>{node}</EntityProvider> : node}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
