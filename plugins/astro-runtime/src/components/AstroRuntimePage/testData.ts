/*
 * Test fixtures: real statuses from `assess()` over the bundled release
 * catalog with a fixed `now`, and an in-memory fake of `GET /statuses`
 * (filters + cursor paging) for the page tests.
 */
import {
  assess,
  getBundledCatalog,
  mustMoveToAirflow3,
  summarizeGroups,
  toStatusRow,
  type DeploymentInfo,
  type EntityStatusRecord,
  type AdoptionPoint,
  type StatusListResponse,
  type StatusRowsResponse,
  type SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { StatusListQuery, SummaryQuery } from '../../api';
import { toPageRow, type PageRow } from './rows';

/** The page's row of a record, as the backend's `view=rows` projects it. */
export function pageRowOf(record: EntityStatusRecord): PageRow {
  return toPageRow(toStatusRow(record));
}

export const NOW = new Date('2026-01-15T12:00:00Z');
export const ASSESSED_AT = NOW.toISOString();

interface FixtureInput {
  name: string;
  owner: string;
  dockerfile: string;
  deployments?: DeploymentInfo[];
  title?: string;
}

const INPUTS: FixtureInput[] = [
  {
    name: 'orders-pipeline',
    owner: 'group:default/data-platform',
    title: 'Orders pipeline',
    dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.1.0\n',
    deployments: [
      {
        id: 'dep-orders-prod',
        name: 'orders-prod',
        astroRuntimeVersion: '13.1.0',
      },
    ],
  },
  {
    name: 'billing-etl',
    owner: 'group:default/data-platform',
    dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0-python-3.12\n',
    deployments: [
      {
        id: 'dep-billing-prod',
        name: 'billing-prod',
        astroRuntimeVersion: '12.1.0',
      },
    ],
  },
  {
    name: 'legacy-reports',
    owner: 'group:default/finance',
    dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0\n',
  },
  {
    name: 'ml-features',
    owner: 'group:default/ml-team',
    dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
  },
  {
    name: 'payments-sync',
    owner: 'group:default/data-platform',
    dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    deployments: [
      {
        id: 'dep-payments-prod',
        name: 'payments-prod',
        astroRuntimeVersion: '13.1.0',
      },
    ],
  },
  {
    name: 'old-certified',
    owner: 'group:default/ml-team',
    dockerfile: 'FROM quay.io/astronomer/ap-airflow:2.5.0-onbuild\n',
  },
  {
    name: 'plain-python',
    owner: 'group:default/finance',
    dockerfile: 'FROM python:3.12-slim\n',
  },
];

/** One record per input, assessed for real. */
export function fixtureRecords(): EntityStatusRecord[] {
  const catalog = getBundledCatalog();
  return INPUTS.map(input => ({
    entityRef: `component:default/${input.name}`,
    title: input.title,
    owner: input.owner,
    stale: false,
    assessedAt: ASSESSED_AT,
    checkedAt: ASSESSED_AT,
    status: assess({
      project: { dockerfile: input.dockerfile },
      deployments: input.deployments,
      catalog,
      now: NOW,
    }),
  }));
}

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/**
 * A fake `GET /statuses`: filters like the backend (owner, state, line,
 * mustMoveToAirflow3, q) and pages with an opaque cursor (here: the offset,
 * prefixed).
 */
function matchingRecords(records: EntityStatusRecord[], query: SummaryQuery) {
  const owners = asList(query.owner);
  const states = asList(query.state);
  const lines = asList(query.line);
  const q = query.q?.toLowerCase();
  return records.filter(
    r =>
      (!owners || (r.owner !== undefined && owners.includes(r.owner))) &&
      (!states ||
        (r.status !== undefined && states.includes(r.status.state))) &&
      (!lines ||
        (r.status?.runtime !== undefined &&
          lines.includes(r.status.runtime.line))) &&
      (!query.mustMoveToAirflow3 ||
        (r.status !== undefined && mustMoveToAirflow3(r.status))) &&
      (!q ||
        r.entityRef.toLowerCase().includes(q) ||
        (r.title ?? '').toLowerCase().includes(q)),
  );
}

/**
 * A fake `GET /summary`: the backend's counts (-common's `summarizeGroups`,
 * each matching record a group of one), `adoption` as given.
 */
export function fakeSummary(
  records: EntityStatusRecord[],
  adoption: AdoptionPoint[],
) {
  return async (query: SummaryQuery = {}): Promise<SummaryResponse> => ({
    ...summarizeGroups(
      matchingRecords(records, query).map(r => ({
        owner: r.owner,
        repoVersion: r.status?.runtime?.version,
        state: r.status?.state,
        line: r.status?.runtime?.line,
        severity: r.status?.severity,
        stale: Boolean(r.stale),
        count: 1,
      })),
    ),
    adoption,
  });
}

export function fakeListStatuses(records: EntityStatusRecord[]) {
  return async (query: StatusListQuery = {}): Promise<StatusListResponse> => {
    const matching = matchingRecords(records, query);
    const offset = query.cursor ? Number(query.cursor.replace(/^c/, '')) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(offset, offset + limit);
    const end = offset + items.length;
    return {
      items,
      totalCount: matching.length,
      nextCursor: end < matching.length ? `c${end}` : undefined,
    };
  };
}

/** A fake `GET /statuses?view=rows`: the pages above, each record projected by -common's `toStatusRow`. */
export function fakeListStatusRows(records: EntityStatusRecord[]) {
  const list = fakeListStatuses(records);
  return async (query: StatusListQuery = {}): Promise<StatusRowsResponse> => {
    const page = await list(query);
    return { ...page, items: page.items.map(r => toStatusRow(r)) };
  };
}
