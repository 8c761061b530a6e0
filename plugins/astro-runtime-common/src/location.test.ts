import { isAstroRuntimeError } from './errors';
import {
  normalizeProjectPath,
  resolveProjectLocation,
  scmHostsFrom,
} from './location';
import { deploymentIdsOf, isAstroProjectAnnotated } from './annotations';
import { LOCATION_CASES } from './testUtils';

// the hosts of LOCATION_CASES_INTEGRATIONS, as ScmIntegrations answers for them
const scmHost = scmHostsFrom({
  byUrl: url => {
    const host = new URL(String(url)).host;
    if (host === 'github.com') return { type: 'github' };
    if (host === 'gitlab.com' || host === 'git.example.com')
      return { type: 'gitlab' };
    return undefined;
  },
  gitlab: {
    byUrl: url =>
      new URL(String(url)).host === 'git.example.com'
        ? { config: { baseUrl: 'https://git.example.com/gitlab' } }
        : { config: { baseUrl: 'https://gitlab.com' } },
  },
});

const refused = LOCATION_CASES.filter(c => 'error' in c.expected);
const located = LOCATION_CASES.filter(c => !('error' in c.expected));

describe('resolveProjectLocation (shared location table)', () => {
  it.each(located.map(c => [c.name, c] as const))('%s', (_, c) => {
    const location = resolveProjectLocation(c.annotations, { scmHost });
    expect(location).toMatchObject({
      type: 'root' in c.expected ? 'file' : 'url',
      ...c.expected,
    });
    expect(location.requirements).toBe(
      location.dockerfile.replace(/Dockerfile$/, 'requirements.txt'),
    );
  });

  it.each(refused.map(c => [c.name, c] as const))('%s', (_, c) => {
    const annotation = (c.expected as { error: string }).error;
    let error: unknown;
    try {
      resolveProjectLocation(c.annotations, { scmHost });
    } catch (e) {
      error = e;
    }
    expect(isAstroRuntimeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_LOCATION', annotation });
    expect(String((error as Error)?.message)).toContain(annotation);
  });
});

describe('resolveProjectLocation', () => {
  it('keeps the owner and repository of the publish target', () => {
    expect(
      resolveProjectLocation(
        {
          'backstage.io/source-location':
            'url:https://gitlab.com/data/airflow/orders/-/tree/main/dags/',
        },
        { scmHost },
      ),
    ).toEqual({
      type: 'url',
      rootUrl: 'https://gitlab.com/data/airflow/orders/-/tree/main/',
      repoUrl: 'https://gitlab.com/data/airflow/orders',
      host: 'gitlab.com',
      repoPath: 'data/airflow/orders',
      ref: 'main',
      provider: 'gitlab',
      projectDir: 'dags',
      dockerfile: 'dags/Dockerfile',
      requirements: 'dags/requirements.txt',
      projectPath: '.',
    });
  });

  it('without an integration lookup knows github.com and gitlab.com only', () => {
    expect(
      resolveProjectLocation({
        'backstage.io/source-location':
          'url:https://github.com/acme/mono/tree/main/catalog/',
      }),
    ).toMatchObject({ provider: 'github', projectDir: 'catalog' });
    expect(
      resolveProjectLocation({
        'backstage.io/source-location':
          'url:https://ghe.acme.test/acme/mono/tree/main/catalog/',
      }),
    ).toMatchObject({
      rootUrl: 'https://ghe.acme.test/acme/mono/tree/main/catalog/',
      projectDir: '.',
      provider: undefined,
    });
  });

  it('a branch name with a slash-free encoding survives the round trip', () => {
    expect(
      resolveProjectLocation(
        {
          'backstage.io/source-location':
            'url:https://github.com/acme/mono/tree/release%2B1/x/',
        },
        { scmHost },
      ),
    ).toMatchObject({
      ref: 'release+1',
      rootUrl: 'https://github.com/acme/mono/tree/release%2B1/',
      projectDir: 'x',
    });
  });

  it('the folder of a catalog file on an unknown host', () => {
    expect(
      resolveProjectLocation({
        'backstage.io/managed-by-location':
          'url:https://git.internal.test/x/y/catalog-info.yaml',
      }),
    ).toMatchObject({
      rootUrl: 'https://git.internal.test/x/y/',
      dockerfile: 'Dockerfile',
    });
  });

  it('local files: without an origin location the catalog file folder is the root', () => {
    expect(
      resolveProjectLocation({
        'backstage.io/managed-by-location': 'file:/srv/a/catalog-info.yaml',
        'astronomer.io/project-path': 'airflow',
      }),
    ).toEqual({
      type: 'file',
      root: '/srv/a',
      projectDir: 'airflow',
      dockerfile: 'airflow/Dockerfile',
      requirements: 'airflow/requirements.txt',
      projectPath: 'airflow',
    });
    expect(() =>
      resolveProjectLocation({
        'backstage.io/managed-by-location': 'file:relative/catalog-info.yaml',
      }),
    ).toThrow(/not an absolute path/);
  });

  it('refuses a malformed location reference naming the annotation', () => {
    expect(() =>
      resolveProjectLocation({ 'backstage.io/source-location': 'nocolon' }),
    ).toThrow(/backstage.io\/source-location annotation 'nocolon'/);
    expect(() =>
      resolveProjectLocation({
        'backstage.io/source-location': 'url:not a url',
      }),
    ).toThrow(/is not a URL/);
    expect(() =>
      resolveProjectLocation({
        'backstage.io/source-location': 'url:ftp://x/y/',
      }),
    ).toThrow(/not an http\(s\) URL/);
  });
});

describe('source-location URL path segments', () => {
  it.each([
    'url:https://github.com/o/r/tree/main/a/%252e%252e/%252e%252e/',
    'url:https://github.com/o/r/tree/main/%252fetc/',
    'url:https://gitlab.com/g/r/-/tree/main/a/%255c/',
  ])('refuses a doubly encoded segment: %p', location => {
    expect(() =>
      resolveProjectLocation({ 'backstage.io/source-location': location }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_LOCATION',
        message: expect.stringMatching(/doubly encoded URL path segment/),
      }),
    );
  });

  it('decodes a singly encoded segment once', () => {
    expect(
      resolveProjectLocation({
        'backstage.io/source-location':
          'url:https://github.com/o/r/tree/main/my%20dags/',
      }),
    ).toMatchObject({ projectDir: 'my dags' });
  });
});

describe('normalizeProjectPath', () => {
  it.each([
    [undefined, '.'],
    ['', '.'],
    ['  ', '.'],
    ['.', '.'],
    ['./', '.'],
    ['a', 'a'],
    [' a/b ', 'a/b'],
    ['a//b/./c/', 'a/b/c'],
    ['./a/', 'a'],
    ['a..b/c.', 'a..b/c.'],
    ['100%/x', '100%/x'],
  ])('%p → %p', (input, out) => {
    expect(normalizeProjectPath(input)).toBe(out);
  });

  it.each([
    '..',
    '../x',
    'a/..',
    'a/../b',
    '%2e%2e',
    '%2E%2E/x',
    '.%2e/x',
    'a%2Fb',
    'a%5cb',
    'a%00b',
    'a\\b',
    '/',
    '/a',
    'C:/a',
    'c:a',
    'a\tb',
    'a\nb',
    'a\u007fb',
  ])('refuses %p', input => {
    expect(() => normalizeProjectPath(input)).toThrow(
      expect.objectContaining({
        code: 'INVALID_LOCATION',
        annotation: 'astronomer.io/project-path',
      }),
    );
  });

  it('refuses paths over 1024 characters', () => {
    expect(normalizeProjectPath('x'.repeat(1024))).toHaveLength(1024);
    expect(() => normalizeProjectPath('x'.repeat(1025))).toThrow(
      /longer than 1024/,
    );
  });

  it('refuses non-strings with a typed error', () => {
    expect(() => normalizeProjectPath(42 as unknown as string)).toThrow(
      /must be a string/,
    );
  });
});

describe('annotations', () => {
  it('an Astro project has a non-blank deployment id or project path', () => {
    expect(isAstroProjectAnnotated(undefined)).toBe(false);
    expect(
      isAstroProjectAnnotated({ 'astronomer.io/deployment-id': ' ' }),
    ).toBe(false);
    expect(isAstroProjectAnnotated({ 'astronomer.io/project-path': '.' })).toBe(
      true,
    );
    expect(
      isAstroProjectAnnotated({ 'astronomer.io/deployment-id': 'dep-1' }),
    ).toBe(true);
    expect(
      isAstroProjectAnnotated({ 'astronomer.io/organization-id': 'o' }),
    ).toBe(false);
  });

  it('splits deployment ids, dropping blanks and repeats', () => {
    expect(
      deploymentIdsOf({ 'astronomer.io/deployment-id': ' b ,a,, b' }),
    ).toEqual(['b', 'a']);
    expect(deploymentIdsOf({})).toEqual([]);
  });
});
