/*
 * Where an Astro project entity's files live, derived from the catalog's own
 * location annotations. Pure (no I/O) so it can be tested with plain data.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import path from 'node:path';

export const DEPLOYMENT_ID_ANNOTATION = 'astronomer.io/deployment-id';
export const PROJECT_PATH_ANNOTATION = 'astronomer.io/project-path';

/** Where to fetch an entity's repository from. */
export type ProjectSource =
  | {
      type: 'url';
      /** The repository root (or the source folder when the host is not recognised), for `fetch:plain`. */
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
      /** Absolute folder holding the entity's catalog file. */
      entityDir: string;
      /** Absolute folder of the catalog location that (transitively) registered the entity. */
      originDir: string;
      /** Folder of the Astro project relative to `entityDir`. */
      projectPath: string;
    };

/** The comma-separated Deployment ids of `astronomer.io/deployment-id`. */
export function deploymentIdsOf(entity: Entity): string[] {
  return (entity.metadata.annotations?.[DEPLOYMENT_ID_ANNOTATION] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** Normalises a relative folder from an annotation; refuses `..` and absolute paths. */
export function normalizeProjectPath(value: string | undefined): string {
  const raw = (value ?? '').trim().replace(/\\/g, '/');
  if (raw === '' || raw === '.' || raw === './' || raw === '/') {
    return '.';
  }
  const stripped = raw.replace(/^\/+/, '').replace(/\/+$/, '');
  const normalized = path.posix.normalize(stripped);
  if (
    normalized === '..' ||
    normalized.startsWith('../') ||
    raw.includes('\0') ||
    /^[a-zA-Z]:/.test(stripped)
  ) {
    throw new InputError(
      `The ${PROJECT_PATH_ANNOTATION} annotation '${value}' must be a folder inside the repository`,
    );
  }
  return normalized === '' ? '.' : normalized;
}

interface RepoUrlParts {
  host: string;
  /** Path of the repository on the host: `owner/repo`, `group/sub/repo`. */
  repoPath: string;
  branch?: string;
  /** Folder inside the repository the URL points at ('' for the root). */
  subPath: string;
}

function parseGithubUrl(url: URL): RepoUrlParts | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length < 2) {
    return undefined;
  }
  const [owner, repo, kind, branch, ...rest] = parts;
  const repoName = repo.replace(/\.git$/, '');
  if (kind === undefined) {
    return { host: url.host, repoPath: `${owner}/${repoName}`, subPath: '' };
  }
  if ((kind === 'tree' || kind === 'blob') && branch) {
    const sub = kind === 'blob' ? rest.slice(0, -1) : rest;
    return {
      host: url.host,
      repoPath: `${owner}/${repoName}`,
      branch,
      subPath: sub.join('/'),
    };
  }
  return undefined;
}

function parseGitlabUrl(url: URL, basePath: string): RepoUrlParts | undefined {
  let pathname = url.pathname;
  if (basePath && pathname.startsWith(basePath)) {
    pathname = pathname.slice(basePath.length);
  }
  const [repoPart, rest] = pathname.split('/-/');
  const repoPath = repoPart
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent)
    .join('/')
    .replace(/\.git$/, '');
  if (!repoPath.includes('/')) {
    return undefined;
  }
  if (rest === undefined) {
    return { host: url.host, repoPath, subPath: '' };
  }
  const [kind, branch, ...sub] = rest
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if ((kind === 'tree' || kind === 'blob') && branch) {
    return {
      host: url.host,
      repoPath,
      branch,
      subPath: (kind === 'blob' ? sub.slice(0, -1) : sub).join('/'),
    };
  }
  return undefined;
}

function repoUrlFor(parts: RepoUrlParts): string {
  const slash = parts.repoPath.lastIndexOf('/');
  const owner = parts.repoPath.slice(0, slash);
  const repo = parts.repoPath.slice(slash + 1);
  return `${parts.host}?owner=${encodeURIComponent(
    owner,
  )}&repo=${encodeURIComponent(repo)}`;
}

/**
 * The repository root URL for `fetch:plain`, the `publish:*` repoUrl and the
 * project folder of an entity whose catalog file lives in a repository.
 */
export function urlSource(
  sourceUrl: string,
  projectPathAnnotation: string | undefined,
  integrations: ScmIntegrationRegistry,
): ProjectSource {
  let url: URL;
  try {
    url = new URL(sourceUrl);
  } catch {
    throw new InputError(
      `The entity's source location '${sourceUrl}' is not a URL`,
    );
  }
  const integration = integrations.byUrl(url);
  let parts: RepoUrlParts | undefined;
  if (integration?.type === 'github') {
    parts = parseGithubUrl(url);
  } else if (integration?.type === 'gitlab') {
    const base = integrations.gitlab.byUrl(url)?.config.baseUrl;
    let basePath = '';
    try {
      basePath = base ? new URL(base).pathname.replace(/\/+$/, '') : '';
    } catch {
      basePath = '';
    }
    parts = parseGitlabUrl(url, basePath);
  }
  if (!parts) {
    // unknown host layout: fetch what the catalog points at and use it as the root
    return {
      type: 'url',
      fetchUrl: sourceUrl,
      provider: integration?.type,
      projectPath: normalizeProjectPath(projectPathAnnotation),
    };
  }
  const root = `${url.protocol}//${url.host}${
    integration?.type === 'gitlab'
      ? url.pathname.split('/-/')[0].replace(/\/+$/, '')
      : `/${parts.repoPath.split('/').map(encodeURIComponent).join('/')}`
  }`;
  let fetchUrl: string;
  if (!parts.branch) {
    fetchUrl = root;
  } else if (integration?.type === 'gitlab') {
    fetchUrl = `${root}/-/tree/${encodeURIComponent(parts.branch)}`;
  } else {
    fetchUrl = `${root}/tree/${encodeURIComponent(parts.branch)}`;
  }
  return {
    type: 'url',
    fetchUrl,
    repoUrl: repoUrlFor(parts),
    provider: integration?.type,
    baseBranch: parts.branch,
    // the annotation is relative to the repository root; without it the
    // project is the folder holding catalog-info.yaml
    projectPath: normalizeProjectPath(projectPathAnnotation ?? parts.subPath),
  };
}

/**
 * Where the entity's files are, from the annotations the catalog itself sets
 * (`backstage.io/managed-by-location` and `-origin-location` are overwritten by
 * the catalog while processing, so an entity author cannot forge them).
 */
export function locateProject(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): ProjectSource {
  const annotations = entity.metadata.annotations ?? {};
  const projectPathAnnotation = annotations[PROJECT_PATH_ANNOTATION];
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (source) {
    const ref = parseLocationRef(source);
    if (ref.type === 'url') {
      return urlSource(ref.target, projectPathAnnotation, integrations);
    }
  }
  const managedBy = annotations[ANNOTATION_LOCATION];
  if (!managedBy) {
    throw new InputError(
      `The entity has neither ${ANNOTATION_SOURCE_LOCATION} nor ${ANNOTATION_LOCATION}: cannot tell where its repository is`,
    );
  }
  const location = parseLocationRef(managedBy);
  if (location.type === 'url') {
    // the catalog file's folder
    const dir = new URL('./', location.target).toString();
    return urlSource(dir, projectPathAnnotation, integrations);
  }
  if (location.type === 'file') {
    const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
    const originRef = origin ? parseLocationRef(origin) : undefined;
    if (!originRef || originRef.type !== 'file') {
      throw new InputError(
        `The entity was read from the local file ${location.target}, but not through a file location configured in the catalog; refusing to read local files for it`,
      );
    }
    return {
      type: 'file',
      entityDir: path.dirname(path.resolve(location.target)),
      originDir: path.dirname(path.resolve(originRef.target)),
      projectPath: normalizeProjectPath(projectPathAnnotation),
    };
  }
  throw new InputError(
    `The entity's location type '${location.type}' is not supported; add a ${ANNOTATION_SOURCE_LOCATION} annotation pointing at its repository`,
  );
}
