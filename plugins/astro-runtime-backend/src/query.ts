import { InputError } from '@backstage/errors';
import { z } from 'zod';

/*
 * The query strings of the read routes, validated with zod. Express parses
 * `?a=1&a=2` into an array and `?a[b]=1` into an object, so a parameter
 * meant to be given once must be a string.
 */

/** A parameter given at most once. */
function once() {
  return z.string({ error: 'must be given once' }).optional();
}

/** Comma-separated values, in one parameter or repeated; none: undefined. */
const list = z
  .union([z.string(), z.array(z.string())], {
    error: 'must be a comma-separated list of values',
  })
  .optional()
  .transform(value => {
    const values = [value ?? []]
      .flat()
      .flatMap(v => v.split(','))
      .map(v => v.trim())
      .filter(Boolean);
    return values.length ? values : undefined;
  });

/** `true` turns a filter on; absent, empty or `false` leaves it off. */
const flag = once().transform((value, ctx) => {
  if (value === undefined || value === '' || value === 'false') {
    return undefined;
  }
  if (value !== 'true') {
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  }
  return true as const;
});

/** A whole number from `min` to `max` in decimal digits; absent or empty: `def`. */
function integer(def: number, min: number, max: number) {
  return once().transform((value, ctx) => {
    if (value === undefined || value === '') {
      return def;
    }
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an integer from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** Trimmed text; empty: undefined. */
const text = once().transform(value => value?.trim() || undefined);

const filters = {
  owner: list,
  state: list,
  line: list,
  mustMoveToAirflow3: flag,
  q: text,
};

/** `GET /entities/:kind/:namespace/:name/status?fresh=` (`fresh`, `1` and `true` ask for a reassessment). */
export const entityStatusQuery = z.object({
  fresh: once().transform((value, ctx) => {
    if (value === undefined || value === 'false' || value === '0') {
      return false;
    }
    if (value !== '' && value !== 'true' && value !== '1') {
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    }
    return true;
  }),
});

/**
 * `GET /statuses?owner=&state=&line=&mustMoveToAirflow3=&q=&cursor=&limit=&view=`
 * (`view=full`, the default: whole records; `view=rows`: the org page's rows).
 */
export const statusesQuery = z.object({
  ...filters,
  view: once().transform((value, ctx) => {
    if (value === undefined || value === '' || value === 'full') {
      return 'full' as const;
    }
    if (value !== 'rows') {
      ctx.addIssue({ code: 'custom', message: 'must be full or rows' });
      return z.NEVER;
    }
    return 'rows' as const;
  }),
  cursor: once().transform(value => value || undefined),
  limit: integer(50, 1, 500),
});

/** `GET /summary?owner=&state=&line=&mustMoveToAirflow3=&q=&days=` */
export const summaryQuery = z.object({
  ...filters,
  days: integer(90, 1, 366),
});

/** `GET /history?days=` */
export const historyQuery = z.object({
  days: integer(30, 1, 366),
});

/**
 * The query parsed by `schema`; an InputError (400) naming each bad
 * parameter otherwise. Parameters the schema does not name are ignored.
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  query: unknown,
): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map(issue =>
    issue.path.length
      ? `Query parameter '${issue.path.join('.')}' ${issue.message}`
      : `The query string is not valid: ${issue.message}`,
  );
  throw new InputError(problems.join('; '));
}
