import {
  assess,
  getBundledCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AF2, AF3, recordFor } from '../../__testUtils__/fixtures';
import { applyRowFilters } from './Filters';
import { pageRowOf } from './testData';

const rowAt = (name: string, image: string, tag: string, now: string) =>
  pageRowOf(
    recordFor(
      name,
      assess({
        project: { dockerfile: `FROM ${image}:${tag}\n` },
        catalog: getBundledCatalog(),
        now: new Date(now),
      }),
    ),
  );

describe('"Must move to Airflow 3"', () => {
  const dec = '2026-12-02T00:00:00Z';
  const rows = [
    rowAt('on-12', AF2, '12.4.0', dec),
    rowAt('on-13', AF2, '13.1.0', dec),
    rowAt('on-af3', AF3, '3.1-12', dec),
    rowAt('on-12-in-june', AF2, '12.4.0', '2026-06-01T00:00:00Z'),
  ];

  it('marks Airflow 2 projects with no maintained Airflow 2 version left', () => {
    expect(
      rows.map(r => [r.title ?? r.entityRef, r.mustMoveToAirflow3]),
    ).toEqual([
      ['component:default/on-12', true],
      ['component:default/on-13', true],
      ['component:default/on-af3', false],
      ['component:default/on-12-in-june', false],
    ]);
  });

  it('the filter keeps only those rows, and all rows when off', () => {
    expect(
      applyRowFilters(rows, { mustMoveToAirflow3: true }).map(r => r.entityRef),
    ).toEqual(['component:default/on-12', 'component:default/on-13']);
    expect(applyRowFilters(rows, {})).toHaveLength(rows.length);
  });
});
