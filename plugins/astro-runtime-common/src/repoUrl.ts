/*
 * GitHub and GitLab URL layouts: the repository, branch and folder a
 * catalog location URL points at.
 */
import { invalid, printable } from './projectPath';

/**
 * The SCM integration serving a URL's host: its type (`github`, `gitlab`,
 * `bitbucketServer` ...) and, for GitLab installed under a path prefix, that
 * prefix (`/gitlab`).
 *
 * @public
 */
export interface ScmHostInfo {
  type: string;
  basePath?: string;
}

export interface RepoUrlParts {
  host: string;
  /** `owner/repo`, `group/sub/repo` */
  repoPath: string;
  /** The repository root URL without a trailing slash. */
  root: string;
  ref?: string;
  /** Folder inside the repository the URL points at ('' for the root). */
  subPath: string;
  kind: 'github' | 'gitlab';
}

function decodeSegments(segments: string[], annotation: string): string[] {
  return segments.map(s => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      throw invalid(
        annotation,
        `The ${annotation} annotation has a malformed URL path segment '${printable(
          s,
        )}'`,
      );
    }
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000-\u001f\u007f]/.test(decoded) || decoded === '..') {
      throw invalid(
        annotation,
        `The ${annotation} annotation has an invalid URL path segment '${printable(
          s,
        )}'`,
      );
    }
    // a percent-escape left after decoding was encoded twice (`%252e%252e`
    // decodes to `%2e%2e`, which a later URL resolution reads as `..`)
    if (/%[0-9a-f]{2}/i.test(decoded)) {
      throw invalid(
        annotation,
        `The ${annotation} annotation has a doubly encoded URL path segment '${printable(
          s,
        )}'`,
      );
    }
    return decoded;
  });
}

/**
 * `tree|blob/<ref>/<path...>` after the repository part of the URL. The last
 * segment is a file (dropped) for blob URLs and catalog file URLs, unless the
 * URL ends with a slash.
 */
function treeParts(
  rest: string[],
  url: URL,
  isFileUrl: boolean,
): { ref: string; sub: string[] } | undefined {
  const [kind, ref, ...sub] = rest;
  if ((kind !== 'tree' && kind !== 'blob') || !ref) {
    return undefined;
  }
  const namesFile =
    !url.pathname.endsWith('/') && (kind === 'blob' || isFileUrl);
  return { ref, sub: namesFile ? sub.slice(0, -1) : sub };
}

/**
 * The parts of a repository URL from its decoded repository segments (the
 * last one may end in `.git`) and the decoded segments after them
 * (`undefined` for a URL of the repository root).
 */
function repoUrlParts(
  url: URL,
  prefix: string,
  repoSegments: string[],
  rest: string[] | undefined,
  isFileUrl: boolean,
  kind: RepoUrlParts['kind'],
): RepoUrlParts | undefined {
  const segments = repoSegments.map((s, i) =>
    i === repoSegments.length - 1 ? s.replace(/\.git$/, '') : s,
  );
  const repoPath = segments.join('/');
  const root = `${url.protocol}//${url.host}${prefix}/${segments
    .map(encodeURIComponent)
    .join('/')}`;
  if (rest === undefined) {
    return { host: url.host, repoPath, root, subPath: '', kind };
  }
  const tree = treeParts(rest, url, isFileUrl);
  if (!tree) {
    return undefined;
  }
  return {
    host: url.host,
    repoPath,
    root,
    ref: tree.ref,
    subPath: tree.sub.join('/'),
    kind,
  };
}

export function parseGithubUrl(
  url: URL,
  isFileUrl: boolean,
  annotation: string,
): RepoUrlParts | undefined {
  const raw = url.pathname.split('/').filter(Boolean);
  const parts = decodeSegments(raw, annotation);
  if (parts.length < 2) {
    return undefined;
  }
  const [owner, repo, ...rest] = parts;
  return repoUrlParts(
    url,
    '',
    [owner, repo],
    rest.length === 0 ? undefined : rest,
    isFileUrl,
    'github',
  );
}

export function parseGitlabUrl(
  url: URL,
  basePath: string,
  isFileUrl: boolean,
  annotation: string,
): RepoUrlParts | undefined {
  let pathname = url.pathname;
  let prefix = '';
  if (basePath && pathname.startsWith(`${basePath}/`)) {
    prefix = basePath;
    pathname = pathname.slice(basePath.length);
  }
  const [repoPart, rest] = pathname.split('/-/');
  const repoSegments = decodeSegments(
    repoPart.split('/').filter(Boolean),
    annotation,
  );
  if (repoSegments.length < 2) {
    return undefined;
  }
  return repoUrlParts(
    url,
    prefix,
    repoSegments,
    rest === undefined
      ? undefined
      : decodeSegments(rest.split('/').filter(Boolean), annotation),
    isFileUrl,
    'gitlab',
  );
}

/**
 * The subset of `ScmIntegrationRegistry` (`@backstage/integration`) that
 * {@link scmHostsFrom} reads.
 *
 * @public
 */
export interface ScmIntegrationsLike {
  byUrl(url: string | URL): { type: string } | undefined;
  gitlab: {
    byUrl(url: string | URL): { config: { baseUrl?: string } } | undefined;
  };
}

/**
 * The `scmHost` option from a backend's `ScmIntegrations`: the integration
 * type of a URL's host, and GitLab's base path.
 *
 * @public
 */
export function scmHostsFrom(
  integrations: ScmIntegrationsLike,
): (url: URL) => ScmHostInfo | undefined {
  return url => {
    const type = integrations.byUrl(url)?.type;
    if (!type) return undefined;
    if (type !== 'gitlab') return { type };
    const baseUrl = integrations.gitlab.byUrl(url)?.config.baseUrl;
    let basePath = '';
    try {
      basePath = baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, '') : '';
    } catch {
      basePath = '';
    }
    return { type, basePath };
  };
}

export function defaultScmHost(url: URL): ScmHostInfo | undefined {
  if (url.host === 'github.com') return { type: 'github' };
  if (url.host === 'gitlab.com') return { type: 'gitlab' };
  return undefined;
}
