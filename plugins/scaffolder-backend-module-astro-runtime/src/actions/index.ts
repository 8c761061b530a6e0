export {
  createAstroRuntimeUpgradeAction,
  UPGRADE_ACTION_ID,
  type AstroRuntimeUpgradeActionOptions,
} from './upgrade';
export {
  createAstroRuntimeLocateProjectAction,
  LOCATE_ACTION_ID,
} from './locate';
