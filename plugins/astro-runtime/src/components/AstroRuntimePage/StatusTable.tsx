import { useMemo, type ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';
import WarningIcon from '@material-ui/icons/Warning';
import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  compareRuntimeVersions,
  describeRelation,
  formatDaysLeft,
  severityRank,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { PageRow } from './rows';
import { StateChip } from './StateChip';

function compareOptionalVersions(a?: string, b?: string): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return compareRuntimeVersions(a, b);
}

function Dash() {
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      —
    </Typography>
  );
}

function DeploymentsCell({ row }: { row: PageRow }) {
  if (row.deployments.length === 0) return <Dash />;
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {row.deployments.map(d => {
        const relation = describeRelation(d.relation);
        return (
          <li key={d.id}>
            <Typography variant="body2" component="span">
              {d.name}: {d.version ?? 'unknown'}
            </Typography>
            {relation.severity !== 'ok' && (
              <Typography
                variant="caption"
                component="span"
                color={
                  relation.severity === 'error' ? 'error' : 'textSecondary'
                }
              >
                {' '}
                ({relation.label})
              </Typography>
            )}
          </li>
        );
      })}
    </Box>
  );
}

function columns(): TableColumn<PageRow>[] {
  return [
    {
      title: 'Entity',
      field: 'entityRef',
      highlight: true,
      render: row => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <EntityRefLink entityRef={row.entityRef} title={row.title} />
          {row.stale && (
            <Tooltip
              title={`Last refresh failed${
                row.error ? `: ${row.error}` : ''
              }; showing the last known status`}
            >
              <WarningIcon
                fontSize="small"
                color="error"
                aria-label="stale status"
                role="img"
              />
            </Tooltip>
          )}
        </Box>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row =>
        row.owner ? (
          <EntityRefLink entityRef={row.owner} defaultKind="group" />
        ) : (
          <Dash />
        ),
    },
    {
      title: 'Repo Runtime',
      field: 'repoTag',
      customSort: (a, b) =>
        compareOptionalVersions(a.repoVersion, b.repoVersion),
      render: row => row.repoTag ?? <Dash />,
    },
    {
      title: 'Deployment Runtimes',
      field: 'deployments',
      sorting: false,
      render: row => <DeploymentsCell row={row} />,
    },
    {
      title: 'Latest',
      field: 'latestInLine',
      customSort: (a, b) =>
        compareOptionalVersions(a.latestInLine, b.latestInLine),
      render: row => {
        const inLine = row.latestInLine ?? row.latest;
        if (!inLine) return <Dash />;
        return (
          <>
            <Typography variant="body2" component="span">
              {inLine}
            </Typography>
            {row.latest && row.latest !== inLine && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                overall: {row.latest}
              </Typography>
            )}
          </>
        );
      },
    },
    {
      title: 'State',
      field: 'stateLabel',
      customSort: (a, b) =>
        (a.severity ? severityRank(a.severity) : -1) -
          (b.severity ? severityRank(b.severity) : -1) ||
        a.stateLabel.localeCompare(b.stateLabel),
      render: row => (
        <StateChip label={row.stateLabel} severity={row.severity} />
      ),
    },
    {
      title: 'Airflow 3 blockers',
      field: 'airflow3Blockers',
      type: 'numeric',
      customSort: (a, b) =>
        (a.airflow3Blockers ?? -1) - (b.airflow3Blockers ?? -1),
      render: row =>
        row.airflow3Blockers === undefined ? (
          <Dash />
        ) : (
          <Typography
            variant="body2"
            component="span"
            data-testid="astro-runtime-airflow3-blockers"
          >
            {row.airflow3Blockers.toLocaleString('en-US')}
          </Typography>
        ),
    },
    {
      title: 'End of maintenance',
      field: 'endOfMaintenance',
      render: row =>
        row.endOfMaintenance ? (
          <>
            <Typography variant="body2" component="span">
              {row.endOfMaintenance}
            </Typography>
            <Typography variant="caption" color="textSecondary" component="div">
              {formatDaysLeft(row.daysToEndOfMaintenance)}
            </Typography>
          </>
        ) : (
          <Dash />
        ),
    },
  ];
}

export interface StatusTableProps {
  rows: PageRow[];
  loading: boolean;
  totalCount?: number;
  pageIndex: number;
  pageSize: number;
  pageSizeOptions: number[];
  onPageSizeChange: (size: number) => void;
  hasNext: boolean;
  hasPrevious: boolean;
  onNext: () => void;
  onPrevious: () => void;
  emptyContent?: ReactNode;
}

/** The projects table; the backend pages it (cursor), the table sorts a page. */
export function StatusTable(props: StatusTableProps) {
  const {
    rows,
    loading,
    totalCount,
    pageIndex,
    pageSize,
    pageSizeOptions,
    onPageSizeChange,
    hasNext,
    hasPrevious,
    onNext,
    onPrevious,
    emptyContent,
  } = props;
  const cols = useMemo(() => columns(), []);
  const first = pageIndex * pageSize + 1;
  const last = pageIndex * pageSize + rows.length;

  return (
    <div data-testid="astro-runtime-table">
      <Table<PageRow>
        title={`Astro projects${
          totalCount !== undefined ? ` (${totalCount})` : ''
        }`}
        columns={cols}
        data={rows}
        isLoading={loading}
        emptyContent={emptyContent}
        options={{
          paging: false,
          search: false,
          sorting: true,
          padding: 'dense',
          draggable: false,
        }}
      />
      <Box
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        flexWrap="wrap"
        mt={1}
        style={{ gap: 16 }}
        component="nav"
        aria-label="Table pages"
      >
        <TextField
          select
          size="small"
          label="Rows per page"
          value={pageSize}
          onChange={e => onPageSizeChange(Number(e.target.value))}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'astro-runtime-page-size' }}
        >
          {pageSizeOptions.map(n => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </TextField>
        <Typography variant="body2" data-testid="astro-runtime-page-info">
          {rows.length > 0
            ? `${first}–${last}${
                totalCount !== undefined ? ` of ${totalCount}` : ''
              }`
            : `Page ${pageIndex + 1}`}
        </Typography>
        <IconButton
          aria-label="Previous page"
          onClick={onPrevious}
          disabled={!hasPrevious || loading}
          data-testid="astro-runtime-previous-page"
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          onClick={onNext}
          disabled={!hasNext || loading}
          data-testid="astro-runtime-next-page"
        >
          <ChevronRight />
        </IconButton>
      </Box>
    </div>
  );
}
