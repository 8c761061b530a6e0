import type {
  AuditorService,
  AuthService,
  DiscoveryService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  considerationsFor,
  findRelease,
  isAstroRuntimeError,
  renderConsiderationsMarkdown,
  renderCodeChecklist,
  renderUpgradePullRequest,
  runtimeVersionKey,
  type UpgradePath,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  type AstroRuntimeWorkerPool,
  createInProcessAstroRuntimeWorkerPool,
} from '@backstage-astro/plugin-astro-runtime-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  applyCodeFixesInWorkspace,
  codeFixesMarkdown,
  type CodeFixOutcome,
} from '../lib/codeFixes';
import { previewDiff } from '../lib/diff';
import { lookupProviders } from '../lib/providers';
import { loadReleaseCatalog } from '../lib/releases';
import { displayUrl } from '@backstage-astro/plugin-astro-runtime-common';
import { resolveProjectDir, resolveWorkspaceFile } from '../lib/workspace';
import { examples } from './upgrade.examples';

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
   * current time.
   */
  now?: () => Date;
}

/** Inputs the action once took and now refuses, with the reason. */
const REMOVED_INPUTS: Record<string, string> = {
  releasesUrl:
    "releasesUrl is no longer accepted: a template must not choose which address the backend reads. The action reads the astro-runtime backend's configured release source (astroRuntime.releases) and falls back to the bundled snapshot",
};

const inProcessWorkers = createInProcessAstroRuntimeWorkerPool();

function astroError(e: unknown, what: string): never {
  if (isAstroRuntimeError(e)) {
    throw new InputError(`${what}: ${e.message} [${e.code}]`);
  }
  throw e;
}

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

  const action = createTemplateAction({
    id: UPGRADE_ACTION_ID,
    description:
      "Upgrades the Astro Runtime in the workspace's Dockerfile (keeping registry, variant suffixes, ARG form and line endings), optionally pins the current Runtime's provider packages in requirements.txt, and outputs the pull request title and body.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetVersion: z =>
          z.string({
            description:
              'The Runtime version to move to, e.g. 13.1.0 or 3.1-12',
          }),
        projectPath: z =>
          z
            .string({
              description:
                'Folder of the Astro project inside the workspace (default: the workspace root)',
            })
            .optional(),
        pinProviders: z =>
          z
            .boolean({
              description:
                "Pin the current Runtime's provider packages in requirements.txt before upgrading (default false)",
            })
            .optional(),
        force: z =>
          z
            .boolean({
              description:
                'Allow yanked, pre-release and not-in-catalog targets (never downgrades; default false)',
            })
            .optional(),
        applyCodeFixes: z =>
          z
            .boolean({
              description:
                "Apply ruff's safe fixes (rules AIR3) to the project's Python files when the target is on the Airflow 3 line; unsafe fixes are never applied (default false)",
            })
            .optional(),
        deployments: z =>
          z
            .array(z.string(), {
              description:
                'Deployment names or ids to list in the pull request deploy step',
            })
            .optional(),
      },
      output: {
        fromVersion: z => z.string({ description: 'The Runtime before' }),
        toVersion: z => z.string({ description: 'The Runtime after' }),
        changedFiles: z =>
          z.array(z.string(), {
            description: 'Changed files, relative to the workspace',
          }),
        considerations: z =>
          z.string({
            description: 'The considerations for this upgrade path (Markdown)',
          }),
        prTitle: z => z.string({ description: 'Pull request title' }),
        prBody: z => z.string({ description: 'Pull request body (Markdown)' }),
        notes: z =>
          z.array(z.string(), {
            description:
              'What changed besides the version (digest dropped, image switched ...)',
          }),
        pinnedProviders: z =>
          z
            .array(z.string(), {
              description: 'name==version lines added to requirements.txt',
            })
            .optional(),
        pinWarning: z =>
          z
            .string({
              description:
                'Why providers could not be pinned, when pinProviders was asked',
            })
            .optional(),
        codeFixes: z =>
          z
            .array(
              z.object({
                file: z.string(),
                fixed: z.number(),
              }),
              {
                description:
                  "Python files changed by ruff's safe fixes (relative to the workspace) and how many fixes each got, when applyCodeFixes was asked and the target is on the Airflow 3 line",
              },
            )
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        targetVersion,
        projectPath = '.',
        pinProviders = false,
        force = false,
        applyCodeFixes = false,
        deployments = [],
      } = ctx.input;
      for (const [name, reason] of Object.entries(REMOVED_INPUTS)) {
        if (Object.prototype.hasOwnProperty.call(ctx.input, name)) {
          throw new InputError(reason);
        }
      }
      const target = targetVersion.trim();
      if (!target) {
        throw new InputError('targetVersion is required');
      }

      // 1. Files, all inside the workspace.
      const project = await resolveProjectDir(ctx.workspacePath, projectPath);
      const dockerfilePath = await resolveWorkspaceFile(
        project.workspace,
        project.dir,
        'Dockerfile',
      );
      const dockerfileName = path.posix.join(project.relative, 'Dockerfile');
      if (!dockerfilePath) {
        throw new InputError(
          `No Dockerfile at ${dockerfileName}: not an Astro project (check projectPath or the astronomer.io/project-path annotation)`,
        );
      }
      const before = await fs.readFile(dockerfilePath, 'utf8');

      // 2. The release catalog and the edit (all decisions are -common's).
      const catalog = await loadReleaseCatalog(
        { discovery, auth, logger: ctx.logger },
        ctx.signal,
      );
      ctx.logger.info(
        `Release catalog: ${catalog.source}${
          catalog.location ? ` ${displayUrl(catalog.location)}` : ''
        }, as of ${catalog.asOf}, ${catalog.releases.length} versions`,
      );
      const workers = options.workers ?? inProcessWorkers;
      let upgraded;
      try {
        upgraded = await workers.upgradeDockerfile(before, target, catalog, {
          force,
        });
      } catch (e) {
        astroError(e, `Cannot upgrade ${dockerfileName}`);
      }
      const { from, to, notes } = upgraded;
      const changes = new Map<
        string,
        { file: string; before: string; after: string }
      >();
      if (upgraded.changed) {
        changes.set(dockerfileName, {
          file: dockerfilePath,
          before,
          after: upgraded.text,
        });
      }

      // 3. Provider pins of the current Runtime.
      let pinWarning: string | undefined;
      let pinned: Array<{ name: string; version: string }> | undefined;
      let requirementsPath: string | undefined;
      if (pinProviders) {
        const current = await workers.parseDockerfile(before);
        const release = findRelease(catalog, from);
        const python =
          (current.kind === 'astro' ? current.runtime.python : undefined) ??
          release?.defaultPythonVersion;
        const lookup = await lookupProviders({
          tag: from,
          to,
          variants: current.kind === 'astro' ? current.runtime.variants : [],
          python,
          airflow: release?.airflowVersion,
          urlTemplate: config.getOptionalString(
            'astroRuntime.providerPins.urlTemplate',
          ),
          reader: urlReader,
          logger: ctx.logger,
          signal: ctx.signal,
        });
        if (lookup.notPinned) {
          pinWarning = `${lookup.notPinned} requirements.txt was not changed.`;
          ctx.logger.warn(pinWarning);
        } else if (!lookup.list) {
          pinWarning = `Provider packages of Runtime ${from} are unknown (${
            lookup.urlProblem ??
            'astroRuntime.providerPins.urlTemplate is not configured'
          }; the bundled list does not cover ${from}): requirements.txt was not changed. Pin them by hand: docker run --rm <current image> pip freeze | grep apache-airflow-providers`;
          ctx.logger.warn(pinWarning);
        } else {
          const reqPath = await resolveWorkspaceFile(
            project.workspace,
            project.dir,
            'requirements.txt',
          );
          const reqName = path.posix.join(project.relative, 'requirements.txt');
          const reqBefore = reqPath ? await fs.readFile(reqPath, 'utf8') : '';
          let result;
          try {
            result = await workers.pinProviders(
              reqBefore,
              lookup.list.providers,
              {
                comment: `Provider packages of Astro Runtime ${from}, pinned before upgrading to ${to}`,
              },
            );
          } catch (e) {
            astroError(e, `Cannot pin providers in ${reqName}`);
          }
          const byName = new Map(
            lookup.list.providers.map(p => [p.name, p.version]),
          );
          pinned = result.added.map(name => ({
            name,
            version: byName.get(name)!,
          }));
          ctx.logger.info(
            `Provider pins of ${from} (${lookup.list.source}${
              lookup.list.location ? ` ${lookup.list.location}` : ''
            }): ${result.added.length} added, ${
              result.kept.length
            } already declared`,
          );
          if (result.text !== reqBefore) {
            changes.set(reqName, {
              file: reqPath ?? path.join(project.dir, 'requirements.txt'),
              before: reqBefore,
              after: result.text,
            });
            requirementsPath = reqName;
          }
        }
      }

      // 3b. Ruff's safe fixes to the DAG code, for a target on the Airflow 3
      //     line (written now, also in a dry run: the preview shows them).
      let codeFixes: CodeFixOutcome | undefined;
      if (applyCodeFixes) {
        if (runtimeVersionKey(to)?.line === 'airflow3') {
          codeFixes = await applyCodeFixesInWorkspace({
            workspace: project.workspace,
            projectDir: project.dir,
            projectRelative: project.relative,
            workers,
            logger: ctx.logger,
            signal: ctx.signal,
          });
          for (const note of codeFixes.notes) ctx.logger.warn(note);
          ctx.logger.info(
            `Ruff's safe fixes: ${
              codeFixes.changes.map(c => `${c.file} (${c.fixed})`).join(', ') ||
              'no file changed'
            }; ${codeFixes.remaining.length} finding${
              codeFixes.remaining.length === 1 ? '' : 's'
            } left`,
          );
        } else {
          ctx.logger.info(
            `Ruff's safe fixes were not applied: ${to} is not on the Airflow 3 line`,
          );
        }
      }

      // 4. Pull request text, considerations and the project's upgrade paths
      //    (the same assessment the entity card shows).
      const considerations = considerationsFor(from, to, catalog);
      let paths: UpgradePath[] | undefined;
      try {
        const status = await workers.assess({
          project: { dockerfile: before },
          catalog,
          now: options.now?.() ?? new Date(),
        });
        paths = status.paths;
      } catch (e) {
        ctx.logger.warn(
          `The pull request body lists no upgrade paths: assessing ${dockerfileName} failed (${
            e instanceof Error ? e.message : String(e)
          })`,
        );
      }
      const pr = renderUpgradePullRequest({
        from,
        to,
        considerations,
        deploymentNames: deployments,
        notes,
        pinnedProviders: requirementsPath ? pinned : undefined,
        requirementsPath,
        paths,
      });
      if (codeFixes) {
        pr.body = `${pr.body.trimEnd()}\n\n${codeFixesMarkdown(
          codeFixes,
          renderCodeChecklist(codeFixes.remaining),
        )}`;
      }

      // 5. Write (also in a dry run: the dry-run workspace is temporary and
      //    its files are the preview).
      if (ctx.isDryRun) {
        ctx.logger.info(
          'Dry run: the changes are written only into the temporary dry-run workspace, for the preview',
        );
      }
      for (const [name, change] of changes) {
        ctx.logger.info(previewDiff(name, change.before, change.after));
        await fs.writeFile(change.file, change.after, 'utf8');
      }
      ctx.logger.info(
        `Astro Runtime ${from} → ${to}; changed: ${
          [
            ...changes.keys(),
            ...(codeFixes?.changes.map(c => c.file) ?? []),
          ].join(', ') || 'nothing'
        }`,
      );

      ctx.output('fromVersion', from);
      ctx.output('toVersion', to);
      ctx.output('changedFiles', [
        ...changes.keys(),
        ...(codeFixes?.changes.map(c => c.file) ?? []),
      ]);
      ctx.output(
        'considerations',
        renderConsiderationsMarkdown(considerations),
      );
      ctx.output('prTitle', pr.title);
      ctx.output('prBody', pr.body);
      ctx.output('notes', notes);
      if (pinned) {
        ctx.output(
          'pinnedProviders',
          pinned.map(p => `${p.name}==${p.version}`),
        );
      }
      if (pinWarning) ctx.output('pinWarning', pinWarning);
      if (codeFixes) ctx.output('codeFixes', codeFixes.changes);
    },
  });
  return auditor ? withAudit(action, auditor) : action;
}

/** A bounded copy of a template-supplied value for the audit record. */
function auditValue(value: unknown): string | boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.slice(0, 200);
  return undefined;
}

/**
 * Records each run of the action through the auditor: who ran which template
 * (task id, dry run or not), what was asked, and the outcome (the versions and
 * changed files, or the error).
 */
function withAudit<A extends { handler: (ctx: any) => Promise<void> }>(
  action: A,
  auditor: AuditorService,
): A {
  const run = action.handler;
  return {
    ...action,
    async handler(ctx: any) {
      const input = (ctx.input ?? {}) as Record<string, unknown>;
      const event = await auditor.createEvent({
        eventId: 'astro-runtime-upgrade',
        severityLevel: ctx.isDryRun ? 'low' : 'medium',
        meta: {
          actionId: UPGRADE_ACTION_ID,
          taskId: ctx.task?.id ?? null,
          templateRef: ctx.templateInfo?.entityRef ?? null,
          userRef: ctx.user?.ref ?? null,
          dryRun: Boolean(ctx.isDryRun),
          targetVersion: auditValue(input.targetVersion) ?? null,
          projectPath: auditValue(input.projectPath) ?? '.',
          pinProviders: input.pinProviders === true,
          force: input.force === true,
          applyCodeFixes: input.applyCodeFixes === true,
        },
      });
      const outputs: Record<string, unknown> = {};
      try {
        await run({
          ...ctx,
          output(name: string, value: unknown) {
            outputs[name] = value;
            ctx.output(name, value);
          },
        });
      } catch (e) {
        await event.fail({
          error: e instanceof Error ? e : new Error(String(e)),
        });
        throw e;
      }
      await event.success({
        meta: {
          fromVersion: auditValue(outputs.fromVersion) ?? null,
          toVersion: auditValue(outputs.toVersion) ?? null,
          changedFiles: Array.isArray(outputs.changedFiles)
            ? outputs.changedFiles.map(String)
            : [],
        },
      });
    },
  };
}
