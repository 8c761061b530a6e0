import { createHash } from 'crypto';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventParams } from '@backstage/plugin-events-node';
import { errorMessage } from '../errors';
import pLimit from 'p-limit';
import type { RefreshService } from './RefreshService';
import type { RepoMatch, StatusStore } from './StatusStore';

/** The topics the SCM events modules publish webhooks to. */
export const PUSH_TOPICS = ['github', 'gitlab'];

/** A push, as far as reassessing needs it. */
export interface PushEvent {
  /** Claim key: the same push delivered twice (or to two replicas) has the same key. */
  key: string;
  /** Browsable URL of the repository (`https://github.com/org/repo`). */
  repoUrl: string;
  /** Branch pushed to, when the push was to a branch. */
  branch?: string;
  /** Paths changed (relative to the repository root); undefined: unknown, all of the repo. */
  paths?: string[];
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Json)
    : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function header(
  metadata: EventParams['metadata'],
  name: string,
): string | undefined {
  const v = metadata?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The push in a GitHub (`github`, `github.push`) or GitLab (`gitlab`,
 * `gitlab.push`) event, or undefined for any other event. Changed paths come
 * from the commits' added, modified and removed lists; when the payload
 * lists fewer commits than were pushed, the paths are unknown.
 */
export function parsePushEvent(params: EventParams): PushEvent | undefined {
  const topic = params.topic;
  const payload = obj(params.eventPayload);
  if (!payload) {
    return undefined;
  }
  let repoUrl: string | undefined;
  if (topic === 'github' || topic === 'github.push') {
    const event = header(params.metadata, 'x-github-event');
    if (topic === 'github' && event !== undefined && event !== 'push') {
      return undefined;
    }
    repoUrl = str(obj(payload.repository)?.html_url);
  } else if (topic === 'gitlab' || topic === 'gitlab.push') {
    if (payload.object_kind !== 'push') {
      return undefined;
    }
    repoUrl = str(obj(payload.project)?.web_url);
  } else {
    return undefined;
  }
  if (!repoUrl || !/^https?:\/\//i.test(repoUrl)) {
    return undefined;
  }
  const ref = str(payload.ref);
  if (ref && !ref.startsWith('refs/heads/')) {
    return undefined; // tags and other refs carry no project change
  }
  const branch = ref?.slice('refs/heads/'.length);
  const commits = Array.isArray(payload.commits) ? payload.commits : undefined;
  const total =
    typeof payload.total_commits_count === 'number'
      ? payload.total_commits_count
      : undefined;
  let paths: string[] | undefined;
  if (commits && (total === undefined || total <= commits.length)) {
    const set = new Set<string>();
    for (const c of commits) {
      for (const list of ['added', 'modified', 'removed']) {
        const files = obj(c)?.[list];
        if (Array.isArray(files)) {
          files.forEach(f => typeof f === 'string' && set.add(f));
        }
      }
    }
    paths = [...set];
  }
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        topic.split('.')[0],
        repoUrl.replace(/\/+$/, '').toLocaleLowerCase('en-US'),
        ref ?? null,
        str(payload.after) ?? str(payload.checkout_sha) ?? null,
        str(payload.after) ? null : JSON.stringify(paths ?? null),
      ]),
    )
    .digest('hex');
  return { key, repoUrl: repoUrl.replace(/\/+$/, ''), branch, paths };
}

/**
 * True when a push touched the entity: its Dockerfile is on the pushed
 * branch (when its URL names one) and a changed path is inside its project
 * folder (or the paths are unknown).
 */
export function pushTouches(push: PushEvent, match: RepoMatch): boolean {
  const rest = match.dockerfileUrl.slice(push.repoUrl.length);
  const blob = /^\/(?:-\/)?blob\/([^/]+)\//.exec(rest);
  if (blob && push.branch !== undefined) {
    let onBranch: string;
    try {
      onBranch = decodeURIComponent(blob[1]);
    } catch {
      onBranch = blob[1];
    }
    if (onBranch !== push.branch) {
      return false;
    }
  }
  if (push.paths === undefined) {
    return true;
  }
  const folder = (match.projectPath ?? '.').replace(/^\.\/?|\/+$/g, '');
  if (folder === '') {
    return push.paths.length > 0;
  }
  return push.paths.some(p => p === folder || p.startsWith(`${folder}/`));
}

/**
 * Reassesses the entities a push touched, at once: subscribed to the events
 * service's `github` and `gitlab` topics. Each push is claimed in the
 * database first, so with several replicas (and redeliveries) one handles it.
 */
export class PushEventHandler {
  readonly #limit = pLimit(4);
  readonly #now: () => Date;

  constructor(
    private readonly options: {
      store: StatusStore;
      catalog: CatalogService;
      auth: AuthService;
      refresh: RefreshService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Handles one event; resolves with the entities reassessed (empty when not claimed or none touched). */
  async handle(params: EventParams): Promise<string[]> {
    const push = parsePushEvent(params);
    if (!push) {
      return [];
    }
    const { store, catalog, auth, refresh, logger } = this.options;
    const matches = (await store.findByRepoUrl(push.repoUrl)).filter(m =>
      pushTouches(push, m),
    );
    if (matches.length === 0) {
      return [];
    }
    const now = this.#now();
    const claimed = await store.claimEvent(
      push.key,
      now.toISOString(),
      new Date(now.getTime() - 86_400_000).toISOString(),
    );
    if (!claimed) {
      logger.debug(
        `Astro Runtime: push to ${push.repoUrl} already handled by another replica`,
      );
      return [];
    }
    const credentials = await auth.getOwnServiceCredentials();
    const done: string[] = [];
    await Promise.all(
      matches.map(m =>
        this.#limit(async () => {
          try {
            const entity = await catalog.getEntityByRef(m.entityRef, {
              credentials,
            });
            if (!entity) {
              return;
            }
            const result = await refresh.refreshEntity(entity);
            if (result.error) {
              logger.warn(
                `Astro Runtime: reassessing ${m.entityRef} after a push failed: ${result.error.message}`,
              );
            }
            done.push(m.entityRef);
          } catch (e) {
            logger.warn(
              `Astro Runtime: reassessing ${
                m.entityRef
              } after a push failed: ${errorMessage(e)}`,
            );
          }
        }),
      ),
    );
    logger.info(
      `Astro Runtime: push to ${push.repoUrl}${
        push.branch ? ` (${push.branch})` : ''
      } reassessed ${done.length} entities`,
    );
    return done;
  }
}
