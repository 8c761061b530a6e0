/*
 * A release catalog crosses the thread boundary once per thread: a task sends
 * the catalog's key, and the catalog itself only when the thread answers that
 * it has not seen that key yet (the worker keeps the catalogs it was sent).
 */
import { createHash } from 'node:crypto';
import type { ReleaseCatalog } from '@backstage-astro/plugin-astro-runtime-common';
import type { WorkerAnswer } from './workerAnswers';

/** The `catalog` field of a task's input as sent to the worker. */
type CatalogRef = { key: string; catalog?: ReleaseCatalog };

/** The worker's error code for a key it holds no catalog for. */
const CATALOG_NOT_CACHED = 'CATALOG_NOT_CACHED';

const catalogKeys = new WeakMap<ReleaseCatalog, string>();

/** The catalog's content hash, computed once per catalog object. */
export function catalogKey(catalog: ReleaseCatalog): string {
  let key = catalogKeys.get(catalog);
  if (!key) {
    key = createHash('sha256').update(JSON.stringify(catalog)).digest('hex');
    catalogKeys.set(catalog, key);
  }
  return key;
}

/** True for a value shaped like a release catalog (one that can be keyed). */
export function isCatalog(value: unknown): value is ReleaseCatalog {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as ReleaseCatalog).releases)
  );
}

/**
 * Sends a task whose input's `catalog` field is `catalog`: first with the
 * catalog's key only, then, when the thread has not seen that catalog yet,
 * once more with the catalog itself. Without `catalog` the input is sent as
 * it is.
 */
export async function sendWithCatalog(
  send: (input: unknown) => Promise<WorkerAnswer>,
  input: unknown,
  catalog: ReleaseCatalog | undefined,
): Promise<WorkerAnswer> {
  if (!catalog) return send(input);
  const key = catalogKey(catalog);
  const message = (ref: CatalogRef) => ({
    ...(input as object),
    catalog: ref,
  });
  const answer = await send(message({ key }));
  if (!answer.ok && answer.error.code === CATALOG_NOT_CACHED) {
    return send(message({ key, catalog }));
  }
  return answer;
}
