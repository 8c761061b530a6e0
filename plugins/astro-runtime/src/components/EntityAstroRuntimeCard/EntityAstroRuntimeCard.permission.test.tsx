import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  DOCKERFILES,
  entityFor,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import {
  mockAstroRuntimeApi,
  renderWithEntity,
  resolved,
} from '../../__testUtils__/render';
import { EntityAstroRuntimeCard } from './EntityAstroRuntimeCard';

// usePermission caches decisions (SWR) and reuses a request for 2 s: wait
// that out so each test sees its own permission API's answer
afterEach(() => new Promise(resolve => setTimeout(resolve, 2100)));

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

async function renderCard(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const api = mockAstroRuntimeApi({
    getEntityStatus: resolved(
      recordFor('orders', statusFor(DOCKERFILES.minorBehind)),
    ),
  });
  await renderWithEntity(<EntityAstroRuntimeCard />, {
    entity: entityFor('orders'),
    api,
    permission: refreshPermission(result),
  });
  await screen.findByTestId('astro-runtime-current');
  return api;
}

describe('EntityAstroRuntimeCard: "Reassess now" and astro-runtime.refresh', () => {
  it('has no reassess button when astro-runtime.refresh is denied; the status still shows', async () => {
    const api = await renderCard(AuthorizeResult.DENY);
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Reassess now' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('astro-runtime-refresh')).toBeNull();
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '13.0.0',
    );
    // only the stored status was read, never a fresh one
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
    expect(api.getEntityStatus.mock.calls[0][1]).not.toHaveProperty('fresh');
  });

  it('reassesses on demand when astro-runtime.refresh is allowed', async () => {
    const api = await renderCard(AuthorizeResult.ALLOW);
    const button = await screen.findByRole('button', { name: 'Reassess now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() =>
      expect(api.getEntityStatus).toHaveBeenLastCalledWith(
        'component:default/orders',
        { fresh: true },
      ),
    );
  });
});
