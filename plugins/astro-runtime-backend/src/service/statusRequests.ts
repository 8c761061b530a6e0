/*
 * What the status routes are asked for: the validated queries, the filter
 * they become, the list cursor, and entity refs from route parameters.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { StatusFilter } from './StatusStore';

/** A validated `GET /statuses` query, as the router hands it over. */
export interface StatusPageRequest {
  owner?: string[];
  state?: string[];
  line?: string[];
  /** Only entities that must move to Airflow 3 (a stored column). */
  mustMoveToAirflow3?: boolean;
  q?: string;
  cursor?: string;
  limit: number;
  /** `full`: whole records (the default); `rows`: the org page's `StatusRow`s. */
  view?: 'full' | 'rows';
}

/** A validated `GET /summary` query. */
export type SummaryRequest = Omit<
  StatusPageRequest,
  'cursor' | 'limit' | 'view'
> & {
  days: number;
};

/** Owners as full group refs (`team-a` is `group:default/team-a`). */
function normalizeOwners(owners: string[] | undefined) {
  return owners?.map(o => {
    try {
      return stringifyEntityRef(
        parseEntityRef(o, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      return o;
    }
  });
}

/** The store filter of a list or summary query. */
export function statusFilter(
  query: SummaryRequest | StatusPageRequest,
): StatusFilter {
  return {
    owner: normalizeOwners(query.owner),
    state: query.state,
    line: query.line,
    mustMoveToAirflow3: query.mustMoveToAirflow3,
    q: query.q,
  };
}

/** A cursor that resumes a list after `key`. */
export function encodeCursor(key: string) {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** The key a cursor points after; a cursor this service did not make is an InputError (400). */
export function decodeCursor(cursor: string): string {
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) {
      throw new Error('not base64url');
    }
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))?.k;
  } catch {
    key = undefined;
  }
  if (typeof key !== 'string' || key === '') {
    throw new InputError(
      `Query parameter 'cursor' is not a cursor from a previous page; omit it to start at the first page`,
    );
  }
  return key;
}

/** Validates `:kind/:namespace/:name` route parameters into an entity ref. */
export function entityRefFromParams(params: {
  kind?: string;
  namespace?: string;
  name?: string;
}): string | undefined {
  const { kind, namespace, name } = params;
  const kindOk =
    typeof kind === 'string' && /^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(kind);
  const partOk = (v: unknown) =>
    typeof v === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}$/.test(v);
  if (!kindOk || !partOk(namespace) || !partOk(name)) {
    return undefined;
  }
  return `${kind!.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
}
