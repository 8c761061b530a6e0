import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  StatusRow,
  SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type StatusListQuery } from '../../api';

const NO_ITEMS: StatusRow[] = [];

/** The backend filters of the page (`GET /statuses?owner=&state=&line=&q=&mustMoveToAirflow3=`). */
export type StatusFilters = Pick<
  StatusListQuery,
  'owner' | 'state' | 'line' | 'q' | 'mustMoveToAirflow3'
>;

function cleanQuery(filters: StatusFilters): StatusFilters {
  const out: StatusFilters = {};
  if (filters.owner) out.owner = filters.owner;
  if (filters.state) out.state = filters.state;
  if (filters.line) out.line = filters.line;
  if (filters.mustMoveToAirflow3) out.mustMoveToAirflow3 = true;
  if (typeof filters.q === 'string' && filters.q.trim())
    out.q = filters.q.trim();
  return out;
}

export interface StatusPage {
  loading: boolean;
  error?: Error;
  items: StatusRow[];
  totalCount?: number;
  /** 0-based page number. */
  pageIndex: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
}

/**
 * One page of `GET /statuses?view=rows` (lean rows, not whole statuses),
 * following the backend's cursor: "next" pushes
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
  const [nav, setNav] = useState<{
    key: string;
    cursors: Array<string | undefined>;
  }>({ key, cursors: [undefined] });
  const cursors = useMemo(
    () => (nav.key === key ? nav.cursors : [undefined]),
    [nav, key],
  );
  const cursor = cursors[cursors.length - 1];

  const { loading, error, value } = useAsync(
    () => api.listStatusRows({ ...query, cursor, limit: pageSize }),
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

export interface StatusSummary {
  loading: boolean;
  error?: Error;
  value?: SummaryResponse;
}

/**
 * `GET /summary` for the filters: the counts the charts and the headline
 * draw, computed by the backend over the entities the user may see (the page
 * never reads all rows).
 */
export function useStatusSummary(
  filters: StatusFilters,
  days: number,
  reloadKey: number,
): StatusSummary {
  const api = useApi(astroRuntimeApiRef);
  const query = useMemo(() => cleanQuery(filters), [filters]);
  const key = JSON.stringify(query);
  const { loading, error, value } = useAsync(
    () => api.getSummary({ ...query, days }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, days, reloadKey],
  );
  return { loading, error, value };
}
