import { useCallback, useEffect, useMemo, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type { AsyncState } from 'react-use/esm/useAsyncFn';
import {
  RUNTIME_LINES,
  STATE_PRECEDENCE,
  describeLine,
  describeState,
  type HistoryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AdoptionChart } from './AdoptionChart';
import { buildCsv, csvFileName, downloadCsv } from './csv';
import {
  Filters,
  applyRowFilters,
  type FilterOption,
  type FiltersValue,
} from './Filters';
import { RefreshStatus } from './RefreshStatus';
import { toPageRow } from './rows';
import { StatusTable } from './StatusTable';
import { useRefreshProgress } from './useRefreshProgress';
import {
  useStatusPage,
  useStatusSummary,
  type StatusFilters,
  type StatusSummary,
} from './useStatuses';
import { VersionsChart } from './VersionsChart';
import { AstroRuntimeScorecardOverview } from '../Scorecard';

/** @public */
export interface AstroRuntimePageProps {
  /** Days of adoption history to chart (`GET /history?days=`). Default 90. */
  historyDays?: number;
  /**
   * Also show the org-wide scorecard (pass rate of each Astro Runtime check)
   * from the tech-insights backend. Off by default: tech-insights is optional.
   */
  scorecard?: boolean;
  /** Rows per table page (one backend page). Default 25. */
  pageSize?: number;
  /** How often to read the refresh progress while a refresh runs. Default 2000 ms. */
  refreshPollIntervalMs?: number;
  /**
   * Fixed chart width in pixels; by default the charts fill their column.
   * (jsdom cannot measure, so tests set it.)
   */
  chartWidth?: number;
  /** Debounce of the search box. Default 300 ms. */
  searchDebounceMs?: number;
}

const PAGE_SIZE_OPTIONS = [10, 25, 50, 100];

const EMPTY_FILTERS: FiltersValue = {
  search: '',
  owner: '',
  state: '',
  line: '',
};

function ownerLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref, { defaultKind: 'group' }), {
      defaultKind: 'group',
    });
  } catch {
    return ref;
  }
}

function VersionsPanel(props: { summary: StatusSummary; chartWidth?: number }) {
  const { summary, chartWidth } = props;
  if (summary.loading && !summary.value) return <Progress />;
  if (summary.error) {
    return (
      <ResponseErrorPanel
        error={summary.error}
        title="Could not load the counts for the chart"
      />
    );
  }
  return (
    <VersionsChart
      counts={summary.value?.byVersionState ?? []}
      width={chartWidth}
    />
  );
}

/** One line over the charts: how many projects, how many block, how many are stale. */
function Headline(props: { summary: StatusSummary }) {
  const value = props.summary.value;
  if (!value) return null;
  const plural = (n: number, one: string, many: string) =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  return (
    <Typography
      variant="subtitle1"
      data-testid="astro-runtime-headline"
      style={{ marginBottom: 8 }}
    >
      {plural(value.total, 'Astro project', 'Astro projects')}
      {' · '}
      {plural(value.blockers, 'with a blocker', 'with blockers')}
      {value.stale > 0 ? ` · ${plural(value.stale, 'stale', 'stale')}` : ''}
    </Typography>
  );
}

function AdoptionPanel(props: {
  history: AsyncState<HistoryResponse>;
  days: number;
  chartWidth?: number;
}) {
  const { history, days, chartWidth } = props;
  if (history.loading) return <Progress />;
  if (history.error) {
    return (
      <ResponseErrorPanel
        error={history.error}
        title="Could not load the adoption history"
      />
    );
  }
  return (
    <AdoptionChart
      points={history.value?.points ?? []}
      days={days}
      width={chartWidth}
    />
  );
}

/** The content of the page (without the Backstage page frame). */
export function AstroRuntimeOverview(props: AstroRuntimePageProps) {
  const {
    historyDays = 90,
    pageSize: initialPageSize = 25,
    refreshPollIntervalMs = 2000,
    chartWidth,
    searchDebounceMs = 300,
  } = props;

  const [filters, setFilters] = useState<FiltersValue>(EMPTY_FILTERS);
  const [search, setSearch] = useState('');
  const [pageSize, setPageSize] = useState(initialPageSize);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(filters.search), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [filters.search, searchDebounceMs]);

  const refresh = useRefreshProgress(refreshPollIntervalMs);
  const reloadKey = refresh.finishedCount;

  const query = useMemo<StatusFilters>(
    () => ({
      owner: filters.owner || undefined,
      state: filters.state || undefined,
      line: filters.line || undefined,
      mustMoveToAirflow3: filters.mustMoveToAirflow3 || undefined,
      q: search || undefined,
    }),
    [
      filters.owner,
      filters.state,
      filters.line,
      filters.mustMoveToAirflow3,
      search,
    ],
  );

  const page = useStatusPage(query, pageSize, reloadKey);
  const summary = useStatusSummary(query, historyDays, reloadKey);
  const history = useMemo<AsyncState<HistoryResponse>>(
    () =>
      summary.error
        ? { loading: false, error: summary.error }
        : ({
            loading: summary.loading && !summary.value,
            value: summary.value
              ? { points: summary.value.adoption }
              : undefined,
          } as AsyncState<HistoryResponse>),
    [summary],
  );

  const rows = useMemo(
    // "Must move to Airflow 3" is a backend filter (in `query`): the pages
    // and counts already hold only those projects
    () =>
      applyRowFilters(page.items.map(toPageRow), {
        airflow3Blockers: filters.airflow3Blockers,
      }),
    [page.items, filters.airflow3Blockers],
  );

  // Owners offered in the filter: every owner seen so far.
  const [knownOwners, setKnownOwners] = useState<string[]>([]);
  useEffect(() => {
    setKnownOwners(prev => {
      const all = new Set(prev);
      for (const owner of Object.keys(summary.value?.byOwner ?? {})) {
        all.add(owner);
      }
      for (const r of page.items) {
        if (r.owner) all.add(r.owner);
      }
      if (filters.owner) all.add(filters.owner);
      return all.size === prev.length ? prev : [...all].sort();
    });
  }, [summary.value, page.items, filters.owner]);

  const ownerOptions = useMemo<FilterOption[]>(
    () => knownOwners.map(o => ({ value: o, label: ownerLabel(o) })),
    [knownOwners],
  );
  const stateOptions = useMemo<FilterOption[]>(
    () =>
      STATE_PRECEDENCE.map(s => ({ value: s, label: describeState(s).label })),
    [],
  );
  const lineOptions = useMemo<FilterOption[]>(
    () => RUNTIME_LINES.map(l => ({ value: l, label: describeLine(l).label })),
    [],
  );

  const exportCsv = useCallback(() => {
    downloadCsv(buildCsv(rows), csvFileName(new Date()));
  }, [rows]);

  return (
    <>
      <RefreshStatus
        progress={refresh.progress}
        error={refresh.error}
        triggering={refresh.triggering}
        onRefresh={refresh.refreshNow}
      />
      <Headline summary={summary} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <Paper variant="outlined" style={{ padding: 16 }}>
            <VersionsPanel summary={summary} chartWidth={chartWidth} />
          </Paper>
        </Grid>
        <Grid item xs={12} md={6}>
          <Paper variant="outlined" style={{ padding: 16 }}>
            <AdoptionPanel
              history={history}
              days={historyDays}
              chartWidth={chartWidth}
            />
          </Paper>
        </Grid>
        <Grid item xs={12}>
          <Filters
            value={filters}
            onChange={setFilters}
            owners={ownerOptions}
            states={stateOptions}
            lines={lineOptions}
            onExport={exportCsv}
            exportDisabled={rows.length === 0}
          />
          {page.error ? (
            <ResponseErrorPanel
              error={page.error}
              title="Could not load the Astro projects"
            />
          ) : (
            <StatusTable
              rows={rows}
              loading={page.loading}
              totalCount={page.totalCount}
              pageIndex={page.pageIndex}
              pageSize={pageSize}
              pageSizeOptions={PAGE_SIZE_OPTIONS}
              onPageSizeChange={setPageSize}
              hasNext={page.hasNext}
              hasPrevious={page.hasPrevious}
              onNext={page.next}
              onPrevious={page.previous}
              emptyContent={
                <Typography variant="body2" style={{ padding: 16 }}>
                  No Astro projects match these filters.
                </Typography>
              }
            />
          )}
        </Grid>
      </Grid>
    </>
  );
}

/**
 * The org-wide Astro Runtime page (route `/astro-runtime`): every Astro
 * project the user may see, how the org is spread over Runtime versions,
 * adoption over time, and the refresh task's progress.
 *
 * @public
 */
export function AstroRuntimePage(props: AstroRuntimePageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Astro Runtime"
        subtitle="Runtime versions, support and upgrades of every Astro project"
      />
      <Content>
        <div data-testid="astro-runtime-page">
          <AstroRuntimeOverview {...props} />
          {props.scorecard ? (
            <div style={{ marginTop: 24 }}>
              <AstroRuntimeScorecardOverview />
            </div>
          ) : null}
        </div>
      </Content>
    </Page>
  );
}
