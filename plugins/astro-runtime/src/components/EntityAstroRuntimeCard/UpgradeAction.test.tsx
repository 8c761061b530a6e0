import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { describeState } from '@backstage-astro/plugin-astro-runtime-common';
import { DOCKERFILES, statusFor } from '../../__testUtils__/fixtures';
import { UpgradeAction } from './UpgradeAction';

const entityRef = 'component:default/orders';

describe('UpgradeAction', () => {
  it('a target: links to the upgrade template with entity and target', async () => {
    const status = statusFor(DOCKERFILES.patchBehind);
    await renderInTestApp(
      <UpgradeAction status={status} entityRef={entityRef} />,
    );
    const button = screen.getByRole('button', {
      name: `Open upgrade pull request to Runtime ${status.recommendedTarget}`,
    });
    const url = new URL(button.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/upgrade-astro-runtime',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      entity: entityRef,
      targetVersion: status.recommendedTarget,
    });
    expect(
      screen.queryByTestId('astro-runtime-upgrade-disabled-reason'),
    ).toBeNull();
  });

  it('no target: disabled, described by the state', async () => {
    const status = statusFor(DOCKERFILES.upToDate);
    await renderInTestApp(
      <UpgradeAction status={status} entityRef={entityRef} />,
    );
    const button = screen.getByTestId('astro-runtime-upgrade-button');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Open upgrade pull request');
    const state = describeState(status.state);
    expect(button).toHaveAccessibleDescription(
      `Nothing to upgrade to: ${state.label}. ${state.description}`,
    );
  });
});
