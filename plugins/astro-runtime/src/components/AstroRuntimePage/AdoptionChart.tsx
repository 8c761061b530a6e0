import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AdoptionPoint } from '@backstage-astro/plugin-astro-runtime-common';
import { ChartFrame } from './ChartFrame';
import { OTHER_VERSIONS, adoptionChartData } from './chartData';
import { SERIES_COLORS } from './colors';

export interface AdoptionChartProps {
  points: readonly AdoptionPoint[];
  days: number;
  width?: number;
  height?: number;
}

function seriesLabel(series: string): string {
  return series === OTHER_VERSIONS ? 'Other versions' : series;
}

/** A stacked area chart: projects per Runtime version, day by day. */
export function AdoptionChart({
  points,
  days: windowDays,
  width,
  height = 300,
}: AdoptionChartProps) {
  const theme = useTheme();
  const { days, series } = useMemo(() => adoptionChartData(points), [points]);
  const title = `Runtime adoption, last ${windowDays} days`;

  const first = days[0];
  const last = days[days.length - 1];
  const summary =
    first && last
      ? `From ${first.day} to ${last.day}. On ${last.day}: ${series
          .filter(s => last.counts[s])
          .map(s => `${seriesLabel(s)} ${last.counts[s]}`)
          .join(', ')}`
      : '';

  return (
    <figure
      data-testid="astro-runtime-adoption-chart"
      aria-labelledby="astro-runtime-adoption-chart-title"
      style={{ margin: 0 }}
    >
      <Typography
        component="figcaption"
        variant="h6"
        id="astro-runtime-adoption-chart-title"
      >
        {title}
      </Typography>
      {days.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No history recorded yet.
        </Typography>
      ) : (
        <ChartFrame width={width} height={height}>
          <AreaChart
            data={days}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
            title={title}
            desc={summary}
            role="img"
            aria-label={`${title}. ${summary}`}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke={theme.palette.divider}
            />
            <XAxis
              dataKey="day"
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
            />
            <Tooltip
              contentStyle={{
                background: theme.palette.background.paper,
                borderColor: theme.palette.divider,
              }}
            />
            <Legend />
            {series.map((s, i) => (
              <Area
                key={s}
                type="monotone"
                stackId="versions"
                name={seriesLabel(s)}
                dataKey={(d: { counts: Record<string, number> }) =>
                  d.counts[s] ?? 0
                }
                stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                fill={SERIES_COLORS[i % SERIES_COLORS.length]}
                fillOpacity={0.6}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ChartFrame>
      )}
    </figure>
  );
}
