/*
 * The edits of `astro:runtime:upgrade`: the new Runtime in the Dockerfile and
 * the current Runtime's provider pins in requirements.txt. Every decision
 * (which target is allowed, how the FROM line is rewritten, which providers
 * are pinned) is -common's, run on the worker pool.
 */
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  findRelease,
  isAstroRuntimeError,
  type ReleaseCatalog,
  type UpgradeDockerfileResult,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { AstroRuntimeWorkerPool } from '@backstage-astro/plugin-astro-runtime-node';
import { lookupProviders } from '../lib/providers';
import {
  type FileChange,
  type ProjectFileText,
  readProjectFile,
  type WorkspaceProject,
} from './upgrade.workspace';

/** An `AstroRuntimeError` of -common as an InputError naming the file. */
function astroError(e: unknown, what: string): never {
  if (isAstroRuntimeError(e)) {
    throw new InputError(`${what}: ${e.message} [${e.code}]`);
  }
  throw e;
}

/**
 * The Dockerfile moved to `target`; a refused upgrade (downgrade, unknown or
 * yanked version ...) is an InputError with -common's reason and code.
 */
export async function upgradeProjectDockerfile(options: {
  workers: AstroRuntimeWorkerPool;
  dockerfile: ProjectFileText;
  target: string;
  catalog: ReleaseCatalog;
  force: boolean;
}): Promise<UpgradeDockerfileResult> {
  const { workers, dockerfile, target, catalog, force } = options;
  try {
    return await workers.upgradeDockerfile(dockerfile.text, target, catalog, {
      force,
    });
  } catch (e) {
    return astroError(e, `Cannot upgrade ${dockerfile.name}`);
  }
}

/** What pinning the current Runtime's providers did. */
export interface ProviderPinsOutcome {
  /** The pins added to requirements.txt (none when every one was declared). */
  pinned?: Array<{ name: string; version: string }>;
  /** Why nothing was pinned. */
  pinWarning?: string;
  /** requirements.txt, when its text changed. */
  requirements?: { name: string; change: FileChange };
}

/**
 * Pins the provider packages of Runtime `from` (the Dockerfile's current
 * one) in the project's requirements.txt before the move to `to`: from the
 * bundled provider reference or the freeze file of
 * `astroRuntime.providerPins.urlTemplate`; nothing for a move to Airflow 3.
 */
export async function pinCurrentProviders(options: {
  workers: AstroRuntimeWorkerPool;
  project: WorkspaceProject;
  dockerfile: ProjectFileText;
  from: string;
  to: string;
  catalog: ReleaseCatalog;
  config: Config;
  urlReader?: UrlReaderService;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<ProviderPinsOutcome> {
  const { workers, project, dockerfile, from, to, catalog, logger } = options;
  const current = await workers.parseDockerfile(dockerfile.text);
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
    urlTemplate: options.config.getOptionalString(
      'astroRuntime.providerPins.urlTemplate',
    ),
    reader: options.urlReader,
    logger,
    signal: options.signal,
  });
  if (lookup.notPinned) {
    const pinWarning = `${lookup.notPinned} requirements.txt was not changed.`;
    logger.warn(pinWarning);
    return { pinWarning };
  }
  if (!lookup.list) {
    const pinWarning = `Provider packages of Runtime ${from} are unknown (${
      lookup.urlProblem ??
      'astroRuntime.providerPins.urlTemplate is not configured'
    }; the bundled list does not cover ${from}): requirements.txt was not changed. Pin them by hand: docker run --rm <current image> pip freeze | grep apache-airflow-providers`;
    logger.warn(pinWarning);
    return { pinWarning };
  }
  const requirements = await readProjectFile(project, 'requirements.txt');
  let result;
  try {
    result = await workers.pinProviders(
      requirements.text,
      lookup.list.providers,
      {
        comment: `Provider packages of Astro Runtime ${from}, pinned before upgrading to ${to}`,
      },
    );
  } catch (e) {
    return astroError(e, `Cannot pin providers in ${requirements.name}`);
  }
  const byName = new Map(lookup.list.providers.map(p => [p.name, p.version]));
  const pinned = result.added.map(name => ({
    name,
    version: byName.get(name)!,
  }));
  logger.info(
    `Provider pins of ${from} (${lookup.list.source}${
      lookup.list.location ? ` ${lookup.list.location}` : ''
    }): ${result.added.length} added, ${result.kept.length} already declared`,
  );
  if (result.text === requirements.text) {
    return { pinned };
  }
  return {
    pinned,
    requirements: {
      name: requirements.name,
      change: {
        file: requirements.file,
        before: requirements.text,
        after: result.text,
      },
    },
  };
}
