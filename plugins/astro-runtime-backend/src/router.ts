import { createHash } from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import type { RequestLoad } from './service/RequestLoad';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  astroRuntimeRefreshPermission,
  RefreshProgress,
  ReleasesResponse,
  SummaryResponse,
  toStatusRow,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { ReleaseCatalogService } from './service/ReleaseCatalogService';
import type { RefreshService } from './service/RefreshService';
import type { StatusService } from './service/StatusService';
import { entityRefFromParams } from './service/statusRequests';
import {
  entityStatusQuery,
  historyQuery,
  parseQuery,
  statusesQuery,
  summaryQuery,
} from './query';
import { refKey, StoredRecord } from './service/StatusStore';

export const REFRESH_TASK_ID = 'astro-runtime:refresh';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Records refreshes; absent on Backstage versions without the auditor service. */
  auditor?: AuditorService;
  logger: LoggerService;
  scheduler: SchedulerService;
  statuses: StatusService;
  refresh: RefreshService;
  releases: ReleaseCatalogService;
  /** After a refresh finished, `POST /refresh` answers 429 for this long (0: never). */
  refreshCooldownMs?: number;
  now?: () => Date;
  /** Counts the router's requests, so that the refresh gives way to them. */
  load?: RequestLoad;
}

/**
 * Serializes a stored record as an `EntityStatusRecord` without re-parsing the
 * stored status JSON (the list and status routes are hot paths).
 */
export function recordToJson(r: StoredRecord): string {
  const { head, tail } = recordJsonParts(r);
  return r.statusJson
    ? `{${head},"status":${r.statusJson},${tail}}`
    : `{${head},${tail}}`;
}

/**
 * `recordToJson(r)` as the status route sends it: when the store read the
 * status as UTF-8 bytes, the body is those bytes between the record's other
 * fields, never decoded into a string and encoded back, nor copied into one
 * buffer (the parts are written to the socket together).
 */
function recordBody(r: StoredRecord): string | Buffer[] {
  if (!r.statusJsonBytes) {
    return recordToJson(r);
  }
  const { head, tail } = recordJsonParts(r);
  return [
    Buffer.from(`{${head},"status":`),
    r.statusJsonBytes,
    Buffer.from(`,${tail}}`),
  ];
}

/** The JSON members of a record before and after its status. */
function recordJsonParts(r: StoredRecord): { head: string; tail: string } {
  const head: string[] = [`"entityRef":${JSON.stringify(r.entityRef)}`];
  const tail: string[] = [];
  const add = (parts: string[], key: string, value: unknown) => {
    if (value !== undefined && value !== null) {
      parts.push(`"${key}":${JSON.stringify(value)}`);
    }
  };
  add(head, 'title', r.title);
  add(head, 'owner', r.owner);
  add(head, 'system', r.system);
  tail.push(`"stale":${r.stale ? 'true' : 'false'}`);
  add(tail, 'error', r.error);
  add(tail, 'assessedAt', r.assessedAt);
  add(tail, 'checkedAt', r.checkedAt);
  add(tail, 'dockerfileUrl', r.dockerfileUrl);
  add(tail, 'projectPath', r.projectPath);
  return { head: head.join(','), tail: tail.join(',') };
}

/**
 * The `StatusRow` of a stored record (`GET /statuses?view=rows`): the stored
 * status is parsed for the few values a row shows, and not sent.
 */
export function recordToRowJson(r: StoredRecord): string {
  let status;
  try {
    status = r.statusJson ? JSON.parse(r.statusJson) : undefined;
  } catch {
    status = undefined;
  }
  return JSON.stringify(toStatusRow({ ...r, status }));
}

/** Bump when `recordToJson` writes a stored record differently. */
const RECORD_JSON_VERSION = 1;

/**
 * A weak validator of `recordToJson(r)` without hashing the status: every
 * write of a row moves its `checkedAt` (an assessment its `assessedAt`
 * too), and the other fields of the body are in the hash.
 */
export function recordEtag(r: StoredRecord): string {
  const hash = createHash('sha1')
    .update(
      JSON.stringify([
        RECORD_JSON_VERSION,
        r.entityRef,
        r.title,
        r.owner,
        r.system,
        // bytes or UTF-16 units, whichever the store read: the same store
        // always reads the same way
        r.statusJsonBytes?.length ?? r.statusJson?.length,
        r.stale,
        r.error,
        r.assessedAt,
        r.checkedAt,
        r.dockerfileUrl,
        r.projectPath,
      ]),
    )
    .digest('base64url');
  return `W/"${hash}"`;
}

function sendJson(
  res: express.Response,
  status: number,
  body: string | Buffer | Buffer[],
) {
  res.status(status).type('application/json');
  if (!Array.isArray(body)) {
    res.send(body);
    return;
  }
  // what res.send does for a buffer, without joining the parts: the
  // handlers set the ETag and answer 304 themselves; a HEAD response has
  // no body (node drops what is written)
  let length = 0;
  for (const part of body) length += part.length;
  res.set('Content-Length', String(length));
  res.cork();
  for (const part of body) res.write(part);
  res.end();
  res.uncork();
}

function principalName(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user' ? p.userEntityRef ?? 'user' : p.subject ?? p.type;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    statuses,
    refresh,
    releases,
    scheduler,
    logger,
  } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  if (options.load) {
    router.use(options.load.middleware);
  }

  const mayRefresh = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: astroRuntimeRefreshPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };
  const requireRefresh = async (credentials: BackstageCredentials) => {
    if (!(await mayRefresh(credentials))) {
      throw new NotAllowedError(
        `Reassessing Astro projects needs the ${astroRuntimeRefreshPermission.name} permission`,
      );
    }
  };
  /** Runs `fn` as an audited event (when the auditor service exists). */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<{ value: T; meta?: Record<string, string> }>,
  ): Promise<T> => {
    const event = await auditor?.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event?.success({ meta: { ...meta, ...result.meta } });
      return result.value;
    } catch (e) {
      await event?.fail({
        meta,
        error: e instanceof Error ? e : new Error(String(e)),
      });
      throw e;
    }
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    if (!entityRef) {
      throw new InputError(
        `Invalid entity reference '${req.params.kind}:${req.params.namespace}/${req.params.name}'`,
      );
    }
    const credentials = await httpAuth.credentials(req);
    const { fresh } = parseQuery(entityStatusQuery, req.query);
    if (!fresh) {
      const record = await statuses.getEntityStatus(entityRef, credentials);
      // the browser asks again each time (no-cache) and gets a 304 without
      // the body while the stored row is unchanged; express does not hash
      // the body when the ETag is set
      res.set('ETag', recordEtag(record));
      res.set('Cache-Control', 'private, no-cache');
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      sendJson(res, 200, recordBody(record));
      return;
    }
    // checked before the entity is looked up: the answer says nothing about it
    await requireRefresh(credentials);
    const record = await audited(
      req,
      'entity-refresh',
      { entityRef },
      async () => ({
        value: await statuses.getEntityStatus(entityRef, credentials, {
          fresh: true,
        }),
      }),
    );
    sendJson(res, 200, recordBody(record));
  });

  router.get('/statuses', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseQuery(statusesQuery, req.query);
    const page = await statuses.listStatuses(query, credentials);
    const item = query.view === 'rows' ? recordToRowJson : recordToJson;
    const body = `{"items":[${page.items.map(item).join(',')}]${
      page.nextCursor ? `,"nextCursor":${JSON.stringify(page.nextCursor)}` : ''
    },"totalCount":${page.totalCount},"totalCountIsEstimate":${
      page.totalCountIsEstimate
    }}`;
    sendJson(res, 200, body);
  });

  router.get('/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const summary: SummaryResponse = await statuses.summary(
      parseQuery(summaryQuery, req.query),
      credentials,
    );
    res.json(summary);
  });

  router.get('/releases', async (req, res) => {
    await httpAuth.credentials(req);
    const state = await releases.getCatalog();
    const asOf = Date.parse(state.catalog.asOf);
    const body: ReleasesResponse = {
      catalog: state.catalog,
      ageSeconds: Number.isNaN(asOf)
        ? 0
        : Math.max(0, Math.round((now().getTime() - asOf) / 1000)),
    };
    if (state.fallbackReason) {
      body.fallbackReason = state.fallbackReason;
    }
    res.json(body);
  });

  /**
   * Progress for this caller: counts are global; an entity's error only
   * for callers who may see that entity, any other error only for holders
   * of the refresh permission.
   */
  const progressFor = async (
    credentials: BackstageCredentials,
  ): Promise<RefreshProgress> => {
    const { lastErrorEntityRef, ...progress } = await refresh.getProgress();
    if (progress.lastError) {
      const shown = lastErrorEntityRef
        ? (await statuses.visibleKeys([lastErrorEntityRef], credentials)).has(
            refKey(lastErrorEntityRef),
          )
        : await mayRefresh(credentials);
      if (!shown) {
        delete progress.lastError;
      }
    }
    return progress;
  };

  router.get('/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await progressFor(credentials));
  });

  router.post('/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireRefresh(credentials);
    const by = principalName(credentials);
    const cooldownMs = options.refreshCooldownMs ?? 0;
    const current = await refresh.getProgress();
    const finished = current.finishedAt ? Date.parse(current.finishedAt) : NaN;
    const waitMs =
      !current.running && cooldownMs > 0 && !Number.isNaN(finished)
        ? finished + cooldownMs - now().getTime()
        : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      logger.info(
        `Astro Runtime refresh requested by ${by} refused: cooldown (${seconds} s left)`,
      );
      res
        .status(429)
        .set('Retry-After', String(seconds))
        .json({
          error: {
            name: 'TooManyRequestsError',
            message: `A refresh finished at ${current.finishedAt}; the next can start in ${seconds} s`,
          },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 429 },
        });
      return;
    }
    const joined = await audited(
      req,
      'refresh',
      { trigger: 'manual' },
      async () => {
        try {
          await scheduler.triggerTask(REFRESH_TASK_ID);
          return { value: false, meta: { outcome: 'started' } };
        } catch (e) {
          // already running (here or on another replica): join it
          if ((e as Error)?.name !== 'ConflictError') {
            throw e;
          }
          return { value: true, meta: { outcome: 'joined' } };
        }
      },
    );
    logger.info(
      `Astro Runtime refresh requested by ${by}: ${
        joined ? 'joined the running one' : 'started'
      }`,
    );
    res.status(202).json(await progressFor(credentials));
  });

  router.get('/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { days } = parseQuery(historyQuery, req.query);
    res.json(await statuses.history(days, credentials));
  });

  return router;
}
