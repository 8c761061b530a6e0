import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DeploymentProvider, ReleaseSource } from './types';

/**
 * Registers {@link DeploymentProvider}s with the `astro-runtime` plugin.
 *
 * @public
 */
export interface AstroRuntimeDeploymentProviderExtensionPoint {
  /**
   * Adds a provider. When any provider is added, the built-in ones (Astro
   * Platform API, `astroRuntime.deployments` config) are used only for ids the
   * added providers do not know, in the order added.
   */
  addDeploymentProvider(provider: DeploymentProvider): void;
}

/**
 * Extension point for Astro Deployment metadata sources.
 *
 * @public
 */
export const astroRuntimeDeploymentProviderExtensionPoint =
  createExtensionPoint<AstroRuntimeDeploymentProviderExtensionPoint>({
    id: 'astro-runtime.deployment-provider',
  });

/**
 * Replaces the release catalog source of the `astro-runtime` plugin.
 *
 * @public
 */
export interface AstroRuntimeReleaseSourceExtensionPoint {
  /** Sets the source (the last call wins). */
  setReleaseSource(source: ReleaseSource): void;
}

/**
 * Extension point for the Runtime release catalog source.
 *
 * @public
 */
export const astroRuntimeReleaseSourceExtensionPoint =
  createExtensionPoint<AstroRuntimeReleaseSourceExtensionPoint>({
    id: 'astro-runtime.release-source',
  });
