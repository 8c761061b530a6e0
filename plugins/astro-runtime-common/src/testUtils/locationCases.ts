/*
 * One table of entity locations and where their Astro project is. The pure
 * resolver in this package, the backend (which reads the Dockerfile for the
 * card) and the scaffolder (which edits it in the upgrade pull request) all
 * run it, so the three cannot disagree on which Dockerfile a project has.
 */

/**
 * Integrations config (`integrations:` in app-config) the cases assume:
 * github.com, gitlab.com and a GitLab installed under `/gitlab` on
 * git.example.com.
 *
 * @public
 */
export const LOCATION_CASES_INTEGRATIONS = {
  integrations: {
    github: [{ host: 'github.com' }],
    gitlab: [
      { host: 'gitlab.com' },
      {
        host: 'git.example.com',
        apiBaseUrl: 'https://git.example.com/gitlab/api/v4',
        baseUrl: 'https://git.example.com/gitlab',
      },
    ],
  },
};

/**
 * Where the project is: the folder files resolve against (`rootUrl` for
 * repositories read by URL, `root` for local files) and the Dockerfile
 * relative to it.
 *
 * @public
 */
export type LocationCaseExpectation =
  | { rootUrl: string; dockerfile: string; repoUrl?: string; ref?: string }
  | { root: string; dockerfile: string }
  /** Refused; `error` is the annotation named as the culprit. */
  | { error: string };

/** @public */
export interface LocationCase {
  name: string;
  annotations: Record<string, string>;
  expected: LocationCaseExpectation;
}

const GH = 'https://github.com/acme';
const SRC = 'backstage.io/source-location';
const MANAGED = 'backstage.io/managed-by-location';
const ORIGIN = 'backstage.io/managed-by-origin-location';
const PROJECT = 'astronomer.io/project-path';

/** Entities registered from /srv/cat/all.yaml (a catalog location on disk). */
const local = (catalogFile: string, extra: Record<string, string> = {}) => ({
  [MANAGED]: `file:/srv/cat/${catalogFile}`,
  [ORIGIN]: 'file:/srv/cat/all.yaml',
  ...extra,
});

/** @public */
export const LOCATION_CASES: readonly LocationCase[] = [
  {
    name: 'GitHub repository root',
    annotations: { [SRC]: `url:${GH}/orders/tree/main/` },
    expected: {
      rootUrl: `${GH}/orders/tree/main/`,
      dockerfile: 'Dockerfile',
      repoUrl: `${GH}/orders`,
      ref: 'main',
    },
  },
  {
    name: 'GitHub monorepo folder as the source location',
    annotations: { [SRC]: `url:${GH}/mono/tree/release/airflow/orders/` },
    expected: {
      rootUrl: `${GH}/mono/tree/release/`,
      dockerfile: 'airflow/orders/Dockerfile',
      ref: 'release',
    },
  },
  {
    name: 'project-path is relative to the source-location folder',
    annotations: {
      [SRC]: `url:${GH}/mono/tree/main/catalog/`,
      [PROJECT]: 'airflow/orders',
    },
    expected: {
      rootUrl: `${GH}/mono/tree/main/`,
      dockerfile: 'catalog/airflow/orders/Dockerfile',
    },
  },
  {
    name: 'project-path ./, repeated and trailing slashes are normalized',
    annotations: {
      [SRC]: `url:${GH}/mono/tree/main`,
      [PROJECT]: './airflow//orders/./',
    },
    expected: {
      rootUrl: `${GH}/mono/tree/main/`,
      dockerfile: 'airflow/orders/Dockerfile',
    },
  },
  {
    name: 'GitHub URL without a branch, with .git',
    annotations: { [SRC]: `url:${GH}/orders.git`, [PROJECT]: '.' },
    expected: {
      rootUrl: `${GH}/orders/`,
      dockerfile: 'Dockerfile',
      repoUrl: `${GH}/orders`,
    },
  },
  {
    name: 'no source-location: the folder of a nested catalog file (blob URL)',
    annotations: {
      [MANAGED]: `url:${GH}/mono/blob/main/catalog/catalog-info.yaml`,
      [PROJECT]: 'airflow',
    },
    expected: {
      rootUrl: `${GH}/mono/tree/main/`,
      dockerfile: 'catalog/airflow/Dockerfile',
    },
  },
  {
    name: 'GitLab with subgroups',
    annotations: {
      [SRC]: 'url:https://gitlab.com/data/airflow/orders/-/tree/main/',
    },
    expected: {
      rootUrl: 'https://gitlab.com/data/airflow/orders/-/tree/main/',
      dockerfile: 'Dockerfile',
      repoUrl: 'https://gitlab.com/data/airflow/orders',
    },
  },
  {
    name: 'self-hosted GitLab under a path prefix, project-path below the source folder',
    annotations: {
      [SRC]:
        'url:https://git.example.com/gitlab/data/orders/-/tree/dev/airflow/',
      [PROJECT]: 'project',
    },
    expected: {
      rootUrl: 'https://git.example.com/gitlab/data/orders/-/tree/dev/',
      dockerfile: 'airflow/project/Dockerfile',
      ref: 'dev',
    },
  },
  {
    name: 'unknown host: the source folder is the root',
    annotations: {
      [SRC]: 'url:https://git.internal.test/x/y',
      [PROJECT]: 'airflow',
    },
    expected: {
      rootUrl: 'https://git.internal.test/x/y/',
      dockerfile: 'airflow/Dockerfile',
    },
  },
  {
    name: 'local file: relative to the folder of the registering catalog location',
    annotations: local('projects/a/catalog-info.yaml'),
    expected: { root: '/srv/cat', dockerfile: 'projects/a/Dockerfile' },
  },
  {
    name: 'local file: a relative file: source-location above the catalog file',
    annotations: local('projects/w/catalog/catalog-info.yaml', {
      [SRC]: 'file:../',
      [PROJECT]: 'airflow/loads',
    }),
    expected: {
      root: '/srv/cat',
      dockerfile: 'projects/w/airflow/loads/Dockerfile',
    },
  },
  {
    name: 'local file: a source-location outside the catalog location is refused',
    annotations: local('projects/a/catalog-info.yaml', { [SRC]: 'file:/etc/' }),
    expected: { error: SRC },
  },
  {
    name: 'a file: source-location on an entity not read from a local file is refused',
    annotations: {
      [MANAGED]: `url:${GH}/x/blob/main/catalog-info.yaml`,
      [SRC]: 'file:/etc/',
    },
    expected: { error: SRC },
  },
  {
    name: 'a local catalog file not registered through a file location is refused',
    annotations: {
      [MANAGED]: 'file:/etc/catalog-info.yaml',
      [ORIGIN]: `url:${GH}/evil/blob/main/catalog-info.yaml`,
    },
    expected: { error: ORIGIN },
  },
  {
    name: 'no location annotation at all',
    annotations: { [PROJECT]: 'airflow' },
    expected: { error: MANAGED },
  },
  {
    name: 'project-path with .. is refused',
    annotations: {
      [SRC]: `url:${GH}/mono/tree/main/catalog/`,
      [PROJECT]: '../x',
    },
    expected: { error: PROJECT },
  },
  {
    name: 'project-path a/../b is refused (not normalized)',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: 'a/../b' },
    expected: { error: PROJECT },
  },
  {
    name: 'project-path with percent-encoded dots (mixed case) is refused',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: '%2E%2e/x' },
    expected: { error: PROJECT },
  },
  {
    name: 'project-path with an encoded slash is refused',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: 'a%2fb' },
    expected: { error: PROJECT },
  },
  {
    name: 'project-path with a backslash is refused',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: 'a\\b' },
    expected: { error: PROJECT },
  },
  {
    name: 'absolute project-path is refused',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: '/airflow' },
    expected: { error: PROJECT },
  },
  {
    name: 'project-path with a control character is refused',
    annotations: { [SRC]: `url:${GH}/mono/tree/main/`, [PROJECT]: 'a\u0000b' },
    expected: { error: PROJECT },
  },
  {
    name: 'unsupported location type',
    annotations: { [MANAGED]: 'bitbucket-cloud:foo/bar' },
    expected: { error: MANAGED },
  },
];
