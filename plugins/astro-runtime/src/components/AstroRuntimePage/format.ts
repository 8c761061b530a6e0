/** Presentation of dates and day counts (no decisions). */

/** `2025-06-01T10:00:00Z` → the user's locale date and time; the input when unparseable. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** "in 12 days", "today", "3 days ago" from a whole-day count. */
export function formatDaysLeft(days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  if (days === 0) return 'today';
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`;
  const ago = -days;
  return `${ago} day${ago === 1 ? '' : 's'} ago`;
}
