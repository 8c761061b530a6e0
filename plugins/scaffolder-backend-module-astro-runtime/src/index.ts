/**
 * Scaffolder backend module for Astro Runtime upgrades: the
 * `astro:runtime:upgrade` action (bumps the Runtime in a Dockerfile, pins
 * providers, writes the pull request text) and `astro:runtime:locate-project`
 * (where an Astro project entity's repository is).
 *
 * @packageDocumentation
 */
export { scaffolderModuleAstroRuntime as default } from './module';
export {
  createAstroRuntimeUpgradeAction,
  UPGRADE_ACTION_ID,
} from './actions/upgrade';
export type { AstroRuntimeUpgradeActionOptions } from './actions/upgrade';
export {
  createAstroRuntimeLocateProjectAction,
  LOCATE_ACTION_ID,
} from './actions/locate';
