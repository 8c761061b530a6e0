/*
 * The release catalog: the feed (`./feed`), the bundled snapshot
 * (`./bundledCatalog`) and the queries over a catalog (`./releaseIndex`).
 */
export {
  MAX_FEED_BYTES,
  DEFAULT_RELEASE_FEED_URL,
  parseReleaseFeed,
  catalogToFeed,
} from './feed';
export type { ParseReleaseFeedOptions } from './feed';
export { BUNDLED_CATALOG_AS_OF, getBundledCatalog } from './bundledCatalog';
export {
  ReleaseIndex,
  indexCatalog,
  releaseIndex,
  findRelease,
  latestRelease,
  releasesBetween,
} from './releaseIndex';
export type { LatestReleaseOptions } from './releaseIndex';
export { isPrerelease } from './rules';
export { lifecycleFor, lifecycleForVersion, daysUntil } from './lifecycle';
export { normalizeDate } from './dates';
