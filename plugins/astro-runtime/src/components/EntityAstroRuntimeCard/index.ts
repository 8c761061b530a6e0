export { EntityAstroRuntimeCard } from './EntityAstroRuntimeCard';
export type { EntityAstroRuntimeCardProps } from './EntityAstroRuntimeCard';
export {
  isAstroRuntimeAvailable,
  isAstroRuntimeAnnotated,
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
} from './isAstroRuntimeAvailable';
export {
  upgradeTemplateUrl,
  DEFAULT_UPGRADE_TEMPLATE,
} from './upgradeTemplate';
