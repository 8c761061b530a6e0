import { cloneElement, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

export interface ChartFrameProps {
  /**
   * A fixed width in pixels. Without it the chart follows its container
   * (`ResponsiveContainer`, which measures with `ResizeObserver`; jsdom has
   * none and measures 0, so tests pass a width).
   */
  width?: number;
  height: number;
  children: ReactElement<{ width?: number; height?: number }>;
}

/** Sizes a recharts chart: fixed when `width` is given, responsive otherwise. */
export function ChartFrame({ width, height, children }: ChartFrameProps) {
  if (width !== undefined) {
    return cloneElement(children, { width, height });
  }
  return (
    <ResponsiveContainer width="100%" height={height}>
      {children}
    </ResponsiveContainer>
  );
}
