import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DOCKERFILES,
  DOWNGRADE_DEPLOYMENTS,
  statusFor,
} from '../../__testUtils__/fixtures';
import { DeploymentsSection } from './DeploymentsSection';

describe('DeploymentsSection', () => {
  it('each Deployment: name (linked when it has a UI), Runtime, status, relation', async () => {
    await renderInTestApp(
      <DeploymentsSection
        status={statusFor(DOCKERFILES.downgrade, DOWNGRADE_DEPLOYMENTS)}
      />,
    );
    const items = screen.getAllByTestId('astro-runtime-deployment');
    expect(items).toHaveLength(3);
    const prod = items.find(i => i.textContent?.includes('orders-prod'))!;
    expect(
      within(prod).getByRole('link', { name: /^orders-prod/ }),
    ).toHaveAttribute('href', 'https://cloud.astronomer.io/d/dep-prod');
    expect(prod).toHaveTextContent('13.0.0');
    const staging = items.find(i => i.textContent?.includes('orders-staging'))!;
    expect(staging).toHaveTextContent('HIBERNATING');
    expect(within(staging).queryByRole('link')).toBeNull();
    for (const item of items) {
      expect(item).toHaveAttribute('data-relation');
      expect(
        within(item).getByTestId('astro-runtime-deployment-relation'),
      ).not.toBeEmptyDOMElement();
    }
  });

  it('a Deployment without a name or Runtime shows its id and says so', async () => {
    await renderInTestApp(
      <DeploymentsSection
        status={statusFor(DOCKERFILES.upToDate, [{ id: 'dep-x' }])}
      />,
    );
    const item = screen.getByTestId('astro-runtime-deployment');
    expect(item).toHaveTextContent('dep-x');
    expect(item).toHaveTextContent('Runtime unknown');
  });

  it('nothing without Deployments', async () => {
    await renderInTestApp(
      <DeploymentsSection status={statusFor(DOCKERFILES.upToDate)} />,
    );
    expect(screen.queryByTestId('astro-runtime-deployments')).toBeNull();
  });
});
