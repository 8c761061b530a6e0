import {
  amber,
  blue,
  blueGrey,
  green,
  orange,
  red,
} from '@material-ui/core/colors';
import {
  describeState,
  type OverallState,
} from '@backstage-astro/plugin-astro-runtime-common';

/*
 * Chart colours by the severity `describeState` gives a state: greens for ok,
 * blues for info, ambers/oranges for warning, reds for error. States that share
 * a severity get different shades so the stack stays readable.
 */
const PALETTES: Record<string, string[]> = {
  ok: [green[600], green[800], green[400]],
  info: [blue[500], blue[800], blue[300], blueGrey[500]],
  warning: [amber[600], orange[700], amber[900], orange[400]],
  error: [red[700], red[400], red[900], red[200]],
};
const FALLBACK = [blueGrey[400], blueGrey[700], blueGrey[200]];

/** A colour per state, stable for a given list of states. */
export function stateColors(
  states: readonly OverallState[],
): Record<string, string> {
  const used: Record<string, number> = {};
  const out: Record<string, string> = {};
  for (const state of states) {
    const severity = describeState(state).severity;
    const palette = PALETTES[severity] ?? FALLBACK;
    const i = used[severity] ?? 0;
    used[severity] = i + 1;
    out[state] = palette[i % palette.length];
  }
  return out;
}

/** Colours for the adoption chart's series. */
export const SERIES_COLORS = [
  blue[700],
  green[600],
  amber[700],
  red[500],
  '#7b1fa2',
  '#00838f',
  '#6d4c41',
  blueGrey[500],
];
