/*
 * What `astro:runtime:upgrade` hands back: the pull request title and body
 * (considerations, the project's upgrade paths at the clock's time, the code
 * changes), and the files written into the workspace with their diffs in
 * the log (in a dry run too: the dry run's temporary workspace is the
 * preview).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type Consideration,
  considerationsFor,
  renderCodeChecklist,
  renderUpgradePullRequest,
  type ReleaseCatalog,
  type UpgradePath,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { AstroRuntimeWorkerPool } from '@backstage-astro/plugin-astro-runtime-node';
import fs from 'node:fs/promises';
import { codeFixesMarkdown, type CodeFixOutcome } from '../lib/codeFixes';
import { previewDiff } from '../lib/diff';
import type { ProviderPinsOutcome } from './upgrade.edits';
import type { FileChanges, ProjectFileText } from './upgrade.workspace';

/** The considerations of the path taken and the pull request text. */
export interface UpgradeText {
  considerations: Consideration[];
  prTitle: string;
  prBody: string;
}

/**
 * The pull request text: considerations of `from` → `to`, the project's
 * upgrade paths as the entity card shows them (judged at `now`; left out,
 * with a warning, when the assessment fails), the pins added, and the code
 * changes when ruff's fixes ran.
 */
export async function renderUpgradeText(options: {
  from: string;
  to: string;
  catalog: ReleaseCatalog;
  dockerfile: ProjectFileText;
  workers: AstroRuntimeWorkerPool;
  now: Date;
  deployments: string[];
  notes: string[];
  pins?: ProviderPinsOutcome;
  codeFixes?: CodeFixOutcome;
  logger: LoggerService;
}): Promise<UpgradeText> {
  const { from, to, catalog, dockerfile, pins, codeFixes } = options;
  const considerations = considerationsFor(from, to, catalog);
  let paths: UpgradePath[] | undefined;
  try {
    const status = await options.workers.assess({
      project: { dockerfile: dockerfile.text },
      catalog,
      now: options.now,
    });
    paths = status.paths;
  } catch (e) {
    options.logger.warn(
      `The pull request body lists no upgrade paths: assessing ${
        dockerfile.name
      } failed (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const pr = renderUpgradePullRequest({
    from,
    to,
    considerations,
    deploymentNames: options.deployments,
    notes: options.notes,
    pinnedProviders: pins?.requirements ? pins.pinned : undefined,
    requirementsPath: pins?.requirements?.name,
    paths,
  });
  const prBody = codeFixes
    ? `${pr.body.trimEnd()}\n\n${codeFixesMarkdown(
        codeFixes,
        renderCodeChecklist(codeFixes.remaining),
      )}`
    : pr.body;
  return { considerations, prTitle: pr.title, prBody };
}

/**
 * Writes the changed files into the workspace, each after logging its diff;
 * in a dry run, says that the workspace written is the dry run's temporary
 * one.
 */
export async function writeChanges(
  changes: FileChanges,
  isDryRun: boolean | undefined,
  logger: LoggerService,
): Promise<void> {
  if (isDryRun) {
    logger.info(
      'Dry run: the changes are written only into the temporary dry-run workspace, for the preview',
    );
  }
  for (const [name, change] of changes) {
    logger.info(previewDiff(name, change.before, change.after));
    await fs.writeFile(change.file, change.after, 'utf8');
  }
}

/** The files the run changed, relative to the workspace. */
export function changedFiles(
  changes: FileChanges,
  codeFixes: CodeFixOutcome | undefined,
): string[] {
  return [...changes.keys(), ...(codeFixes?.changes.map(c => c.file) ?? [])];
}
