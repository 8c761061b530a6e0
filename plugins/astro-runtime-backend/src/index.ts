/**
 * The `astro-runtime` backend plugin (new backend system).
 *
 * @packageDocumentation
 */
export { astroRuntimePlugin as default } from './plugin';
export { NotAstroProjectError, UpstreamError } from './errors';
export {
  astroRuntimeModuleEvents,
  astroRuntimeEventsExtensionPoint,
  type AstroRuntimeEventsExtensionPoint,
} from './events';
