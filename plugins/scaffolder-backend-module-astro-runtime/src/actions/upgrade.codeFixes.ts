/*
 * `applyCodeFixes` of `astro:runtime:upgrade`: ruff's safe fixes to the
 * project's Python files, for a target on the Airflow 3 line only. The files
 * are written at once, in a dry run too (the dry run's workspace is its
 * preview).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { runtimeVersionKey } from '@backstage-astro/plugin-astro-runtime-common';
import type { AstroRuntimeWorkerPool } from '@backstage-astro/plugin-astro-runtime-node';
import {
  applyCodeFixesInWorkspace,
  type CodeFixOutcome,
} from '../lib/codeFixes';
import type { WorkspaceProject } from './upgrade.workspace';

/**
 * Applies ruff's safe fixes when `to` is on the Airflow 3 line and returns
 * what changed and what is left; undefined (and logged why) otherwise.
 */
export async function applyCodeFixesForTarget(options: {
  to: string;
  project: WorkspaceProject;
  workers: AstroRuntimeWorkerPool;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<CodeFixOutcome | undefined> {
  const { to, project, workers, logger, signal } = options;
  if (runtimeVersionKey(to)?.line !== 'airflow3') {
    logger.info(
      `Ruff's safe fixes were not applied: ${to} is not on the Airflow 3 line`,
    );
    return undefined;
  }
  const codeFixes = await applyCodeFixesInWorkspace({
    workspace: project.workspace,
    projectDir: project.dir,
    projectRelative: project.relative,
    workers,
    logger,
    signal,
  });
  for (const note of codeFixes.notes) logger.warn(note);
  const left = codeFixes.remaining.length;
  logger.info(
    `Ruff's safe fixes: ${
      codeFixes.changes.map(c => `${c.file} (${c.fixed})`).join(', ') ||
      'no file changed'
    }; ${left} finding${left === 1 ? '' : 's'} left`,
  );
  return codeFixes;
}
