/** Dates as the release data writes them. */

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Normalises a date to `YYYY-MM-DD`: accepts `YYYY-MM-DD`, an ISO date-time
 * (date part kept) and `YYYY-MM` (the last day of that month). Else undefined.
 *
 * @public
 */
export function normalizeDate(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : undefined;
  if (!s) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo))
      return undefined;
    return `${m[1]}-${m[2]}-${m[3]}`;
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return `${m[1]}-${m[2]}-${String(lastDayOfMonth(y, mo)).padStart(2, '0')}`;
  }
  return undefined;
}
