import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { projectFile } from '@backstage-astro/plugin-astro-runtime-common';
import {
  LOCATION_CASES,
  LOCATION_CASES_INTEGRATIONS,
} from '@backstage-astro/plugin-astro-runtime-common/testUtils';
import { locateProject } from './source';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader(LOCATION_CASES_INTEGRATIONS),
);

const refused = LOCATION_CASES.filter(c => 'error' in c.expected);
const located = LOCATION_CASES.filter(c => !('error' in c.expected));

function entity(
  annotations: Record<string, string>,
  name = 'orders-pipeline',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'me' },
  };
}

describe('locateProject: the shared location table', () => {
  // the backend's ProjectLocator runs the same table: the pull request edits
  // the Dockerfile the entity card assessed
  it.each(located.map(c => [c.name, c] as const))('%s', (_, c) => {
    const source = locateProject(entity(c.annotations), integrations);
    const { dockerfile, ...root } = c.expected as { dockerfile: string } & (
      | { root: string }
      | { rootUrl: string; ref?: string }
    );
    // the Dockerfile inside the fetched (or copied) workspace
    expect(projectFile(source.projectPath, 'Dockerfile')).toBe(dockerfile);
    // the workspace is the root the table's Dockerfile path is relative to
    expect(
      source.type === 'file'
        ? { root: source.entityDir, origin: source.originDir }
        : {
            rootUrl: `${source.fetchUrl.replace(/\/$/, '')}/`,
            ref: source.baseBranch,
          },
    ).toEqual(
      'root' in root
        ? { root: root.root, origin: root.root }
        : {
            rootUrl: root.rootUrl,
            ref:
              root.ref ??
              (source.type === 'url' ? source.baseBranch : undefined),
          },
    );
  });

  it.each(refused.map(c => [c.name, c] as const))('%s', (_, c) => {
    expect(() => locateProject(entity(c.annotations), integrations)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          (c.expected as { error: string }).error,
        ),
      }),
    );
  });
});

describe('locateProject', () => {
  it('GitHub source location at the repo root', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/orders-pipeline/tree/main/',
        }),
        integrations,
      ),
    ).toEqual({
      type: 'url',
      fetchUrl: 'https://github.com/acme/orders-pipeline/tree/main',
      repoUrl: 'github.com?owner=acme&repo=orders-pipeline',
      provider: 'github',
      baseBranch: 'main',
      projectPath: '.',
    });
  });

  it('project-path is relative to the source-location folder, like the card', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/mono/tree/main/catalog/',
          'astronomer.io/project-path': './airflow/orders/',
        }),
        integrations,
      ),
    ).toMatchObject({
      fetchUrl: 'https://github.com/acme/mono/tree/main',
      projectPath: 'catalog/airflow/orders',
    });
  });

  it('GitHub URL without a branch, and a .git suffix', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/orders-pipeline.git',
        }),
        integrations,
      ),
    ).toEqual({
      type: 'url',
      fetchUrl: 'https://github.com/acme/orders-pipeline',
      repoUrl: 'github.com?owner=acme&repo=orders-pipeline',
      provider: 'github',
      baseBranch: undefined,
      projectPath: '.',
    });
  });

  it('GitLab with subgroups', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location':
            'url:https://gitlab.com/data/airflow/orders/-/tree/main/',
        }),
        integrations,
      ),
    ).toEqual({
      type: 'url',
      fetchUrl: 'https://gitlab.com/data/airflow/orders/-/tree/main',
      repoUrl: 'gitlab.com?owner=data%2Fairflow&repo=orders',
      provider: 'gitlab',
      baseBranch: 'main',
      projectPath: '.',
    });
  });

  it('self-hosted GitLab under a path prefix', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location':
            'url:https://git.example.com/gitlab/data/orders/-/tree/dev/airflow/',
        }),
        integrations,
      ),
    ).toMatchObject({
      fetchUrl: 'https://git.example.com/gitlab/data/orders/-/tree/dev',
      repoUrl: 'git.example.com?owner=data&repo=orders',
      baseBranch: 'dev',
      projectPath: 'airflow',
    });
  });

  it('unknown hosts: fetch what the catalog points at, no repoUrl', () => {
    expect(
      locateProject(
        entity({
          'backstage.io/source-location': 'url:https://git.internal.test/x/y/',
        }),
        integrations,
      ),
    ).toEqual({
      type: 'url',
      fetchUrl: 'https://git.internal.test/x/y/',
      provider: undefined,
      projectPath: '.',
    });
  });

  it('refuses the project paths the backend refuses (no normalizing a/../b)', () => {
    for (const bad of ['a/../b', 'a\\b', '%2e%2e', '/a']) {
      expect(() =>
        locateProject(
          entity({
            'backstage.io/source-location':
              'url:https://github.com/acme/mono/tree/main/',
            'astronomer.io/project-path': bad,
          }),
          integrations,
        ),
      ).toThrow(/astronomer.io\/project-path annotation/);
    }
  });
});
