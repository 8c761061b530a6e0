import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { Consideration } from '@backstage-astro/plugin-astro-runtime-common';
import {
  CONSIDERATIONS_SHOWN,
  Considerations,
  orderConsiderations,
} from './Considerations';

function consideration(
  id: string,
  severity: Consideration['severity'],
  extra: Partial<Consideration> = {},
): Consideration {
  return {
    id,
    severity,
    title: `Title ${id}`,
    detail: `Detail ${id}`,
    ...extra,
  } as Consideration;
}

const list = [
  consideration('a', 'info', { version: '13.0.0' }),
  consideration('b', 'error'),
  consideration('c', 'warning', {
    docUrl: 'https://www.astronomer.io/docs/c',
  }),
  consideration('d', 'error', { version: '12.5.0' }),
  consideration('e', 'info'),
];

describe('orderConsiderations', () => {
  it('most severe first, keeping the given order within a severity', () => {
    expect(orderConsiderations(list).map(c => c.id)).toEqual([
      'b',
      'd',
      'c',
      'a',
      'e',
    ]);
  });
});

describe('Considerations', () => {
  it('titled with the target and count; the first few, then "Show N more"', async () => {
    await renderInTestApp(
      <Considerations considerations={list} target="13.1.0" />,
    );
    expect(
      screen.getByRole('heading', { name: 'Considerations for 13.1.0 (5)' }),
    ).toBeInTheDocument();
    const shown = screen.getAllByTestId('astro-runtime-consideration');
    expect(shown).toHaveLength(CONSIDERATIONS_SHOWN);
    expect(shown[0]).toHaveAttribute('data-severity', 'error');
    expect(shown[1]).toHaveTextContent('Title d (crossing 12.5.0)');
    expect(
      within(shown[2]).getByRole('link', { name: /^Documentation: Title c/ }),
    ).toHaveAttribute('href', 'https://www.astronomer.io/docs/c');

    const toggle = screen.getByTestId('astro-runtime-considerations-toggle');
    expect(toggle).toHaveTextContent(`Show ${5 - CONSIDERATIONS_SHOWN} more`);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(screen.getAllByTestId('astro-runtime-consideration')).toHaveLength(
      5,
    );
    expect(toggle).toHaveTextContent('Show fewer');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });

  it('no toggle when all fit; no target in the title when there is none', async () => {
    await renderInTestApp(<Considerations considerations={list.slice(0, 2)} />);
    expect(
      screen.getByRole('heading', { name: 'Considerations (2)' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('astro-runtime-considerations-toggle'),
    ).toBeNull();
  });

  it('nothing without considerations', async () => {
    await renderInTestApp(<Considerations considerations={[]} />);
    expect(screen.queryByTestId('astro-runtime-considerations')).toBeNull();
  });
});
