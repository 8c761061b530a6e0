import express from 'express';
import Router from 'express-promise-router';
import {
  createBackendModule,
  createExtensionPoint,
  type BackstageCredentials,
  type HttpAuthService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eventsServiceRef,
  type EventsService,
} from '@backstage/plugin-events-node';
import { astroRuntimeRefreshPermission } from '@backstage-astro/plugin-astro-runtime-common';

/**
 * Hands the events service to the `astro-runtime` plugin (the events
 * module does this), so that pushes reassess the entities they touch.
 *
 * @public
 */
export interface AstroRuntimeEventsExtensionPoint {
  setEventsService(events: EventsService): void;
}

/** @public */
export const astroRuntimeEventsExtensionPoint =
  createExtensionPoint<AstroRuntimeEventsExtensionPoint>({
    id: 'astro-runtime.events',
  });

/**
 * Backend module: SCM push events (the `github` and `gitlab` topics of the
 * events service, as the events backend's GitHub and GitLab modules publish
 * them) reassess the entities whose project folder a push touched.
 *
 * @public
 */
export const astroRuntimeModuleEvents = createBackendModule({
  pluginId: 'astro-runtime',
  moduleId: 'events',
  register(reg) {
    reg.registerInit({
      deps: {
        events: eventsServiceRef,
        extension: astroRuntimeEventsExtensionPoint,
      },
      async init({ events, extension }) {
        extension.setEventsService(events);
      },
    });
  },
});

/**
 * `POST /events/demo-push` (only with `astroRuntime.events.demoPublisher`):
 * publishes a GitHub-shaped push event to the events service, for demos
 * without a webhook. Needs `astro-runtime.refresh`.
 * Body: `{ "repoUrl": "https://github.com/org/repo", "branch": "main", "paths": ["airflow/Dockerfile"] }`.
 */
export function createDemoPushRouter(options: {
  events: EventsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  const requireRefresh = async (credentials: BackstageCredentials) => {
    const [decision] = await options.permissions.authorize(
      [{ permission: astroRuntimeRefreshPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Publishing a demo push needs the ${astroRuntimeRefreshPermission.name} permission`,
      );
    }
  };
  router.post('/events/demo-push', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireRefresh(credentials);
    const { repoUrl, branch, paths } = (req.body ?? {}) as Record<
      string,
      unknown
    >;
    if (typeof repoUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(repoUrl)) {
      throw new InputError(`'repoUrl' must be an http(s) URL`);
    }
    if (branch !== undefined && typeof branch !== 'string') {
      throw new InputError(`'branch' must be a string`);
    }
    if (
      paths !== undefined &&
      !(Array.isArray(paths) && paths.every(p => typeof p === 'string'))
    ) {
      throw new InputError(`'paths' must be an array of strings`);
    }
    const after = Math.random().toString(16).slice(2).padEnd(12, '0');
    await options.events.publish({
      topic: 'github',
      eventPayload: {
        ref: `refs/heads/${branch ?? 'main'}`,
        after,
        repository: { html_url: repoUrl.replace(/\/+$/, '') },
        commits: paths ? [{ id: after, modified: paths }] : undefined,
      },
      metadata: { 'x-github-event': 'push' },
    });
    res.status(202).json({ published: true });
  });
  return router;
}
