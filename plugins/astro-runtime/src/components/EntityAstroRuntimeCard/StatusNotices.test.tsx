import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DOCKERFILES,
  NOW,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import { DataAsOf } from './DataAsOf';
import { FindingsSection } from './FindingsSection';
import { StaleNotice } from './StaleNotice';
import { YankedNotice } from './YankedNotice';

describe('StaleNotice', () => {
  it('a stale record: the error, when it was attempted, and the age of the status', async () => {
    const status = statusFor(DOCKERFILES.upToDate);
    const record = recordFor('orders', status, {
      stale: true,
      error: { message: 'GitHub said 502', at: '2025-06-02T08:30:00Z' },
    });
    await renderInTestApp(<StaleNotice record={record} status={status} />);
    expect(screen.getByTestId('astro-runtime-stale')).toHaveTextContent(
      'Could not refresh: showing the last known status' +
        'GitHub said 502 (attempted 2025-06-02 08:30 UTC)' +
        '. Last known status from 2025-06-01 12:00 UTC.',
    );
  });

  it('nothing for a fresh record', async () => {
    const status = statusFor(DOCKERFILES.upToDate);
    await renderInTestApp(
      <StaleNotice record={recordFor('orders', status)} status={status} />,
    );
    expect(screen.queryByTestId('astro-runtime-stale')).toBeNull();
  });
});

describe('YankedNotice', () => {
  it('a yanked Runtime: its version and the reason', async () => {
    const status = statusFor(DOCKERFILES.yanked);
    await renderInTestApp(<YankedNotice status={status} />);
    const alert = screen.getByTestId('astro-runtime-yanked');
    expect(alert).toHaveTextContent('Runtime 11.0.0 was yanked');
    expect(alert).toHaveTextContent(status.yankedReason ?? 'No reason given.');
  });

  it('nothing otherwise', async () => {
    await renderInTestApp(
      <YankedNotice status={statusFor(DOCKERFILES.upToDate)} />,
    );
    expect(screen.queryByTestId('astro-runtime-yanked')).toBeNull();
  });
});

describe('FindingsSection', () => {
  it("the assessment's findings, one item each", async () => {
    // a floating tag and a yanked release: two findings
    const status = {
      ...statusFor(DOCKERFILES.floating),
      findings: [
        ...statusFor(DOCKERFILES.floating).findings,
        ...statusFor(DOCKERFILES.yanked).findings,
      ],
    };
    expect(status.findings.length).toBeGreaterThan(1);
    await renderInTestApp(<FindingsSection status={status} />);
    const items = screen.getAllByTestId('astro-runtime-finding');
    expect(items.map(i => i.getAttribute('data-finding'))).toEqual(
      status.findings.map(f => f.id),
    );
    expect(items[0]).toHaveTextContent(status.findings[0].message);
  });

  it('nothing without findings', async () => {
    const status = { ...statusFor(DOCKERFILES.upToDate), findings: [] };
    await renderInTestApp(<FindingsSection status={status} />);
    expect(screen.queryByTestId('astro-runtime-findings')).toBeNull();
  });
});

describe('DataAsOf', () => {
  it('when the status was assessed and the catalog dated, with their ages at `now`', async () => {
    const status = statusFor(DOCKERFILES.upToDate);
    const now = new Date(NOW.getTime() + 3 * 3600_000);
    await renderInTestApp(<DataAsOf status={status} now={now} />);
    const text = screen.getByTestId('astro-runtime-data-as-of');
    expect(text).toHaveTextContent(
      'Data as of 2025-06-01 12:00 UTC (3 hours ago).',
    );
    expect(text).toHaveTextContent(
      `Release catalog: ${status.catalog.source} as of ${status.catalog.asOf}`,
    );
  });
});
