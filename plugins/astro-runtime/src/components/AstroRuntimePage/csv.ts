/*
 * CSV export of the rows the page shows (RFC 4180: comma separated, CRLF line
 * ends, fields quoted when they hold a comma, quote or line break, quotes
 * doubled). Cells that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, carriage return first) are prefixed with a single quote (OWASP
 * "CSV injection").
 */
import type { PageRow } from './rows';

/** The columns of the export, in order. */
export const CSV_COLUMNS: ReadonlyArray<{
  header: string;
  value: (row: PageRow) => string | number | boolean | undefined;
}> = [
  { header: 'Entity', value: r => r.entityRef },
  { header: 'Title', value: r => r.title },
  { header: 'Owner', value: r => r.owner },
  { header: 'System', value: r => r.system },
  { header: 'Repo Runtime', value: r => r.repoTag },
  { header: 'Line', value: r => r.line },
  {
    header: 'Deployment Runtimes',
    value: r =>
      r.deployments
        .map(d => `${d.name}: ${d.version ?? 'unknown'} (${d.relation})`)
        .join('; '),
  },
  { header: 'Latest in line', value: r => r.latestInLine },
  { header: 'Latest', value: r => r.latest },
  { header: 'Recommended target', value: r => r.recommendedTarget },
  { header: 'Must move to Airflow 3', value: r => r.mustMoveToAirflow3 },
  { header: 'State', value: r => r.state },
  { header: 'State label', value: r => r.stateLabel },
  { header: 'End of maintenance', value: r => r.endOfMaintenance },
  { header: 'Assessed at', value: r => r.assessedAt },
  { header: 'Stale', value: r => r.stale },
  { header: 'Error', value: r => r.error },
];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, escaped. */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  if (NEEDS_QUOTES.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The CSV text (header line first, CRLF line ends, no trailing line end). */
export function buildCsv(rows: readonly PageRow[]): string {
  const lines = [CSV_COLUMNS.map(c => csvField(c.header)).join(',')];
  for (const row of rows) {
    lines.push(CSV_COLUMNS.map(c => csvField(c.value(row))).join(','));
  }
  return lines.join('\r\n');
}

/** `astro-runtime-2025-06-01.csv` */
export function csvFileName(now: Date): string {
  return `astro-runtime-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * Hands the CSV to the browser as a download. The BOM makes spreadsheet apps
 * read it as UTF-8.
 */
export function downloadCsv(csv: string, fileName: string): void {
  const blob = new Blob([`\uFEFF${csv}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  // Revoke after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
