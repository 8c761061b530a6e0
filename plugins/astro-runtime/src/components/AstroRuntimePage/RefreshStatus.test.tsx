import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type { RefreshProgress } from '@backstage-astro/plugin-astro-runtime-common';
import { RefreshStatus } from './RefreshStatus';

const IDLE: RefreshProgress = {
  running: false,
  startedAt: '2026-01-15T11:00:00Z',
  finishedAt: '2026-01-15T11:05:00Z',
  total: 7,
  done: 7,
  errors: 0,
  unchanged: 5,
};

// usePermission caches decisions (SWR) and reuses a request for 2 s: wait
// that out so each test sees its own permission API's answer
afterEach(() => new Promise(resolve => setTimeout(resolve, 2100)));

function render(permission: PermissionApi, onRefresh = jest.fn()) {
  return renderInTestApp(
    <TestApiProvider apis={[[permissionApiRef, permission]]}>
      <RefreshStatus progress={IDLE} triggering={false} onRefresh={onRefresh} />
    </TestApiProvider>,
  );
}

/** Decides astro-runtime.refresh with `result`, everything else the other way. */
function refreshPermission(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const other =
    result === AuthorizeResult.ALLOW
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  return mockApis.permission({
    authorize: (request: EvaluatePermissionRequest) =>
      request.permission.name === 'astro-runtime.refresh' ? result : other,
  });
}

describe('RefreshStatus: the "Refresh now" button and astro-runtime.refresh', () => {
  it('is disabled while the permission is checked, then enabled when allowed', async () => {
    let decide: (result: AuthorizeResult) => void = () => {};
    const authorize = jest.fn(
      (_request: EvaluatePermissionRequest) =>
        new Promise<{ result: AuthorizeResult }>(resolve => {
          decide = result => resolve({ result });
        }),
    );
    const onRefresh = jest.fn();
    await render({ authorize } as unknown as PermissionApi, onRefresh);
    const button = screen.getByTestId('astro-runtime-refresh-now');
    expect(button).toBeDisabled();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(authorize.mock.calls[0][0].permission.name).toBe(
      'astro-runtime.refresh',
    );
    decide(AuthorizeResult.ALLOW);
    await waitFor(() =>
      expect(screen.getByTestId('astro-runtime-refresh-now')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('astro-runtime-refresh-now'));
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });

  it('is absent when astro-runtime.refresh is denied; the progress still shows', async () => {
    await render(refreshPermission(AuthorizeResult.DENY));
    await waitFor(() =>
      expect(
        screen.queryByTestId('astro-runtime-refresh-now'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByTestId('astro-runtime-last-refreshed'),
    ).toHaveTextContent(
      /Data last refreshed .*\(7 of 7 projects, 5 unchanged\)/,
    );
  });

  it('is shown and enabled when astro-runtime.refresh is allowed', async () => {
    const onRefresh = jest.fn();
    await render(refreshPermission(AuthorizeResult.ALLOW), onRefresh);
    await waitFor(() =>
      expect(screen.getByTestId('astro-runtime-refresh-now')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('astro-runtime-refresh-now'));
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });
});
