import type { DeploymentInfo } from '@backstage-astro/plugin-astro-runtime-common';
import type {
  DeploymentProvider,
  DeploymentProviderOptions,
} from '@backstage-astro/plugin-astro-runtime-node';
import type { ConfiguredDeployment } from '../config';

/** Deployments listed in `astroRuntime.deployments`. */
export class ConfigDeploymentProvider implements DeploymentProvider {
  readonly name = 'config';
  readonly #byId = new Map<string, ConfiguredDeployment[]>();

  constructor(deployments: ConfiguredDeployment[]) {
    for (const d of deployments) {
      const list = this.#byId.get(d.id) ?? [];
      list.push(d);
      this.#byId.set(d.id, list);
    }
  }

  async getDeployments(
    ids: string[],
    options: DeploymentProviderOptions,
  ): Promise<DeploymentInfo[]> {
    const out: DeploymentInfo[] = [];
    for (const id of new Set(ids)) {
      const match = (this.#byId.get(id) ?? []).find(
        d =>
          !d.organizationId ||
          !options.organizationId ||
          d.organizationId === options.organizationId,
      );
      if (match) {
        const { organizationId: _org, ...info } = match;
        out.push(info);
      }
    }
    return out;
  }
}
