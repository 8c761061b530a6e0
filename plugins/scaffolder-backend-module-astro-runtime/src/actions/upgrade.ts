import type {
  AuditorService,
  AuthService,
  DiscoveryService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  displayUrl,
  renderConsiderationsMarkdown,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  astroRuntimeClock,
  type AstroRuntimeWorkerPool,
  createInProcessAstroRuntimeWorkerPool,
  readAstroRuntimeClockStartAt,
} from '@backstage-astro/plugin-astro-runtime-node';
import { loadReleaseCatalog } from '../lib/releases';
import { withAudit } from './upgrade.audit';
import { applyCodeFixesForTarget } from './upgrade.codeFixes';
import { pinCurrentProviders, upgradeProjectDockerfile } from './upgrade.edits';
import { examples } from './upgrade.examples';
import {
  changedFiles,
  renderUpgradeText,
  writeChanges,
} from './upgrade.output';
import {
  readUpgradeInput,
  upgradeInputSchema,
  upgradeOutputSchema,
} from './upgrade.schema';
import { type FileChanges, readProjectDockerfile } from './upgrade.workspace';

/** @public */
export const UPGRADE_ACTION_ID = 'astro:runtime:upgrade';

/** Options of {@link createAstroRuntimeUpgradeAction}. @public */
export interface AstroRuntimeUpgradeActionOptions {
  config: Config;
  /**
   * With `auth`: read the release catalog from the astro-runtime backend
   * plugin (`GET /api/astro-runtime/releases`) so the action accepts the same
   * versions the picker offers; without them (or when that plugin is not
   * installed) the bundled snapshot is used.
   */
  discovery?: DiscoveryService;
  auth?: AuthService;
  /**
   * Where the Dockerfile and requirements.txt of the workspace are parsed and
   * edited: the backend's worker pool (time and heap limits, off the event
   * loop). Default: in process.
   */
  workers?: AstroRuntimeWorkerPool;
  /**
   * Reads the provider freeze files (`astroRuntime.providerPins.urlTemplate`),
   * so the integrations and `backend.reading.allow` decide which hosts may be
   * read; without it the bundled provider list is used.
   */
  urlReader?: UrlReaderService;
  /** Records each run (who, which template, from and to, the outcome). */
  auditor?: AuditorService;
  /**
   * The time the upgrade paths in the pull request body are judged at
   * (which target is maintained, which one is recommended). Default: the
   * astro-runtime plugins' clock, the host's unless `astroRuntime.clock.startAt`
   * (demos only) starts it at another time.
   */
  now?: () => Date;
}

const inProcessWorkers = createInProcessAstroRuntimeWorkerPool();

/**
 * `astro:runtime:upgrade`: bumps the Astro Runtime in the Dockerfile of the
 * project in the workspace (after `fetch:plain`), optionally pins the current
 * Runtime's provider packages in requirements.txt, and returns the pull
 * request title and body.
 *
 * Dry run: the action computes and writes exactly as in a real run, but only
 * into the dry run's temporary workspace (the dry-run API returns that
 * workspace's files, which is how the template editor previews the rewritten
 * Dockerfile), and logs a diff of every changed file. Nothing leaves the
 * workspace in either mode; publishing is the next step's job.
 *
 * @public
 */
export function createAstroRuntimeUpgradeAction(
  options: AstroRuntimeUpgradeActionOptions,
) {
  const { config, discovery, auth, urlReader, auditor } = options;
  const workers = options.workers ?? inProcessWorkers;
  const now =
    options.now ?? astroRuntimeClock(readAstroRuntimeClockStartAt(config));

  const action = createTemplateAction({
    id: UPGRADE_ACTION_ID,
    description:
      "Upgrades the Astro Runtime in the workspace's Dockerfile (keeping registry, variant suffixes, ARG form and line endings), optionally pins the current Runtime's provider packages in requirements.txt, and outputs the pull request title and body.",
    examples,
    supportsDryRun: true,
    schema: { input: upgradeInputSchema, output: upgradeOutputSchema },
    async handler(ctx) {
      const { logger, signal } = ctx;
      const request = readUpgradeInput(ctx.input);
      const { project, dockerfile } = await readProjectDockerfile(
        ctx.workspacePath,
        request.projectPath,
      );

      const catalog = await loadReleaseCatalog(
        { discovery, auth, logger },
        signal,
      );
      logger.info(
        `Release catalog: ${catalog.source}${
          catalog.location ? ` ${displayUrl(catalog.location)}` : ''
        }, as of ${catalog.asOf}, ${catalog.releases.length} versions`,
      );
      const upgraded = await upgradeProjectDockerfile({
        workers,
        dockerfile,
        target: request.target,
        catalog,
        force: request.force,
      });
      const { from, to, notes } = upgraded;
      const changes: FileChanges = new Map();
      if (upgraded.changed) {
        changes.set(dockerfile.name, {
          file: dockerfile.file,
          before: dockerfile.text,
          after: upgraded.text,
        });
      }

      const pins = request.pinProviders
        ? await pinCurrentProviders({
            workers,
            project,
            dockerfile,
            from,
            to,
            catalog,
            config,
            urlReader,
            logger,
            signal,
          })
        : undefined;
      if (pins?.requirements) {
        changes.set(pins.requirements.name, pins.requirements.change);
      }
      const codeFixes = request.applyCodeFixes
        ? await applyCodeFixesForTarget({
            to,
            project,
            workers,
            logger,
            signal,
          })
        : undefined;

      const text = await renderUpgradeText({
        from,
        to,
        catalog,
        dockerfile,
        workers,
        now: now(),
        deployments: request.deployments,
        notes,
        pins,
        codeFixes,
        logger,
      });
      await writeChanges(changes, ctx.isDryRun, logger);
      const changed = changedFiles(changes, codeFixes);
      logger.info(
        `Astro Runtime ${from} → ${to}; changed: ${
          changed.join(', ') || 'nothing'
        }`,
      );

      ctx.output('fromVersion', from);
      ctx.output('toVersion', to);
      ctx.output('changedFiles', changed);
      ctx.output(
        'considerations',
        renderConsiderationsMarkdown(text.considerations),
      );
      ctx.output('prTitle', text.prTitle);
      ctx.output('prBody', text.prBody);
      ctx.output('notes', notes);
      if (pins?.pinned) {
        ctx.output(
          'pinnedProviders',
          pins.pinned.map(p => `${p.name}==${p.version}`),
        );
      }
      if (pins?.pinWarning) ctx.output('pinWarning', pins.pinWarning);
      if (codeFixes) ctx.output('codeFixes', codeFixes.changes);
    },
  });
  return auditor ? withAudit(action, auditor) : action;
}
