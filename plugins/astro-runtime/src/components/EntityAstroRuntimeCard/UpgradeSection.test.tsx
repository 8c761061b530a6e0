import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { describeUpdateKind } from '@backstage-astro/plugin-astro-runtime-common';
import { DOCKERFILES, statusFor } from '../../__testUtils__/fixtures';
import { UpgradeSection } from './UpgradeSection';

describe('UpgradeSection', () => {
  it('latest overall with its Airflow, latest in line, the update kind and target', async () => {
    const status = statusFor(DOCKERFILES.minorBehind);
    await renderInTestApp(<UpgradeSection status={status} />);
    expect(
      screen.getByRole('heading', { name: 'Upgrade' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-latest')).toHaveTextContent(
      `${status.latest!.version} (Airflow ${status.latest!.airflowVersion})`,
    );
    expect(
      screen.getByTestId('astro-runtime-latest-in-line'),
    ).toHaveTextContent('13.1.0');
    expect(screen.getByTestId('astro-runtime-update-kind')).toHaveTextContent(
      `${describeUpdateKind(status.updateKind).label} to ${
        status.recommendedTarget
      }`,
    );
    expect(screen.getByTestId('astro-runtime-target')).toHaveTextContent(
      status.recommendedTarget!,
    );
  });

  it('up to date: no "latest in line" repeating the latest, no target', async () => {
    await renderInTestApp(
      <UpgradeSection status={statusFor(DOCKERFILES.upToDate)} />,
    );
    expect(screen.queryByTestId('astro-runtime-latest-in-line')).toBeNull();
    expect(screen.queryByTestId('astro-runtime-latest-patch')).toBeNull();
    expect(screen.queryByTestId('astro-runtime-target')).toBeNull();
  });

  it('nothing for Astronomer Certified or without a Runtime', async () => {
    await renderInTestApp(
      <>
        <UpgradeSection status={statusFor(DOCKERFILES.certified)} />
        <UpgradeSection status={statusFor(DOCKERFILES.notAstro)} />
      </>,
    );
    expect(screen.queryByRole('heading', { name: 'Upgrade' })).toBeNull();
  });
});
