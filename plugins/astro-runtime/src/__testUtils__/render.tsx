import type { ReactNode } from 'react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { EntityStatusRecord } from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type AstroRuntimeApi } from '../api';

/** A mock of every API method (jest.fn), each rejecting unless set. */
export function mockAstroRuntimeApi(
  overrides: Partial<Record<keyof AstroRuntimeApi, jest.Mock>> = {},
): jest.Mocked<AstroRuntimeApi> {
  const notSet = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} not mocked`)));
  return {
    getEntityStatus: notSet('getEntityStatus'),
    listStatuses: notSet('listStatuses'),
    listStatusRows: notSet('listStatusRows'),
    getReleases: notSet('getReleases'),
    triggerRefresh: notSet('triggerRefresh'),
    getRefreshProgress: notSet('getRefreshProgress'),
    getHistory: notSet('getHistory'),
    ...overrides,
  } as unknown as jest.Mocked<AstroRuntimeApi>;
}

/** A `ResponseError` as the client throws it for a backend error body. */
export async function responseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/astro-runtime/x' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: statusCode,
    statusText: 'Error',
    url: 'http://localhost/api/astro-runtime/x',
    type: 'basic',
    redirected: false,
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as any);
}

/**
 * Renders `node` for `entity` with the given API; the permission API allows
 * everything unless `permission` is given.
 */
export function renderWithEntity(
  node: ReactNode,
  options: { entity: Entity; api: AstroRuntimeApi; permission?: PermissionApi },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [astroRuntimeApiRef, options.api],
        [permissionApiRef, options.permission ?? mockApis.permission()],
      ]}
    >
      <EntityProvider entity={options.entity}>{node}</EntityProvider>
    </TestApiProvider>,
  );
}

export function resolved(record: EntityStatusRecord) {
  return jest.fn(async () => record);
}
