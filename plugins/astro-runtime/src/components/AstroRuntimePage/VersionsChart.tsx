import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  describeState,
  type VersionStateCount,
} from '@backstage-astro/plugin-astro-runtime-common';
import { ChartFrame } from './ChartFrame';
import {
  NO_RUNTIME,
  versionsChartData,
  versionsChartDataFromCounts,
} from './chartData';
import { stateColors } from './colors';
import type { PageRow } from './rows';

export interface VersionsChartProps {
  /** Counts per (version, state) from `GET /summary`; or `rows`, counted here. */
  counts?: readonly VersionStateCount[];
  rows?: readonly PageRow[];
  width?: number;
  height?: number;
}

const TITLE = 'Projects per Runtime version, by state';

function versionLabel(version: string): string {
  return version === NO_RUNTIME ? 'No Runtime' : version;
}

/** A stacked bar chart: how many projects run each Runtime version, split by state. */
export function VersionsChart({
  counts,
  rows,
  width,
  height = 300,
}: VersionsChartProps) {
  const theme = useTheme();
  const { bars, states } = useMemo(
    () =>
      counts
        ? versionsChartDataFromCounts(counts)
        : versionsChartData(rows ?? []),
    [counts, rows],
  );
  const colors = useMemo(() => stateColors(states), [states]);

  const summary = bars
    .map(bar => {
      const parts = states
        .filter(s => bar.counts[s])
        .map(s => `${bar.counts[s]} ${describeState(s).label}`);
      return `${versionLabel(bar.version)}: ${bar.total} (${parts.join(', ')})`;
    })
    .join('; ');

  return (
    <figure
      data-testid="astro-runtime-versions-chart"
      aria-labelledby="astro-runtime-versions-chart-title"
      style={{ margin: 0 }}
    >
      <Typography
        component="figcaption"
        variant="h6"
        id="astro-runtime-versions-chart-title"
      >
        {TITLE}
      </Typography>
      {bars.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No assessed projects to chart yet.
        </Typography>
      ) : (
        <ChartFrame width={width} height={height}>
          <BarChart
            data={bars}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
            title={TITLE}
            desc={summary}
            role="img"
            aria-label={`${TITLE}. ${summary}`}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke={theme.palette.divider}
            />
            <XAxis
              dataKey={(bar: { version: string }) => versionLabel(bar.version)}
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              interval="preserveStartEnd"
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              label={{
                value: 'Projects',
                angle: -90,
                position: 'insideLeft',
                fill: theme.palette.text.secondary,
              }}
            />
            <Tooltip
              contentStyle={{
                background: theme.palette.background.paper,
                borderColor: theme.palette.divider,
              }}
            />
            <Legend />
            {states.map(state => (
              <Bar
                key={state}
                stackId="state"
                name={describeState(state).label}
                dataKey={(bar: { counts: Record<string, number> }) =>
                  bar.counts[state] ?? 0
                }
                fill={colors[state]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ChartFrame>
      )}
    </figure>
  );
}
