/** Presentation of dates and day counts (no decisions). */

/** `2025-06-01T10:00:00Z` → the user's locale date and time; the input when unparseable. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
