import path from 'path';
import { createMockDirectory, mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { AnnotationProjectLocator, normalizeProjectPath } from './ProjectLocator';
import { DefaultProjectReader } from './ProjectReader';
import { component } from '../__testUtils__/catalog';

const locator = new AnnotationProjectLocator();

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
    expect(locator.isAnnotated(component('y', { annotations: { 'astronomer.io/project-path': 'a' } }))).toBe(true);
  });

  it('falls back to the managed-by location, and refuses unusable ones', () => {
    const managed = locator.locate(
      component('m', {
        noSource: true,
        annotations: {
          'backstage.io/managed-by-location': 'url:https://github.com/o/r/blob/main/catalog-info.yaml',
        },
      }),
    );
    expect(managed.source).toEqual({
      type: 'url',
      base: 'https://github.com/o/r/blob/main/catalog-info.yaml',
    });
    const none = locator.locate(component('n', { noSource: true }));
    expect(none.source).toBeUndefined();
    expect(none.sourceError).toMatch(/no backstage.io\/source-location/);

    // a file: source location is only trusted for entities registered from local files
    const sneaky = locator.locate(
      component('s', { annotations: { 'backstage.io/source-location': 'file:/etc/' } }),
    );
    expect(sneaky.source).toBeUndefined();
    expect(sneaky.sourceError).toMatch(/not registered from a local file/);
    const sneaky2 = locator.locate(
      component('s2', {
        noSource: true,
        annotations: {
          'backstage.io/managed-by-location': 'url:https://scm.test/s2/catalog-info.yaml',
          'backstage.io/source-location': 'file:/etc/',
        },
      }),
    );
    expect(sneaky2.source).toBeUndefined();
    expect(sneaky2.sourceError).toMatch(/not registered from a local file/);
  });

  it('normalizes project paths and rejects escapes', () => {
    expect(normalizeProjectPath(undefined)).toBe('.');
    expect(normalizeProjectPath('./')).toBe('.');
    expect(normalizeProjectPath('a//b/./c/')).toBe('a/b/c');
    expect(() => normalizeProjectPath('../x')).toThrow(/'\.\.' is not allowed/);
    expect(() => normalizeProjectPath('a/../../x')).toThrow(/'\.\.' is not allowed/);
    expect(() => normalizeProjectPath('a\\b')).toThrow(/invalid/);
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
          'backstage.io/managed-by-location': `file:${dir.resolve('repo/catalog-info.yaml')}`,
          ...annotations,
        },
      }),
    );

  it('reads with a stat-based etag and answers unchanged for it', async () => {
    const first = await reader.readFile(local(), 'Dockerfile');
    expect(first).toMatchObject({ state: 'read', text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n' });
    const second = await reader.readFile(local(), 'Dockerfile', { etag: first.etag });
    expect(second).toEqual({ state: 'unchanged', etag: first.etag });
    expect(await reader.readFile(local(), 'requirements.txt')).toEqual({ state: 'missing' });
  });

  it('refuses symlinks out of the folder of the catalog file', async () => {
    const fs = require('fs');
    fs.symlinkSync(dir.resolve('outside'), dir.resolve('repo/link'));
    const loc = local();
    await expect(
      reader.readFile({ ...loc, projectPath: 'link' }, 'Dockerfile'),
    ).rejects.toThrow(/outside the folder of the entity's catalog file/);
    expect(path.isAbsolute(dir.path)).toBe(true);
  });
});
