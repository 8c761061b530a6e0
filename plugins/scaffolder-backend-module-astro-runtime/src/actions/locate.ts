import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { selectCodeFiles } from '@backstage-astro/plugin-astro-runtime-common';
import { listProject } from '../lib/codeFixes';
import { deploymentIdsOf, locateProject } from '../lib/source';
import { MAX_FILE_BYTES } from '../lib/workspace';
import { examples } from './locate.examples';

/** @public */
export const LOCATE_ACTION_ID = 'astro:runtime:locate-project';

/** The files copied for an entity registered from a local file. */
export const LOCAL_PROJECT_FILES = ['Dockerfile', 'requirements.txt'];

/**
 * `astro:runtime:locate-project`: reads an Astro project entity from the
 * catalog and says where its repository is (`fetchUrl` for `fetch:plain`,
 * `repoUrl` for `publish:github:pull-request` / `publish:gitlab:merge-request`,
 * the base branch, the project folder and the Deployment ids).
 *
 * Entities registered from a local `file:` location (the demo, local
 * development) cannot be fetched with `fetch:plain` (the URL readers do not
 * read `file:` URLs), so for them this action copies the project's
 * `Dockerfile` and `requirements.txt` into the workspace itself, after
 * checking that the folder lies inside the catalog location that registered
 * the entity. This reads the backend host's disk, so it is off unless
 * `astroRuntime.scaffolder.allowLocalSources` is true.
 *
 * @public
 */
export function createAstroRuntimeLocateProjectAction(options: {
  catalog: CatalogService;
  config: Config;
}) {
  const { catalog, config } = options;
  const integrations = ScmIntegrations.fromConfig(config);
  const allowLocalSources =
    config.getOptionalBoolean('astroRuntime.scaffolder.allowLocalSources') ??
    false;

  return createTemplateAction({
    id: LOCATE_ACTION_ID,
    description:
      "Finds an Astro project entity's repository (fetch URL, publish repoUrl, base branch, project folder, Deployment ids); copies the project files into the workspace for entities registered from local files.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The Astro project entity, e.g. component:default/orders-pipeline (kind defaults to Component)',
          }),
        includeCode: z =>
          z
            .boolean({
              description:
                "For an entity registered from a local file: also copy the project's Python files (as the code scan selects them), for applyCodeFixes of astro:runtime:upgrade (default false)",
            })
            .optional(),
      },
      output: {
        entityRef: z => z.string({ description: 'The full entity ref' }),
        sourceType: z =>
          z.enum(['url', 'file'], {
            description:
              '`url`: fetch `fetchUrl` with fetch:plain; `file`: the files were copied into the workspace',
          }),
        fetchUrl: z =>
          z
            .string({ description: 'Repository root to pass to fetch:plain' })
            .optional(),
        repoUrl: z =>
          z
            .string({
              description:
                'host?owner=..&repo=.. for publish:github:pull-request / publish:gitlab:merge-request',
            })
            .optional(),
        provider: z =>
          z
            .string({
              description: 'Integration type of the host (github, gitlab ...)',
            })
            .optional(),
        baseBranch: z =>
          z
            .string({ description: 'Branch named in the source location' })
            .optional(),
        projectPath: z =>
          z.string({
            description: 'Folder of the Astro project inside the workspace',
          }),
        deploymentIds: z =>
          z.array(z.string(), {
            description: 'The astronomer.io/deployment-id annotation, split',
          }),
        copiedFiles: z =>
          z
            .array(z.string(), {
              description: 'Files copied into the workspace (file sources)',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const ref = stringifyEntityRef(
        parseEntityRef(ctx.input.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
      const entity = await catalog.getEntityByRef(ref, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity) {
        throw new NotFoundError(`Entity ${ref} was not found in the catalog`);
      }
      const source = locateProject(entity, integrations);
      ctx.output('entityRef', ref);
      ctx.output('deploymentIds', deploymentIdsOf(entity));

      if (source.type === 'url') {
        ctx.logger.info(
          `${ref}: repository ${source.fetchUrl}, project folder '${source.projectPath}'`,
        );
        ctx.output('sourceType', 'url');
        ctx.output('fetchUrl', source.fetchUrl);
        ctx.output('projectPath', source.projectPath);
        if (source.repoUrl) ctx.output('repoUrl', source.repoUrl);
        if (source.provider) ctx.output('provider', source.provider);
        if (source.baseBranch) ctx.output('baseBranch', source.baseBranch);
        return;
      }

      if (!allowLocalSources) {
        throw new NotAllowedError(
          `${ref} was registered from a local file; reading local project files is turned off (astroRuntime.scaffolder.allowLocalSources)`,
        );
      }
      const projectDir = path.resolve(source.entityDir, source.projectPath);
      const realOrigin = await fs.realpath(source.originDir).catch(() => {
        throw new NotFoundError(
          `The catalog location folder ${source.originDir} of ${ref} does not exist`,
        );
      });
      const realProject = await fs.realpath(projectDir).catch(() => {
        throw new NotFoundError(
          `The project folder ${projectDir} of ${ref} does not exist`,
        );
      });
      if (!isChildPath(realOrigin, realProject)) {
        throw new NotAllowedError(
          `The project folder of ${ref} is outside the folder of the catalog location that registered it`,
        );
      }
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        source.projectPath,
      );
      await fs.mkdir(target, { recursive: true });
      const copied: string[] = [];
      for (const name of LOCAL_PROJECT_FILES) {
        const file = path.join(realProject, name);
        const stat = await fs.lstat(file).catch(() => undefined);
        if (!stat) {
          continue;
        }
        if (!stat.isFile()) {
          // symlinks and folders are never followed out of the project
          throw new InputError(
            `${name} of ${ref} is not a regular file; refusing to copy it`,
          );
        }
        if (stat.size > MAX_FILE_BYTES) {
          throw new InputError(
            `${name} of ${ref} is larger than ${MAX_FILE_BYTES} bytes`,
          );
        }
        // O_NOFOLLOW: a symlink swapped in after the lstat is refused, not followed
        const handle = await fs.open(
          file,
          fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0),
        );
        let content: Buffer;
        try {
          content = await handle.readFile();
        } finally {
          await handle.close();
        }
        await fs.writeFile(path.join(target, name), content);
        copied.push(path.posix.join(source.projectPath, name));
      }
      if (ctx.input.includeCode) {
        const { scan } = selectCodeFiles(await listProject(realProject));
        for (const entry of scan) {
          const file = path.join(realProject, ...entry.path.split('/'));
          // O_NOFOLLOW: a symlink swapped in after the listing is refused
          const handle = await fs.open(
            file,
            fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0),
          );
          let content: Buffer;
          try {
            if (!isChildPath(realProject, await fs.realpath(file))) continue;
            content = await handle.readFile();
          } finally {
            await handle.close();
          }
          const dest = resolveSafeChildPath(target, entry.path);
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fs.writeFile(dest, content);
          copied.push(path.posix.join(source.projectPath, entry.path));
        }
      }
      ctx.logger.info(
        `${ref} was registered from a local file: copied ${
          copied.length
            ? copied.join(', ')
            : 'nothing (no Dockerfile or requirements.txt)'
        } from ${realProject} into the workspace; there is no repository to open a pull request on`,
      );
      ctx.output('sourceType', 'file');
      ctx.output('projectPath', source.projectPath);
      ctx.output('copiedFiles', copied);
    },
  });
}
