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
  createAstroRuntimeLocateProjectAction,
  LOCATE_ACTION_ID,
  UPGRADE_ACTION_ID,
} from './actions';
export type { AstroRuntimeUpgradeActionOptions } from './actions';
