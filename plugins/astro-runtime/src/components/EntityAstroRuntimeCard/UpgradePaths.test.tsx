import { screen, within } from '@testing-library/react';
import {
  assess,
  getBundledCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AF2, entityFor, recordFor } from '../../__testUtils__/fixtures';
import {
  mockAstroRuntimeApi,
  renderWithEntity,
  resolved,
} from '../../__testUtils__/render';
import { EntityAstroRuntimeCard } from './EntityAstroRuntimeCard';

async function renderAt(tag: string, now: string) {
  const status = assess({
    project: { dockerfile: `FROM ${AF2}:${tag}\n` },
    catalog: getBundledCatalog(),
    now: new Date(now),
  });
  const api = mockAstroRuntimeApi({
    getEntityStatus: resolved(recordFor('orders', status)),
  });
  await renderWithEntity(<EntityAstroRuntimeCard />, {
    entity: entityFor('orders'),
    api,
  });
  await screen.findByTestId('astro-runtime-state');
  return status;
}

function formDataOf(link: HTMLElement) {
  const url = new URL(link.getAttribute('href')!, 'http://localhost');
  return JSON.parse(url.searchParams.get('formData') ?? 'null');
}

describe('upgrade paths on the card', () => {
  it('Airflow 2 project on 2026-12-02: both paths side by side, Airflow 3 recommended', async () => {
    await renderAt('12.4.0', '2026-12-02T00:00:00Z');
    const paths = screen.getAllByTestId('astro-runtime-path');
    expect(paths.map(p => p.getAttribute('data-kind'))).toEqual([
      'in-line',
      'airflow3',
    ]);
    const [stay, move] = paths;
    expect(stay).toHaveTextContent(
      'Stay on Airflow 2 until 2027-11-30: 13.1.0',
    );
    expect(stay).toHaveTextContent(
      'maintenance ended 2026-11-30, basic support until 2027-11-30',
    );
    expect(stay).toHaveAttribute('data-recommended', 'false');
    expect(move).toHaveTextContent('Move to Airflow 3: 3.3-2');
    expect(move).toHaveTextContent('Recommended');
    expect(move).toHaveTextContent(
      'maintained at least until 2027-04-30 (policy)',
    );
    expect(move).toHaveTextContent('Migrates the metadata database');
    // the interim path lists its own considerations
    expect(
      within(stay).getAllByTestId('astro-runtime-path-consideration').length,
    ).toBeGreaterThan(0);
    // the button offers both targets; the card's main button the recommended one
    const buttons = screen.getAllByTestId('astro-runtime-path-upgrade-button');
    expect(buttons.map(b => formDataOf(b).targetVersion)).toEqual([
      '13.1.0',
      '3.3-2',
    ]);
    expect(
      formDataOf(screen.getByTestId('astro-runtime-upgrade-button'))
        .targetVersion,
    ).toBe('3.3-2');
  });

  it('on 2026-06-01 the in-line path is the recommended one', async () => {
    await renderAt('12.4.0', '2026-06-01T00:00:00Z');
    const [stay, move] = screen.getAllByTestId('astro-runtime-path');
    expect(stay).toHaveAttribute('data-recommended', 'true');
    expect(move).toHaveAttribute('data-recommended', 'false');
    expect(stay).toHaveTextContent('maintained until 2026-11-30');
  });

  it('below Runtime 12 the Airflow 3 button opens the interim upgrade first', async () => {
    await renderAt('11.8.0', '2026-12-02T00:00:00Z');
    const move = screen
      .getAllByTestId('astro-runtime-path')
      .find(p => p.getAttribute('data-kind') === 'airflow3')!;
    expect(move).toHaveTextContent('Upgrade to 13.1.0 and deploy it first');
    const button = within(move).getByTestId(
      'astro-runtime-path-upgrade-button',
    );
    expect(formDataOf(button).targetVersion).toBe('13.1.0');
  });
});
