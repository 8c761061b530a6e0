import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describeState } from '@backstage-astro/plugin-astro-runtime-common';
import {
  DOCKERFILES,
  DOWNGRADE_DEPLOYMENTS,
  entityFor,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import {
  mockAstroRuntimeApi,
  renderWithEntity,
  resolved,
  responseError,
} from '../../__testUtils__/render';
import { EntityAstroRuntimeCard } from './EntityAstroRuntimeCard';
import { CONSIDERATIONS_SHOWN } from './Considerations';

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function renderCard(
  key: keyof typeof DOCKERFILES,
  options: { deployments?: typeof DOWNGRADE_DEPLOYMENTS } = {},
) {
  const status = statusFor(DOCKERFILES[key], options.deployments);
  const api = mockAstroRuntimeApi({
    getEntityStatus: resolved(recordFor('orders', status)),
  });
  await renderWithEntity(<EntityAstroRuntimeCard />, {
    entity: entityFor('orders'),
    api,
  });
  await screen.findByTestId('astro-runtime-state');
  return { api, status };
}

function upgradeLink() {
  const button = screen.getByTestId('astro-runtime-upgrade-button');
  const href = button.getAttribute('href');
  if (!href) throw new Error('the upgrade button is not a link');
  const url = new URL(href, 'http://localhost');
  return {
    path: url.pathname,
    formData: JSON.parse(url.searchParams.get('formData') ?? 'null'),
  };
}

function expectUpgradeDisabled(reason: RegExp) {
  const button = screen.getByTestId('astro-runtime-upgrade-button');
  expect(button).toBeDisabled();
  expect(button).not.toHaveAttribute('href');
  expect(
    screen.getByTestId('astro-runtime-upgrade-disabled-reason'),
  ).toHaveTextContent(reason);
  expect(button).toHaveAttribute(
    'aria-describedby',
    'astro-runtime-upgrade-disabled-reason',
  );
}

describe('EntityAstroRuntimeCard', () => {
  it('asks the backend for the entity status by ref', async () => {
    const { api } = await renderCard('upToDate');
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/orders',
      expect.objectContaining({ signal: expect.anything() }),
    );
    expect(api.getEntityStatus.mock.calls[0][1]).not.toHaveProperty(
      'fresh',
      true,
    );
  });

  it('up to date: shows the Runtime and disables the upgrade with the reason', async () => {
    await renderCard('upToDate');
    const state = screen.getByTestId('astro-runtime-state');
    expect(state).toHaveAttribute('data-state', 'up-to-date');
    expect(state).toHaveTextContent(describeState('up-to-date').label);
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '3.3-2',
    );
    expect(screen.getByTestId('astro-runtime-latest')).toHaveTextContent(
      '3.3-2',
    );
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      'None',
    );
    expect(screen.queryByTestId('astro-runtime-considerations')).toBeNull();
    expectUpgradeDisabled(/Nothing to upgrade to: Up to date/);
  });

  it('patch behind: the button opens the template pre-filled with entity and target', async () => {
    await renderCard('patchBehind');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'patch-behind',
    );
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      /Patch\s+to\s+3\.3-2/,
    );
    const link = upgradeLink();
    expect(link.path).toBe('/create/templates/default/upgrade-astro-runtime');
    expect(link.formData).toEqual({
      entity: 'component:default/orders',
      targetVersion: '3.3-2',
    });
    expect(
      screen.getByRole('button', {
        name: 'Open upgrade pull request to Runtime 3.3-2',
      }),
    ).toBeInTheDocument();
  });

  it('minor behind: latest, update kind and support dates with days left', async () => {
    const { status } = await renderCard('minorBehind');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'minor-behind',
    );
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '13.0.0',
    );
    expect(screen.getByTestId('astro-runtime-airflow')).toHaveTextContent(
      '2.11',
    );
    // Latest overall is on the Airflow-3 line, latest in its own line is 13.1.0.
    expect(screen.getByTestId('astro-runtime-latest')).toHaveTextContent(
      '3.3-2',
    );
    expect(
      screen.getByTestId('astro-runtime-latest-in-line'),
    ).toHaveTextContent('13.1.0');
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      /Minor\s+to\s+13\.1\.0/,
    );
    const eom = status.lifecycle.endOfMaintenance!;
    expect(
      screen.getByTestId('astro-runtime-end-of-maintenance'),
    ).toHaveTextContent(
      `${eom} (${status.lifecycle.daysToEndOfMaintenance} days left)`,
    );
    expect(
      screen.getByTestId('astro-runtime-end-of-basic-support'),
    ).toHaveTextContent(status.lifecycle.endOfBasicSupport!);
    expect(screen.getByTestId('astro-runtime-lifecycle')).toHaveTextContent(
      `Maintained until ${eom}`,
    );
    expect(upgradeLink().formData.targetVersion).toBe('13.1.0');
  });

  it('major behind: variants, Python from the tag and considerations with doc links', async () => {
    const { status } = await renderCard('majorBehind');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'major-behind',
    );
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '12.4.0-python-3.12-slim',
    );
    expect(screen.getByTestId('astro-runtime-python')).toHaveTextContent(
      /^3\.12$/,
    );
    expect(
      within(screen.getByTestId('astro-runtime-variants')).getByText('slim'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      'Major',
    );
    expect(screen.getByRole('link', { name: /^Dockerfile/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/orders/blob/main/Dockerfile',
    );
    expect(status.considerations.length).toBeGreaterThan(0);
    const shown = screen.getAllByTestId('astro-runtime-consideration');
    expect(shown.length).toBe(
      Math.min(CONSIDERATIONS_SHOWN, status.considerations.length),
    );
    expect(
      screen.getAllByRole('link', { name: /^Documentation: / }).length,
    ).toBeGreaterThan(0);
  });

  it('move to Airflow 3: the line change, its target and the Airflow 3 considerations', async () => {
    const { status } = await renderCard('moveToAirflow3');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'line-change-available',
    );
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      /Airflow 3\s+to\s+3\.3-2/,
    );
    expect(upgradeLink().formData.targetVersion).toBe('3.3-2');
    expect(status.considerations.length).toBeGreaterThan(0);
    expect(screen.getByText(/Considerations for 3\.3-2/)).toBeInTheDocument();
  });

  it('considerations: most severe first, collapsed beyond a few, expandable', async () => {
    // 4.2.7 → 13.1.0 crosses many versions: many considerations.
    const { status } = await renderCard('unsupported');
    expect(status.considerations.length).toBeGreaterThan(CONSIDERATIONS_SHOWN);
    let shown = screen.getAllByTestId('astro-runtime-consideration');
    expect(shown).toHaveLength(CONSIDERATIONS_SHOWN);
    const rank = { info: 1, warning: 2, error: 3 } as Record<string, number>;
    const maxRank = Math.max(
      ...status.considerations.map(c => rank[c.severity]),
    );
    expect(rank[shown[0].getAttribute('data-severity')!]).toBe(maxRank);

    const toggle = screen.getByTestId('astro-runtime-considerations-toggle');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent(
      `Show ${status.considerations.length - CONSIDERATIONS_SHOWN} more`,
    );
    await userEvent.click(toggle);
    shown = screen.getAllByTestId('astro-runtime-consideration');
    expect(shown).toHaveLength(status.considerations.length);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const severities = shown.map(s => rank[s.getAttribute('data-severity')!]);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
    // Each consideration with a doc link renders it, labelled.
    for (const c of status.considerations.filter(x => x.docUrl)) {
      expect(
        screen.getAllByRole('link', {
          name: new RegExp(`^Documentation: ${escapeRegExp(c.title)}`),
        })[0],
      ).toHaveAttribute('href', c.docUrl);
    }
  });

  it('downgrade-blocked Deployment: each Deployment with its relation, and why', async () => {
    await renderCard('downgrade', { deployments: DOWNGRADE_DEPLOYMENTS });
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'downgrade-blocked',
    );
    const deployments = screen.getAllByTestId('astro-runtime-deployment');
    expect(deployments.map(d => d.getAttribute('data-relation'))).toEqual([
      'in-sync',
      'downgrade-blocked',
      'pending-deploy',
    ]);
    expect(deployments[1]).toHaveTextContent('orders-prod');
    expect(deployments[1]).toHaveTextContent('13.0.0');
    expect(
      within(deployments[1]).getByTestId('astro-runtime-deployment-relation'),
    ).toHaveTextContent('Downgrade blocked');
    expect(
      within(deployments[1]).getByRole('link', { name: /^orders-prod/ }),
    ).toHaveAttribute('href', 'https://cloud.astronomer.io/d/dep-prod');
    expect(
      within(deployments[0]).getByTestId('astro-runtime-deployment-relation'),
    ).toHaveTextContent('In sync');
    expect(deployments[2]).toHaveTextContent('HIBERNATING');
    expect(screen.getByTestId('astro-runtime-findings')).toHaveTextContent(
      /orders-prod runs 13\.0\.0.*the next deploy will be refused/,
    );
    // The tag came from an ARG: the card says which lines decided it.
    expect(screen.getByTestId('astro-runtime-dockerfile')).toHaveTextContent(
      '(line 2, ARG RUNTIME on line 1)',
    );
  });

  it('yanked: the reason is shown', async () => {
    await renderCard('yanked');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'yanked',
    );
    expect(screen.getByTestId('astro-runtime-yanked')).toHaveTextContent(
      /Runtime 11\.0\.0 was yanked.*metadata DB migration issues when triggers are running/,
    );
    // Not hidden in a collapsed panel.
    expect(
      within(screen.getByTestId('astro-runtime-yanked')).getByText(
        /metadata DB migration issues when triggers are running/,
      ),
    ).toBeVisible();
    expect(upgradeLink().formData.targetVersion).toBe('13.1.0');
  });

  it('unsupported: support ended, with days since', async () => {
    const { status } = await renderCard('unsupported');
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'unsupported',
    );
    expect(screen.getByTestId('astro-runtime-lifecycle')).toHaveTextContent(
      'Unsupported',
    );
    const days = -status.lifecycle.daysToEndOfBasicSupport!;
    expect(days).toBeGreaterThan(0);
    expect(
      screen.getByTestId('astro-runtime-end-of-basic-support'),
    ).toHaveTextContent(`(ended ${days} days ago)`);
  });

  it('Astronomer Certified: says to migrate, no latest, nothing to open', async () => {
    await renderCard('certified');
    expect(screen.getByTestId('astro-runtime-state')).toHaveTextContent(
      'Astronomer Certified',
    );
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '2.3.0-5-onbuild',
    );
    expect(screen.queryByTestId('astro-runtime-latest')).toBeNull();
    expect(screen.getByTestId('astro-runtime-findings')).toHaveTextContent(
      /Astronomer Certified image .*migrate to Astro Runtime/,
    );
    expectUpgradeDisabled(/Astronomer Certified/);
  });

  it('not Astro (stored status): names the base image', async () => {
    await renderCard('notAstro');
    expect(screen.getByTestId('astro-runtime-state')).toHaveTextContent(
      'Not Astro Runtime',
    );
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      'python:3.11-slim',
    );
    expectUpgradeDisabled(/Not Astro Runtime/);
  });

  it('not Astro (422 from the backend): an explanatory empty state', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw await responseError(
          422,
          'InputError',
          'The Dockerfile is based on python:3.11-slim',
        );
      }),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    const panel = await screen.findByTestId('astro-runtime-not-astro');
    expect(panel).toHaveTextContent('Not an Astro project');
    expect(panel).toHaveTextContent(
      'The Dockerfile is based on python:3.11-slim',
    );
  });

  it('missing annotation: when the backend does not know the entity, tells which annotation to add', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw await responseError(
          422,
          'NotAstroProjectError',
          'component:default/orders is not an Astro project',
        );
      }),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders', {}),
      api,
    });
    const card = screen.getByTestId('astro-runtime-card');
    await waitFor(() =>
      expect(card).toHaveTextContent('astronomer.io/deployment-id'),
    );
    expect(card).toHaveTextContent('astronomer.io/project-path');
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/orders',
      expect.anything(),
    );
  });

  it('backend error without a status: the reason', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw await responseError(500, 'Error', 'database is locked');
      }),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    const panel = await screen.findByTestId('astro-runtime-error');
    expect(panel).toHaveTextContent('Could not load the Astro Runtime status');
    expect(panel).toHaveTextContent('database is locked');
  });

  it('404: unknown or invisible entity', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw await responseError(
          404,
          'NotFoundError',
          'No entity component:default/orders',
        );
      }),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    expect(await screen.findByTestId('astro-runtime-error')).toHaveTextContent(
      'No entity component:default/orders',
    );
  });

  it('upstream error on refresh: the reason, with the last known status still shown', async () => {
    const status = statusFor(DOCKERFILES.majorBehind);
    const api = mockAstroRuntimeApi({
      getEntityStatus: resolved(
        recordFor('orders', status, {
          stale: true,
          error: {
            message: 'GitHub answered 502 Bad Gateway',
            code: 'UPSTREAM',
            at: '2025-06-02T08:00:00Z',
          },
          checkedAt: '2025-06-02T08:00:00Z',
        }),
      ),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    const stale = await screen.findByTestId('astro-runtime-stale');
    expect(stale).toHaveTextContent('showing the last known status');
    expect(stale).toHaveTextContent('GitHub answered 502 Bad Gateway');
    expect(stale).toHaveTextContent('2025-06-01 12:00 UTC');
    expect(
      within(stale).getByText(/GitHub answered 502 Bad Gateway/),
    ).toBeVisible();
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '12.4.0',
    );
    expect(screen.getByTestId('astro-runtime-state')).toHaveAttribute(
      'data-state',
      'major-behind',
    );
  });

  it('a record that never assessed successfully shows the error', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: resolved(
        recordFor('orders', undefined, {
          stale: true,
          error: {
            message: 'No Dockerfile at the source location',
            code: 'NO_DOCKERFILE',
            at: '2025-06-02T08:00:00Z',
          },
        }),
      ),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    expect(await screen.findByTestId('astro-runtime-error')).toHaveTextContent(
      'No Dockerfile at the source location (NO_DOCKERFILE)',
    );
  });

  it('loading: a progress bar', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(() => new Promise(() => {})),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByTestId('astro-runtime-state')).toBeNull();
  });

  it('refresh: reassesses with fresh=true and shows the new status', async () => {
    const before = statusFor(DOCKERFILES.minorBehind);
    const after = statusFor(`FROM quay.io/astronomer/astro-runtime:13.1.0\n`);
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async (_ref, options) =>
        recordFor('orders', options?.fresh ? after : before),
      ),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    expect(
      await screen.findByTestId('astro-runtime-current'),
    ).toHaveTextContent('13.0.0');
    await userEvent.click(screen.getByRole('button', { name: 'Reassess now' }));
    await waitFor(() =>
      expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
        '13.1.0',
      ),
    );
    expect(api.getEntityStatus).toHaveBeenLastCalledWith(
      'component:default/orders',
      {
        fresh: true,
      },
    );
  });

  it('refresh failure keeps the stored status and says why', async () => {
    const before = statusFor(DOCKERFILES.minorBehind);
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async (_ref, options) => {
        if (options?.fresh) {
          throw await responseError(
            502,
            'ServiceUnavailableError',
            'Astro API answered 503',
          );
        }
        return recordFor('orders', before);
      }),
    });
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api,
    });
    await screen.findByTestId('astro-runtime-current');
    await userEvent.click(screen.getByRole('button', { name: 'Reassess now' }));
    expect(
      await screen.findByTestId('astro-runtime-refresh-error'),
    ).toHaveTextContent('Astro API answered 503');
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '13.0.0',
    );
  });

  it('shows when the data is from and how old the release catalog is', async () => {
    await renderCard('minorBehind');
    const asOf = screen.getByTestId('astro-runtime-data-as-of');
    expect(asOf).toHaveTextContent('Data as of 2025-06-01 12:00 UTC');
    expect(asOf).toHaveTextContent(
      /Release catalog: bundled as of \d{4}-\d{2}-\d{2}/,
    );
  });
});
