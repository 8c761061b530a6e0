import express from 'express';
import Router from 'express-promise-router';
import type {
  HttpAuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  RefreshProgress,
  ReleasesResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { ReleaseCatalogService } from './service/ReleaseCatalogService';
import type { RefreshService } from './service/RefreshService';
import { entityRefFromParams, StatusService } from './service/StatusService';
import type { StoredRecord } from './service/StatusStore';

export const REFRESH_TASK_ID = 'astro-runtime:refresh';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  scheduler: SchedulerService;
  statuses: StatusService;
  refresh: RefreshService;
  releases: ReleaseCatalogService;
  now?: () => Date;
}

/**
 * Serializes a stored record as an `EntityStatusRecord` without re-parsing the
 * stored status JSON (the list and status routes are hot paths).
 */
export function recordToJson(r: StoredRecord): string {
  const parts: string[] = [`"entityRef":${JSON.stringify(r.entityRef)}`];
  const add = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) {
      parts.push(`"${key}":${JSON.stringify(value)}`);
    }
  };
  add('title', r.title);
  add('owner', r.owner);
  add('system', r.system);
  if (r.statusJson) {
    parts.push(`"status":${r.statusJson}`);
  }
  parts.push(`"stale":${r.stale ? 'true' : 'false'}`);
  add('error', r.error);
  add('assessedAt', r.assessedAt);
  add('checkedAt', r.checkedAt);
  add('dockerfileUrl', r.dockerfileUrl);
  add('projectPath', r.projectPath);
  return `{${parts.join(',')}}`;
}

function list(value: unknown): string[] | undefined {
  const values = (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string')
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter '${name}' must be given once`);
  }
  return value;
}

function integer(value: unknown, name: string, def: number, min: number, max: number) {
  const raw = single(value, name);
  if (raw === undefined || raw === '') {
    return def;
  }
  if (!/^\d+$/.test(raw)) {
    throw new InputError(`Query parameter '${name}' must be an integer from ${min} to ${max}`);
  }
  const n = Number(raw);
  if (n < min || n > max) {
    throw new InputError(`Query parameter '${name}' must be an integer from ${min} to ${max}`);
  }
  return n;
}

function sendJson(res: express.Response, status: number, body: string) {
  res.status(status).type('application/json').send(body);
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, statuses, refresh, releases, scheduler, logger } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

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
    const freshParam = single(req.query.fresh, 'fresh');
    if (freshParam !== undefined && !['true', 'false', '1', '0', ''].includes(freshParam)) {
      throw new InputError(`Query parameter 'fresh' must be true or false`);
    }
    const credentials = await httpAuth.credentials(req);
    const record = await statuses.getEntityStatus(entityRef, credentials, {
      fresh: freshParam === 'true' || freshParam === '1' || freshParam === '',
    });
    sendJson(res, 200, recordToJson(record));
  });

  router.get('/statuses', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const limit = integer(req.query.limit, 'limit', 50, 1, 500);
    const page = await statuses.listStatuses(
      {
        owner: list(req.query.owner),
        state: list(req.query.state),
        line: list(req.query.line),
        q: single(req.query.q, 'q')?.trim() || undefined,
        cursor: single(req.query.cursor, 'cursor') || undefined,
        limit,
      },
      credentials,
    );
    const body = `{"items":[${page.items.map(recordToJson).join(',')}]${
      page.nextCursor ? `,"nextCursor":${JSON.stringify(page.nextCursor)}` : ''
    },"totalCount":${page.totalCount}}`;
    sendJson(res, 200, body);
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

  router.get('/refresh', async (req, res) => {
    await httpAuth.credentials(req);
    const progress: RefreshProgress = await refresh.getProgress();
    res.json(progress);
  });

  router.post('/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    logger.info(
      `Astro Runtime refresh requested by ${
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject
      }`,
    );
    try {
      await scheduler.triggerTask(REFRESH_TASK_ID);
    } catch (e) {
      // already running: report its progress
      if ((e as Error)?.name !== 'ConflictError') {
        throw e;
      }
    }
    const progress: RefreshProgress = await refresh.getProgress();
    res.status(202).json(progress);
  });

  router.get('/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const days = integer(req.query.days, 'days', 30, 1, 366);
    res.json(await statuses.history(days, credentials));
  });

  return router;
}
