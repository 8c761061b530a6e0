/*
 * The inputs and outputs of `astro:runtime:upgrade`: their schemas (as the
 * scaffolder shows them in the template editor and checks them), the inputs
 * the action refuses, and the defaults of the optional ones.
 */
import { InputError } from '@backstage/errors';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The zod instance the scaffolder hands each schema field. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/** Inputs the action once took and now refuses, with the reason. */
const REMOVED_INPUTS: Record<string, string> = {
  releasesUrl:
    "releasesUrl is no longer accepted: a template must not choose which address the backend reads. The action reads the astro-runtime backend's configured release source (astroRuntime.releases) and falls back to the bundled snapshot",
};

export const upgradeInputSchema = {
  targetVersion: (z: Zod) =>
    z.string({
      description: 'The Runtime version to move to, e.g. 13.1.0 or 3.1-12',
    }),
  projectPath: (z: Zod) =>
    z
      .string({
        description:
          'Folder of the Astro project inside the workspace (default: the workspace root)',
      })
      .optional(),
  pinProviders: (z: Zod) =>
    z
      .boolean({
        description:
          "Pin the current Runtime's provider packages in requirements.txt before upgrading (default false)",
      })
      .optional(),
  force: (z: Zod) =>
    z
      .boolean({
        description:
          'Allow yanked, pre-release and not-in-catalog targets (never downgrades; default false)',
      })
      .optional(),
  applyCodeFixes: (z: Zod) =>
    z
      .boolean({
        description:
          "Apply ruff's safe fixes (rules AIR3) to the project's Python files when the target is on the Airflow 3 line; unsafe fixes are never applied (default false)",
      })
      .optional(),
  deployments: (z: Zod) =>
    z
      .array(z.string(), {
        description:
          'Deployment names or ids to list in the pull request deploy step',
      })
      .optional(),
};

export const upgradeOutputSchema = {
  fromVersion: (z: Zod) => z.string({ description: 'The Runtime before' }),
  toVersion: (z: Zod) => z.string({ description: 'The Runtime after' }),
  changedFiles: (z: Zod) =>
    z.array(z.string(), {
      description: 'Changed files, relative to the workspace',
    }),
  considerations: (z: Zod) =>
    z.string({
      description: 'The considerations for this upgrade path (Markdown)',
    }),
  prTitle: (z: Zod) => z.string({ description: 'Pull request title' }),
  prBody: (z: Zod) => z.string({ description: 'Pull request body (Markdown)' }),
  notes: (z: Zod) =>
    z.array(z.string(), {
      description:
        'What changed besides the version (digest dropped, image switched ...)',
    }),
  pinnedProviders: (z: Zod) =>
    z
      .array(z.string(), {
        description: 'name==version lines added to requirements.txt',
      })
      .optional(),
  pinWarning: (z: Zod) =>
    z
      .string({
        description:
          'Why providers could not be pinned, when pinProviders was asked',
      })
      .optional(),
  codeFixes: (z: Zod) =>
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
};

/** The inputs of one run, as the schema admits them. */
export interface UpgradeInput {
  targetVersion: string;
  projectPath?: string;
  pinProviders?: boolean;
  force?: boolean;
  applyCodeFixes?: boolean;
  deployments?: string[];
}

/** The inputs of one run with their defaults, the target version trimmed. */
export interface UpgradeRequest {
  target: string;
  projectPath: string;
  pinProviders: boolean;
  force: boolean;
  applyCodeFixes: boolean;
  deployments: string[];
}

/**
 * The request of one run: refuses a removed input and an empty target
 * version, fills in the defaults.
 */
export function readUpgradeInput(input: UpgradeInput): UpgradeRequest {
  const {
    targetVersion,
    projectPath = '.',
    pinProviders = false,
    force = false,
    applyCodeFixes = false,
    deployments = [],
  } = input;
  for (const [name, reason] of Object.entries(REMOVED_INPUTS)) {
    if (Object.prototype.hasOwnProperty.call(input, name)) {
      throw new InputError(reason);
    }
  }
  const target = targetVersion.trim();
  if (!target) {
    throw new InputError('targetVersion is required');
  }
  return {
    target,
    projectPath,
    pinProviders,
    force,
    applyCodeFixes,
    deployments,
  };
}
