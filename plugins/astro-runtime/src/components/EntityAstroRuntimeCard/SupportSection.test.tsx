import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { describeLifecycle } from '@backstage-astro/plugin-astro-runtime-common';
import { DOCKERFILES, statusFor } from '../../__testUtils__/fixtures';
import { SupportSection } from './SupportSection';

describe('SupportSection', () => {
  it('the lifecycle and both end dates with the days left', async () => {
    const status = statusFor(DOCKERFILES.minorBehind);
    const { lifecycle } = status;
    await renderInTestApp(<SupportSection status={status} />);
    expect(screen.getByTestId('astro-runtime-lifecycle')).toHaveTextContent(
      describeLifecycle(lifecycle).label,
    );
    expect(
      screen.getByTestId('astro-runtime-end-of-maintenance'),
    ).toHaveTextContent(
      new RegExp(`^${lifecycle.endOfMaintenance} \\(\\d+ days? left\\)$`),
    );
    expect(
      screen.getByTestId('astro-runtime-end-of-basic-support'),
    ).toHaveTextContent(lifecycle.endOfBasicSupport!);
  });

  it('support ended: how long ago', async () => {
    await renderInTestApp(
      <SupportSection status={statusFor(DOCKERFILES.unsupported)} />,
    );
    expect(
      screen.getByTestId('astro-runtime-end-of-maintenance'),
    ).toHaveTextContent(/ended \d+ days ago/);
  });

  it('nothing when the lifecycle is unknown and has no dates', async () => {
    await renderInTestApp(
      <SupportSection status={statusFor(DOCKERFILES.notAstro)} />,
    );
    expect(screen.queryByRole('heading', { name: 'Support' })).toBeNull();
  });
});
