/*
 * Where an Astro project entity's files live, for the upgrade template. The
 * decision itself is -common's resolveProjectLocation, shared with the
 * backend that assesses the project for the entity card, so the pull request
 * edits the Dockerfile the card shows.
 */
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  deploymentIdsOf as annotatedDeploymentIds,
  isAstroRuntimeError,
  resolveProjectLocation,
  scmHostsFrom,
} from '@backstage-astro/plugin-astro-runtime-common';

/** Where to fetch an entity's repository from. */
export type RepositorySource =
  | {
      type: 'url';
      /** The repository root at the branch (or the source folder when the host is not recognised), for `fetch:plain`. */
      fetchUrl: string;
      /** `host?owner=..&repo=..` for the `publish:*` actions, when the host is a GitHub or GitLab integration. */
      repoUrl?: string;
      /** The integration type of the host: `github`, `gitlab`, `bitbucketServer` ... */
      provider?: string;
      /** The branch named in the source URL, when there is one. */
      baseBranch?: string;
      /** Folder of the Astro project inside the fetched tree, `.` for the root. */
      projectPath: string;
    }
  | {
      type: 'file';
      /** Absolute folder `projectPath` is relative to: the folder of the catalog location that registered the entity. */
      entityDir: string;
      /** Absolute folder of the catalog location that registered the entity; reads stay inside it. */
      originDir: string;
      /** Folder of the Astro project relative to `entityDir`. */
      projectPath: string;
    };

/** The comma-separated Deployment ids of `astronomer.io/deployment-id`. */
export function deploymentIdsOf(entity: Entity): string[] {
  return annotatedDeploymentIds(entity.metadata.annotations);
}

/** `host?owner=..&repo=..`, the repoUrl format of the `publish:*` actions. */
function publishRepoUrl(host: string, repoPath: string): string {
  const slash = repoPath.lastIndexOf('/');
  return `${host}?owner=${encodeURIComponent(
    repoPath.slice(0, slash),
  )}&repo=${encodeURIComponent(repoPath.slice(slash + 1))}`;
}

/**
 * Where the entity's files are: the repository to fetch and the project
 * folder inside it (`astronomer.io/project-path` is relative to the entity's
 * source location, as for the entity card). Throws InputError naming the
 * annotation that is missing or wrong.
 */
export function locateProject(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): RepositorySource {
  let resolved;
  try {
    resolved = resolveProjectLocation(entity.metadata.annotations, {
      scmHost: scmHostsFrom(integrations),
    });
  } catch (e) {
    if (isAstroRuntimeError(e)) {
      throw new InputError(e.message);
    }
    throw e;
  }
  if (resolved.type === 'file') {
    return {
      type: 'file',
      entityDir: resolved.root,
      originDir: resolved.root,
      projectPath: resolved.projectDir,
    };
  }
  const { host, repoPath } = resolved;
  const known = Boolean(host && repoPath);
  return {
    type: 'url',
    // fetch:plain takes the tree URL without the trailing slash
    fetchUrl: known ? resolved.rootUrl.replace(/\/$/, '') : resolved.rootUrl,
    repoUrl: host && repoPath ? publishRepoUrl(host, repoPath) : undefined,
    provider: resolved.provider,
    baseBranch: resolved.ref,
    projectPath: resolved.projectDir,
  };
}
