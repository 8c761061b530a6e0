import path from 'path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { projectFile } from '@backstage-astro/plugin-astro-runtime-common';
import {
  LOCATION_CASES,
  LOCATION_CASES_INTEGRATIONS,
} from '@backstage-astro/plugin-astro-runtime-common/testUtils';
import { AnnotationProjectLocator } from './ProjectLocator';
import { DefaultProjectReader } from './ProjectReader';
import { component } from '../__testUtils__/catalog';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader(LOCATION_CASES_INTEGRATIONS),
);
const locator = new AnnotationProjectLocator({
  integrations,
  localFiles: true,
});

const refused = LOCATION_CASES.filter(c => 'error' in c.expected);
const located = LOCATION_CASES.filter(c => !('error' in c.expected));

function entityWith(annotations: Record<string, string>) {
  return component('x', { noSource: true, annotations });
}

describe('AnnotationProjectLocator: the shared location table', () => {
  // the scaffolder's astro:runtime:locate-project runs the same table: both
  // must name the same Dockerfile for every entity
  it.each(located.map(c => [c.name, c] as const))('%s', (_, c) => {
    const loc = locator.locate(entityWith(c.annotations));
    const { dockerfile, ...root } = c.expected as { dockerfile: string } & (
      | { root: string }
      | { rootUrl: string }
    );
    expect(loc.sourceError).toBeUndefined();
    expect(projectFile(loc.projectPath, 'Dockerfile')).toBe(dockerfile);
    expect(loc.source).toEqual(
      'root' in root
        ? { type: 'file', root: root.root, dir: root.root }
        : { type: 'url', base: root.rootUrl },
    );
  });

  it.each(refused.map(c => [c.name, c] as const))('%s', (_, c) => {
    const loc = locator.locate(entityWith(c.annotations));
    expect(loc.source).toBeUndefined();
    expect(loc.sourceError).toContain((c.expected as { error: string }).error);
  });

  it('reads the Dockerfile the table names (the URL handed to the urlReader)', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => ({
        buffer: async () => Buffer.from(`FROM x # ${url}`),
        etag: 'e',
      }),
    });
    const reader = new DefaultProjectReader(urlReader, integrations, {
      retries: 0,
    });
    const loc = locator.locate(
      entityWith({
        'backstage.io/source-location':
          'url:https://github.com/acme/mono/tree/main/catalog/',
        'astronomer.io/project-path': 'airflow/orders',
      }),
    );
    const file = await reader.readFile(loc, 'Dockerfile');
    expect(file.url).toBe(
      'https://github.com/acme/mono/tree/main/catalog/airflow/orders/Dockerfile',
    );
    expect(urlReader.readUrl).toHaveBeenCalledWith(file.url, expect.anything());
  });
});

describe('AnnotationProjectLocator', () => {
  it('reads the annotations', () => {
    const loc = locator.locate(
      component('x', {
        annotations: {
          'astronomer.io/deployment-id': ' dep-1 ,dep-2,, dep-1',
          'astronomer.io/organization-id': 'org-9',
          'astronomer.io/project-path': './airflow/project/',
        },
      }),
    );
    expect(loc).toMatchObject({
      entityRef: 'component:default/x',
      annotated: true,
      deploymentIds: ['dep-1', 'dep-2'],
      organizationId: 'org-9',
      projectPath: 'airflow/project',
      source: { type: 'url', base: 'https://scm.test/x/' },
    });
    expect(locator.isAnnotated(component('y'))).toBe(false);
    expect(
      locator.isAnnotated(
        component('y', { annotations: { 'astronomer.io/project-path': 'a' } }),
      ),
    ).toBe(true);
  });

  it('local files are read only when astroRuntime.localFiles.enabled', () => {
    const annotations = {
      'backstage.io/managed-by-location':
        'file:/srv/cat/projects/a/catalog-info.yaml',
      'backstage.io/managed-by-origin-location': 'file:/srv/cat/all.yaml',
    };
    const off = new AnnotationProjectLocator({ integrations }).locate(
      entityWith(annotations),
    );
    expect(off.source).toBeUndefined();
    expect(off.sourceError).toMatch(/astroRuntime\.localFiles\.enabled/);
    expect(off.projectPath).toBe('projects/a');
    expect(locator.locate(entityWith(annotations)).source).toEqual({
      type: 'file',
      root: '/srv/cat',
      dir: '/srv/cat',
    });
  });

  it('names the bad annotation', () => {
    const none = locator.locate(component('n', { noSource: true }));
    expect(none.source).toBeUndefined();
    expect(none.sourceError).toMatch(
      /neither backstage.io\/source-location nor backstage.io\/managed-by-location/,
    );
    const bad = locator.locate(
      component('b', {
        annotations: { 'astronomer.io/project-path': 'a/../b' },
      }),
    );
    expect(bad.sourceError).toMatch(
      /astronomer.io\/project-path annotation 'a\/..\/b' contains '..'/,
    );
  });
});

describe('DefaultProjectReader (local files)', () => {
  const dir = createMockDirectory({
    content: {
      'repo/catalog-info.yaml': 'x',
      'repo/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      'outside/Dockerfile': 'FROM secret\n',
    },
  });
  const reader = new DefaultProjectReader(
    mockServices.urlReader.mock(),
    ScmIntegrations.fromConfig(new ConfigReader({})),
  );
  const local = (annotations: Record<string, string> = {}) =>
    locator.locate(
      component('l', {
        noSource: true,
        annotations: {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'repo/catalog-info.yaml',
          )}`,
          ...annotations,
        },
      }),
    );

  it('reads with a stat-based etag and answers unchanged for it', async () => {
    const first = await reader.readFile(local(), 'Dockerfile');
    expect(first).toMatchObject({
      state: 'read',
      text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    });
    const second = await reader.readFile(local(), 'Dockerfile', {
      etag: first.etag,
    });
    expect(second).toEqual({ state: 'unchanged', etag: first.etag });
    expect(await reader.readFile(local(), 'requirements.txt')).toEqual({
      state: 'missing',
    });
  });

  it('refuses symlinks out of the folder of the catalog file', async () => {
    const fs = require('fs');
    fs.symlinkSync(dir.resolve('outside'), dir.resolve('repo/link'));
    const loc = local();
    await expect(
      reader.readFile({ ...loc, projectPath: 'link' }, 'Dockerfile'),
    ).rejects.toThrow(/outside the folder/);
    expect(path.isAbsolute(dir.path)).toBe(true);
  });
});
