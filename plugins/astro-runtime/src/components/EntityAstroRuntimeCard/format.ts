/*
 * Display formatting only (dates, ages). Nothing here decides anything about
 * a Runtime: days left come from the status `assess()` computed.
 */
import { formatDaysLeft } from '@backstage-astro/plugin-astro-runtime-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parse(value: string): number | undefined {
  // `YYYY-MM-DD` is read as UTC midnight (Date does that for the date-only form).
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** `2025-06-01 12:00 UTC` for a date-time; a date-only value as written. */
export function formatTimestamp(value: string | undefined): string {
  if (!value) return 'unknown';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = parse(value);
  if (t === undefined) return value;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How long ago `value` was, relative to `now`: `just now`, `5 minutes ago`, `3 days ago`. */
export function formatAge(value: string | undefined, now: Date): string {
  if (!value) return 'age unknown';
  const t = parse(value);
  if (t === undefined) return 'age unknown';
  const ms = now.getTime() - t;
  if (ms < 0) {
    return 'in the future';
  }
  if (ms < MINUTE) return 'just now';
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (ms < HOUR) return plural(Math.floor(ms / MINUTE), 'minute');
  if (ms < DAY) return plural(Math.floor(ms / HOUR), 'hour');
  return plural(Math.floor(ms / DAY), 'day');
}

/** ` (42 days left)`, ` (ends today)`, ` (ended 3 days ago)`; empty when unknown. */
export function daysLeftSuffix(days: number | undefined): string {
  const text = formatDaysLeft(days);
  return text ? ` (${text})` : '';
}
