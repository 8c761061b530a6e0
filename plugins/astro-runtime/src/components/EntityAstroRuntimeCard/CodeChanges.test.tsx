import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  summarizeCodeScans,
  type CodeFinding,
  type CodeStatus,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
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
import { CODE_FINDINGS_SHOWN } from './CodeChanges';

function finding(
  file: string,
  line: number,
  rule: string,
  extra: Partial<CodeFinding> = {},
): CodeFinding {
  return {
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 5,
    rule,
    name: rule,
    message: `${rule} message at ${file}:${line}`,
    help: null,
    severity: ['AIR301', 'AIR302', 'AIR303', 'syntax-error'].includes(rule)
      ? 'blocking'
      : 'advice',
    fix: null,
    ...extra,
  };
}

function codeOf(findings: CodeFinding[], extra: Partial<CodeStatus> = {}) {
  const files = [...new Set(findings.map(f => f.file)), 'dags/clean.py'];
  const scans = files.map(file => ({
    file,
    bytes: 100,
    findings: findings.filter(f => f.file === file),
  }));
  return {
    ...summarizeCodeScans(scans, [], { name: 'ruff', version: '0.16.10' }),
    scannedAt: '2025-06-01T11:00:00Z',
    ...extra,
  };
}

async function renderCard(status: RuntimeStatus, dockerfileUrl?: string) {
  const api = mockAstroRuntimeApi({
    getEntityStatus: resolved(recordFor('orders', status, { dockerfileUrl })),
  });
  await renderWithEntity(<EntityAstroRuntimeCard />, {
    entity: entityFor('orders'),
    api,
  });
  await screen.findByTestId('astro-runtime-state');
}

const SAFE = { applicability: 'safe' as const, message: 'Use `schedule`' };

describe('Code changes for Airflow 3', () => {
  it('counts per rule (blocking first), links each finding to its file and line, says what can be fixed', async () => {
    const status = statusFor(DOCKERFILES.majorBehind);
    status.code = codeOf([
      finding('dags/a.py', 3, 'AIR311'),
      finding('dags/a.py', 9, 'AIR301', { fix: SAFE }),
      finding('dags/b.py', 2, 'AIR302', {
        fix: { applicability: 'unsafe', message: 'Install the provider' },
      }),
      finding('dags/b.py', 7, 'AIR301', { fix: SAFE }),
    ]);
    await renderCard(
      status,
      'https://github.com/acme/orders/blob/main/airflow/Dockerfile',
    );
    const section = screen.getByTestId('astro-runtime-code');
    expect(
      within(section).getByRole('heading', {
        name: 'Code changes for Airflow 3',
      }),
    ).toBeInTheDocument();
    expect(
      within(section)
        .getAllByTestId('astro-runtime-code-total')
        .map(c => c.textContent),
    ).toEqual(['AIR301 × 2', 'AIR302 × 1', 'AIR311 × 1']);
    expect(screen.getByTestId('astro-runtime-code-summary')).toHaveTextContent(
      '4 findings in 2 of 3 Python files: 3 blocking, 1 advice.',
    );
    expect(screen.getByTestId('astro-runtime-code-fixable')).toHaveTextContent(
      '2 can be fixed automatically (in 2 files',
    );
    const items = within(section).getAllByTestId('astro-runtime-code-finding');
    // blocking first, then file and line order
    expect(items.map(i => i.getAttribute('data-rule'))).toEqual([
      'AIR301',
      'AIR302',
      'AIR301',
      'AIR311',
    ]);
    const link = within(items[0]).getByRole('link', { name: /^dags\/a\.py:9/ });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/acme/orders/blob/main/airflow/dags/a.py#L9',
    );
    expect(items[0]).toHaveTextContent('AIR301 message at dags/a.py:9');
    expect(items[0]).toHaveTextContent('(fixable)');
    expect(items[1]).not.toHaveTextContent('(fixable)');
  });

  it('shows the first findings and the rest on demand', async () => {
    const status = statusFor(DOCKERFILES.majorBehind);
    const many = Array.from({ length: CODE_FINDINGS_SHOWN + 4 }, (_, i) =>
      finding('dags/many.py', i + 1, 'AIR311'),
    );
    status.code = codeOf(many);
    await renderCard(status);
    expect(screen.getAllByTestId('astro-runtime-code-finding')).toHaveLength(
      CODE_FINDINGS_SHOWN,
    );
    await userEvent.click(screen.getByTestId('astro-runtime-code-toggle'));
    expect(screen.getAllByTestId('astro-runtime-code-finding')).toHaveLength(
      many.length,
    );
  });

  it('on an Airflow 3 project shows what is left over, and says when nothing is', async () => {
    const status = statusFor(DOCKERFILES.upToDate);
    status.code = codeOf([finding('dags/a.py', 4, 'AIR301')]);
    await renderCard(status);
    expect(screen.getByTestId('astro-runtime-code-summary')).toHaveTextContent(
      'Left over from the move to Airflow 3: 1 finding in 1 of 2 Python files: 1 blocking (left over), 0 advice.',
    );
    // without a Dockerfile URL the location is plain text
    const item = screen.getByTestId('astro-runtime-code-finding');
    expect(within(item).queryByRole('link')).toBeNull();
    expect(item).toHaveTextContent('dags/a.py:4');
  });

  it('clean code, a failed rescan, and no scan at all', async () => {
    const clean = statusFor(DOCKERFILES.upToDate);
    clean.code = codeOf([], {
      error: { message: 'SCM timed out', at: '2025-06-01T11:30:00Z' },
    });
    const { unmount } = await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('orders'),
      api: mockAstroRuntimeApi({
        getEntityStatus: resolved(recordFor('orders', clean)),
      }),
    });
    await screen.findByTestId('astro-runtime-state');
    expect(screen.getByTestId('astro-runtime-code-summary')).toHaveTextContent(
      'Nothing to change in 1 Python file.',
    );
    expect(screen.getByTestId('astro-runtime-code-error')).toHaveTextContent(
      'Could not rescan the code: SCM timed out',
    );
    expect(screen.queryByTestId('astro-runtime-code-fixable')).toBeNull();
    unmount();

    await renderCard(statusFor(DOCKERFILES.majorBehind));
    expect(screen.queryByTestId('astro-runtime-code')).toBeNull();
  });
});
