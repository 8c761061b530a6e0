export const STATUS = 'astro_runtime_status';
export const HISTORY = 'astro_runtime_history';
export const FEED = 'astro_runtime_release_feed';
export const REFRESH = 'astro_runtime_refresh';
export const EVENT_CLAIMS = 'astro_runtime_event_claims';
export const MIGRATIONS_TABLE = 'astro_runtime__knex_migrations';

/**
 * Bound parameters per IN list (SQLite allows 32766, PostgreSQL 65535).
 * Multi-row inserts stay at 400 rows or fewer: SQLite compiles them to a
 * compound SELECT, limited to 500 terms.
 */
export const IN_BATCH = 8000;

/** The stored key of an entity ref (lower case, as the catalog compares). */
export function refKey(entityRef: string): string {
  // toLocaleLowerCase is slow; entity refs are nearly always ASCII
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(entityRef)
    ? entityRef.toLowerCase()
    : entityRef.toLocaleLowerCase('en-US');
}

export function parseJson<T>(text: unknown): T | undefined {
  if (typeof text !== 'string' || text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function opt<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Rows of a `knex.raw` result (PostgreSQL wraps them in `rows`). */
export function rawRows(result: any): any[] {
  return Array.isArray(result) ? result : result.rows;
}
