/*
 * Where an entity's Astro project is: the one decision the backend (reading
 * the Dockerfile for the card) and the scaffolder (editing it in the upgrade
 * pull request) share, so both always name the same file.
 *
 * `astronomer.io/project-path` is relative to the entity's source location,
 * like Backstage's own `backstage.io/techdocs-ref: dir:<path>`: the folder of
 * `backstage.io/source-location` when set, otherwise the folder of the
 * entity's catalog file (`backstage.io/managed-by-location`). Without the
 * annotation the project is that folder itself.
 */
import { ASTRO_PROJECT_PATH_ANNOTATION } from './annotations';
import {
  invalid,
  joinProjectPath,
  normalizeProjectPath,
  printable,
  projectFile,
} from './projectPath';
import {
  defaultScmHost,
  parseGithubUrl,
  parseGitlabUrl,
  type RepoUrlParts,
  type ScmHostInfo,
} from './repoUrl';

export { normalizeProjectPath, projectFile } from './projectPath';
export { scmHostsFrom } from './repoUrl';
export type { ScmHostInfo, ScmIntegrationsLike } from './repoUrl';

/** The catalog's own location annotations (as in `@backstage/catalog-model`). */
const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';
const MANAGED_BY_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';

/** @public */
export interface ResolveProjectLocationOptions {
  /**
   * Which integration serves a URL (backends pass one built from
   * `ScmIntegrations.byUrl`). Default: github.com is GitHub, gitlab.com is
   * GitLab, other hosts are unknown.
   */
  scmHost?: (url: URL) => ScmHostInfo | undefined;
}

/** @public */
export interface ProjectLocationFiles {
  /** The project folder relative to the root (`rootUrl` or `root`), POSIX, `.` for the root. */
  projectDir: string;
  /** `<projectDir>/Dockerfile`, relative to the root. */
  dockerfile: string;
  /** `<projectDir>/requirements.txt`, relative to the root. */
  requirements: string;
  /** The normalized `astronomer.io/project-path` (relative to the source folder), `.` when absent. */
  projectPath: string;
}

/**
 * A project in a repository read by URL.
 *
 * @public
 */
export interface UrlProjectLocation extends ProjectLocationFiles {
  type: 'url';
  /**
   * The folder `projectDir` is relative to, ending in `/`: the repository root
   * at `ref` on GitHub and GitLab (`https://github.com/o/r/tree/main/`),
   * otherwise the source folder itself.
   */
  rootUrl: string;
  /** The repository (`https://github.com/o/r`), when the host's URL layout is known. */
  repoUrl?: string;
  /** Host of the repository (`github.com`), with `repoUrl`. */
  host?: string;
  /** Path of the repository on its host (`owner/repo`, `group/sub/repo`), with `repoUrl`. */
  repoPath?: string;
  /** The branch (or tag) named in the location URL, when there is one. */
  ref?: string;
  /** The integration type of the host, when known. */
  provider?: string;
}

/**
 * A project on the local disk (entities registered from a `file:` location).
 *
 * @public
 */
export interface FileProjectLocation extends ProjectLocationFiles {
  type: 'file';
  /**
   * Absolute folder of the catalog location that registered the entity (its
   * `managed-by-origin-location`): `projectDir` is relative to it and reads
   * must stay inside it.
   */
  root: string;
}

/** @public */
export type ResolvedProjectLocation = UrlProjectLocation | FileProjectLocation;

function splitLocationRef(
  value: string,
  annotation: string,
): { type: string; target: string } {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) {
    throw invalid(
      annotation,
      `The ${annotation} annotation '${printable(
        value,
      )}' is not a location reference (type:target)`,
    );
  }
  return { type: value.slice(0, i), target: value.slice(i + 1) };
}

function files(projectDir: string, projectPath: string): ProjectLocationFiles {
  return {
    projectDir,
    dockerfile: projectFile(projectDir, 'Dockerfile'),
    requirements: projectFile(projectDir, 'requirements.txt'),
    projectPath,
  };
}

function parseHttpUrl(target: string, annotation: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw invalid(
      annotation,
      `The ${annotation} annotation '${printable(target)}' is not a URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(
      annotation,
      `The ${annotation} annotation '${printable(
        target,
      )}' is not an http(s) URL`,
    );
  }
  return url;
}

function resolveUrlLocation(
  target: string,
  annotation: string,
  isFileUrl: boolean,
  projectPath: string,
  options: ResolveProjectLocationOptions,
): UrlProjectLocation {
  const url = parseHttpUrl(target, annotation);
  const scm = (options.scmHost ?? defaultScmHost)(url);
  let parts: RepoUrlParts | undefined;
  if (scm?.type === 'github') {
    parts = parseGithubUrl(url, isFileUrl, annotation);
  } else if (scm?.type === 'gitlab') {
    parts = parseGitlabUrl(
      url,
      (scm.basePath ?? '').replace(/\/+$/, ''),
      isFileUrl,
      annotation,
    );
  }
  if (!parts) {
    // unknown URL layout: the source folder itself is the root
    const folder = new URL(isFileUrl ? './' : url.toString(), url);
    if (!isFileUrl && !folder.search && !folder.pathname.endsWith('/')) {
      folder.pathname = `${folder.pathname}/`;
    }
    folder.hash = '';
    return {
      type: 'url',
      rootUrl: folder.toString(),
      provider: scm?.type,
      ...files(projectPath, projectPath),
    };
  }
  const rootUrl = parts.ref
    ? `${parts.root}${
        parts.kind === 'gitlab' ? '/-' : ''
      }/tree/${encodeURIComponent(parts.ref)}/`
    : `${parts.root}/`;
  return {
    type: 'url',
    rootUrl,
    repoUrl: parts.root,
    host: parts.host,
    repoPath: parts.repoPath,
    ref: parts.ref,
    provider: scm?.type,
    ...files(joinProjectPath(parts.subPath, projectPath), projectPath),
  };
}

/** Normalizes an absolute POSIX (or `C:/` Windows) path; undefined when it is not absolute. */
function normalizeAbsolute(p: string): string | undefined {
  const s = p.replace(/\\/g, '/');
  const drive = /^[a-z]:\//i.exec(s)?.[0];
  if (!drive && !s.startsWith('/')) {
    return undefined;
  }
  const out: string[] = [];
  for (const seg of s.slice(drive ? drive.length : 1).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `${drive ? drive.slice(0, -1) : ''}/${out.join('/')}`;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? p.slice(0, i + 1) || '/' : p.slice(0, i);
}

/** `child` relative to `root` (POSIX, `.` for the root itself); undefined outside. */
function relativeInside(root: string, child: string): string | undefined {
  if (child === root) return '.';
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return child.startsWith(prefix) ? child.slice(prefix.length) : undefined;
}

function resolveFileLocation(
  annotations: Readonly<Record<string, string | undefined>>,
  managedByTarget: string,
  projectPath: string,
): FileProjectLocation {
  const catalogFile = normalizeAbsolute(managedByTarget);
  if (!catalogFile) {
    throw invalid(
      MANAGED_BY_LOCATION,
      `The ${MANAGED_BY_LOCATION} annotation 'file:${printable(
        managedByTarget,
      )}' is not an absolute path`,
    );
  }
  const entityDir = dirname(catalogFile);
  let root = entityDir;
  const origin = annotations[MANAGED_BY_ORIGIN_LOCATION]?.trim();
  if (origin) {
    const originRef = splitLocationRef(origin, MANAGED_BY_ORIGIN_LOCATION);
    const originFile =
      originRef.type === 'file'
        ? normalizeAbsolute(originRef.target)
        : undefined;
    if (!originFile) {
      throw invalid(
        MANAGED_BY_ORIGIN_LOCATION,
        `The entity was read from the local file ${printable(
          managedByTarget,
        )}, but not through a file location configured in the catalog (${MANAGED_BY_ORIGIN_LOCATION}); refusing to read local files for it`,
      );
    }
    root = dirname(originFile);
  }
  if (relativeInside(root, entityDir) === undefined) {
    throw invalid(
      MANAGED_BY_LOCATION,
      `The entity's catalog file ${printable(
        managedByTarget,
      )} is outside the folder of the catalog location that registered it`,
    );
  }
  let sourceDir = entityDir;
  const source = annotations[SOURCE_LOCATION]?.trim();
  if (source) {
    const ref = splitLocationRef(source, SOURCE_LOCATION);
    if (ref.type === 'file') {
      const target = ref.target.replace(/\\/g, '/');
      // a relative file: target is relative to the entity's catalog file
      sourceDir =
        normalizeAbsolute(target) ??
        normalizeAbsolute(`${entityDir}/${target}`) ??
        entityDir;
    }
  }
  const sourceRel = relativeInside(root, sourceDir);
  if (sourceRel === undefined) {
    throw invalid(
      SOURCE_LOCATION,
      `The ${SOURCE_LOCATION} annotation '${printable(
        source ?? '',
      )}' points outside the folder of the catalog location that registered the entity`,
    );
  }
  return {
    type: 'file',
    root,
    ...files(joinProjectPath(sourceRel, projectPath), projectPath),
  };
}

/**
 * Where an entity's Astro project is, from its annotations: the catalog's
 * location annotations (`backstage.io/source-location`,
 * `backstage.io/managed-by-location`, `backstage.io/managed-by-origin-location`)
 * and `astronomer.io/project-path`.
 *
 * - The source folder is `backstage.io/source-location` when it is set (a
 *   `url:` or, for entities registered from local files, a `file:` location;
 *   a relative `file:` target is relative to the catalog file's folder),
 *   otherwise the folder of the entity's catalog file.
 * - `astronomer.io/project-path` is relative to the source folder (as
 *   `backstage.io/techdocs-ref: dir:` is); absent, the project is the source
 *   folder.
 * - The result names the project folder, Dockerfile and requirements.txt
 *   relative to the repository root (GitHub and GitLab URLs), the source
 *   folder (other hosts) or the folder of the catalog location that
 *   registered the entity (local files, which must stay inside it).
 *
 * Throws an `AstroRuntimeError` with code `INVALID_LOCATION` whose
 * `annotation` names the annotation that is missing or wrong.
 *
 * @public
 */
export function resolveProjectLocation(
  annotations: Readonly<Record<string, string | undefined>> | undefined,
  options: ResolveProjectLocationOptions = {},
): ResolvedProjectLocation {
  const a = annotations ?? {};
  const projectPath = normalizeProjectPath(a[ASTRO_PROJECT_PATH_ANNOTATION]);
  const source = a[SOURCE_LOCATION]?.trim();
  const managedBy = a[MANAGED_BY_LOCATION]?.trim();
  const sourceRef = source
    ? splitLocationRef(source, SOURCE_LOCATION)
    : undefined;
  const managedRef = managedBy
    ? splitLocationRef(managedBy, MANAGED_BY_LOCATION)
    : undefined;

  if (sourceRef?.type === 'url') {
    return resolveUrlLocation(
      sourceRef.target,
      SOURCE_LOCATION,
      false,
      projectPath,
      options,
    );
  }
  if (sourceRef && sourceRef.type !== 'file') {
    throw invalid(
      SOURCE_LOCATION,
      `The ${SOURCE_LOCATION} location type '${printable(
        sourceRef.type,
      )}' is not supported: use a url: location`,
    );
  }
  if (sourceRef?.type === 'file' && managedRef?.type !== 'file') {
    throw invalid(
      SOURCE_LOCATION,
      `The ${SOURCE_LOCATION} annotation is a file: location but the entity was not registered from a local file`,
    );
  }
  if (!managedRef) {
    throw invalid(
      MANAGED_BY_LOCATION,
      `The entity has neither ${SOURCE_LOCATION} nor ${MANAGED_BY_LOCATION}: cannot tell where its repository is`,
    );
  }
  if (managedRef.type === 'url') {
    return resolveUrlLocation(
      managedRef.target,
      MANAGED_BY_LOCATION,
      true,
      projectPath,
      options,
    );
  }
  if (managedRef.type === 'file') {
    return resolveFileLocation(a, managedRef.target, projectPath);
  }
  throw invalid(
    MANAGED_BY_LOCATION,
    `The ${MANAGED_BY_LOCATION} location type '${printable(
      managedRef.type,
    )}' is not supported; add a ${SOURCE_LOCATION} annotation pointing at its repository`,
  );
}
