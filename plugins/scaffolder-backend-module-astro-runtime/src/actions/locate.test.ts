import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAstroRuntimeLocateProjectAction } from './locate';

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

describe('astro:runtime:locate-project', () => {
  const dirs: string[] = [];
  afterAll(() =>
    Promise.all(dirs.map(d => fs.rm(d, { recursive: true, force: true }))),
  );
  async function tmp(files: Record<string, string> = {}) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'astro-locate-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), content);
    }
    return dir;
  }

  async function run(
    entities: Entity[],
    entityRef: string,
    config: object = {},
    extraInput: Record<string, unknown> = {},
  ) {
    const workspacePath = await tmp();
    const action = createAstroRuntimeLocateProjectAction({
      catalog: catalogServiceMock({ entities }),
      config: new ConfigReader(config),
    });
    const ctx = createMockActionContext({
      input: { entityRef, ...extraInput } as any,
      workspacePath,
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx as any);
    const outputs: Record<string, any> = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls,
    );
    return { outputs, workspacePath };
  }

  it('outputs the repository of a GitHub entity and its Deployment ids', async () => {
    const { outputs, workspacePath } = await run(
      [
        entity({
          'astronomer.io/deployment-id': 'dep-a, dep-b',
          'backstage.io/source-location':
            'url:https://github.com/acme/orders-pipeline/tree/main/',
        }),
      ],
      'orders-pipeline',
    );
    expect(outputs).toEqual({
      entityRef: 'component:default/orders-pipeline',
      deploymentIds: ['dep-a', 'dep-b'],
      sourceType: 'url',
      fetchUrl: 'https://github.com/acme/orders-pipeline/tree/main',
      repoUrl: 'github.com?owner=acme&repo=orders-pipeline',
      provider: 'github',
      baseBranch: 'main',
      projectPath: '.',
    });
    expect(await fs.readdir(workspacePath)).toEqual([]);
  });

  it('refuses unknown entities', async () => {
    await expect(run([], 'component:default/nope')).rejects.toThrow(
      /component:default\/nope was not found/,
    );
  });

  describe('entities registered from local files', () => {
    const allowLocal = {
      astroRuntime: { scaffolder: { allowLocalSources: true } },
    };
    async function localEntity(projectFiles: Record<string, string>) {
      const root = await tmp({
        'all.yaml': 'kind: Location\n',
        'projects/a/catalog-info.yaml': 'kind: Component\n',
        ...Object.fromEntries(
          Object.entries(projectFiles).map(([k, v]) => [`projects/a/${k}`, v]),
        ),
      });
      return {
        root,
        entity: entity(
          {
            'backstage.io/managed-by-location': `file:${root}/projects/a/catalog-info.yaml`,
            'backstage.io/managed-by-origin-location': `file:${root}/all.yaml`,
          },
          'a',
        ),
      };
    }

    it('copies only the Dockerfile and requirements.txt into the workspace', async () => {
      const { entity: e } = await localEntity({
        Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        'requirements.txt': 'x==1\n',
        '.env': 'SECRET=1\n',
        'dags/a.py': 'x',
      });
      const { outputs, workspacePath } = await run(
        [e],
        'component:a',
        allowLocal,
      );
      // paths are relative to the folder of the registering catalog location,
      // the same paths the entity card names
      expect(outputs).toMatchObject({
        sourceType: 'file',
        projectPath: 'projects/a',
        copiedFiles: ['projects/a/Dockerfile', 'projects/a/requirements.txt'],
      });
      expect(outputs.repoUrl).toBeUndefined();
      expect(
        (await fs.readdir(path.join(workspacePath, 'projects/a'))).sort(),
      ).toEqual(['Dockerfile', 'requirements.txt']);
      expect(
        await fs.readFile(
          path.join(workspacePath, 'projects/a/Dockerfile'),
          'utf8',
        ),
      ).toBe('FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    });

    it("with includeCode, also copies the project's Python files (not hidden or virtualenv ones)", async () => {
      const { entity: e } = await localEntity({
        Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        'dags/a.py': 'x = 1\r\n',
        'dags/sub/b.py': 'y',
        '.venv/lib/c.py': 'z',
        'env/pyvenv.cfg': 'home = /usr\n',
        'env/lib/d.py': 'w',
        '.env': 'SECRET=1\n',
      });
      const { outputs, workspacePath } = await run(
        [e],
        'component:a',
        allowLocal,
        { includeCode: true },
      );
      expect(outputs.copiedFiles).toEqual([
        'projects/a/Dockerfile',
        'projects/a/dags/a.py',
        'projects/a/dags/sub/b.py',
      ]);
      expect(
        await fs.readFile(
          path.join(workspacePath, 'projects/a/dags/a.py'),
          'utf8',
        ),
      ).toBe('x = 1\r\n');
      await expect(
        fs.stat(path.join(workspacePath, 'projects/a/.env')),
      ).rejects.toThrow();
    });

    it('is off unless allowLocalSources is true', async () => {
      const { entity: e } = await localEntity({ Dockerfile: 'FROM x\n' });
      await expect(run([e], 'component:a')).rejects.toThrow(
        /reading local project files is turned off \(astroRuntime\.scaffolder\.allowLocalSources\)/,
      );
      await expect(
        run([e], 'component:a', {
          astroRuntime: { scaffolder: { allowLocalSources: false } },
        }),
      ).rejects.toThrow(/reading local project files is turned off/);
      // the same entity is read once the switch is on
      const { outputs } = await run([e], 'component:a', allowLocal);
      expect(outputs.copiedFiles).toEqual(['projects/a/Dockerfile']);
    });

    it('never follows a symlinked Dockerfile', async () => {
      const secret = await tmp({ 'secret.txt': 'top secret\n' });
      const { root, entity: e } = await localEntity({});
      await fs.symlink(
        path.join(secret, 'secret.txt'),
        path.join(root, 'projects/a/Dockerfile'),
      );
      await expect(run([e], 'component:a', allowLocal)).rejects.toThrow(
        /Dockerfile of component:default\/a is not a regular file/,
      );
    });

    it('refuses a project folder outside the catalog location folder', async () => {
      const outside = await tmp({ Dockerfile: 'FROM x\n' });
      const { root } = await localEntity({});
      const e = entity(
        {
          'backstage.io/managed-by-location': `file:${root}/projects/a/catalog-info.yaml`,
          'backstage.io/managed-by-origin-location': `file:${root}/all.yaml`,
          'astronomer.io/project-path': 'link',
        },
        'a',
      );
      await fs.symlink(outside, path.join(root, 'projects/a/link'), 'dir');
      await expect(run([e], 'component:a', allowLocal)).rejects.toThrow(
        /outside the folder of the catalog location/,
      );
    });
  });
});
