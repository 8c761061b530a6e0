import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { EntityStatusRecord } from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type StatusListQuery } from '../../api';

const NO_ITEMS: EntityStatusRecord[] = [];

/** The backend filters of the page (`GET /statuses?owner=&state=&line=&q=`). */
export type StatusFilters = Pick<StatusListQuery, 'owner' | 'state' | 'line' | 'q'>;

function cleanQuery(filters: StatusFilters): StatusFilters {
  const out: StatusFilters = {};
  if (filters.owner) out.owner = filters.owner;
  if (filters.state) out.state = filters.state;
  if (filters.line) out.line = filters.line;
  if (typeof filters.q === 'string' && filters.q.trim()) out.q = filters.q.trim();
  return out;
}

export interface StatusPage {
  loading: boolean;
  error?: Error;
  items: EntityStatusRecord[];
  totalCount?: number;
  /** 0-based page number. */
  pageIndex: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
}

/**
 * One page of `GET /statuses`, following the backend's cursor: "next" pushes
 * the page's `nextCursor`, "previous" pops back to the cursor of the page
 * before. Changing the filters or the page size starts again at page 1.
 */
export function useStatusPage(
  filters: StatusFilters,
  pageSize: number,
  reloadKey: number,
): StatusPage {
  const api = useApi(astroRuntimeApiRef);
  const query = useMemo(() => cleanQuery(filters), [filters]);
  const key = JSON.stringify([query, pageSize]);
  const [nav, setNav] = useState<{ key: string; cursors: Array<string | undefined> }>(
    { key, cursors: [undefined] },
  );
  const cursors = useMemo(
    () => (nav.key === key ? nav.cursors : [undefined]),
    [nav, key],
  );
  const cursor = cursors[cursors.length - 1];

  const { loading, error, value } = useAsync(
    () => api.listStatuses({ ...query, cursor, limit: pageSize }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, cursor, reloadKey],
  );

  const nextCursor = loading ? undefined : value?.nextCursor;
  const next = useCallback(() => {
    if (!nextCursor) return;
    setNav({ key, cursors: [...cursors, nextCursor] });
  }, [key, cursors, nextCursor]);
  const previous = useCallback(() => {
    if (cursors.length <= 1) return;
    setNav({ key, cursors: cursors.slice(0, -1) });
  }, [key, cursors]);

  return {
    loading,
    error,
    items: value?.items ?? NO_ITEMS,
    totalCount: value?.totalCount,
    pageIndex: cursors.length - 1,
    hasNext: Boolean(nextCursor),
    hasPrevious: cursors.length > 1,
    next,
    previous,
  };
}

/** Page size and page cap of the chart's full read. */
export const OVERVIEW_PAGE_SIZE = 500;
export const OVERVIEW_MAX_PAGES = 20;

export interface StatusOverview {
  loading: boolean;
  error?: Error;
  items: EntityStatusRecord[];
  totalCount?: number;
  /** True when the page cap stopped the read before the last page. */
  truncated: boolean;
}

/**
 * Every status matching the filters (all pages, up to
 * {@link OVERVIEW_MAX_PAGES} × {@link OVERVIEW_PAGE_SIZE}), for the chart.
 */
export function useStatusOverview(
  filters: StatusFilters,
  reloadKey: number,
): StatusOverview {
  const api = useApi(astroRuntimeApiRef);
  const query = useMemo(() => cleanQuery(filters), [filters]);
  const key = JSON.stringify(query);
  const { loading, error, value } = useAsync(async () => {
    const items: EntityStatusRecord[] = [];
    let cursor: string | undefined;
    let totalCount = 0;
    for (let page = 0; page < OVERVIEW_MAX_PAGES; page++) {
      const res = await api.listStatuses({
        ...query,
        cursor,
        limit: OVERVIEW_PAGE_SIZE,
      });
      items.push(...res.items);
      totalCount = res.totalCount;
      cursor = res.nextCursor;
      if (!cursor) return { items, totalCount, truncated: false };
    }
    return { items, totalCount, truncated: true };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, reloadKey]);
  return {
    loading,
    error,
    items: value?.items ?? NO_ITEMS,
    totalCount: value?.totalCount,
    truncated: value?.truncated ?? false,
  };
}
