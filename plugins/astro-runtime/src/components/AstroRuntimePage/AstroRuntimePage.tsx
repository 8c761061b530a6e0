import { useCallback, useEffect, useMemo, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  RUNTIME_LINES,
  STATE_PRECEDENCE,
  describeLine,
  describeState,
} from '@backstage-astro/plugin-astro-runtime-common';
import { ChartArea } from './ChartArea';
import { buildCsv, csvFileName, downloadCsv } from './csv';
import {
  Filters,
  applyRowFilters,
  type FilterOption,
  type FiltersValue,
} from './Filters';
import { Headline } from './Headline';
import { RefreshStatus } from './RefreshStatus';
import { toPageRow } from './rows';
import { StatusTable } from './StatusTable';
import { useOwnerOptions } from './useOwnerOptions';
import { useRefreshProgress } from './useRefreshProgress';
import {
  useStatusPage,
  useStatusSummary,
  type StatusFilters,
} from './useStatuses';
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
  const rows = useMemo(
    // "Must move to Airflow 3" is a backend filter (in `query`): the pages
    // and counts already hold only those projects
    () =>
      applyRowFilters(page.items.map(toPageRow), {
        airflow3Blockers: filters.airflow3Blockers,
      }),
    [page.items, filters.airflow3Blockers],
  );

  const ownerOptions = useOwnerOptions(
    summary.value,
    page.items,
    filters.owner,
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
      <Headline summary={summary.value} />
      <Grid container spacing={3}>
        <ChartArea
          summary={summary}
          days={historyDays}
          chartWidth={chartWidth}
        />
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
