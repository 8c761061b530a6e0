import type { DeploymentInfo } from './types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Maps an Astro Platform API v1 `Deployment` object to the fields the product
 * uses (tolerant: unknown fields ignored, `runtimeVersion` accepted as the
 * deprecated name of `astroRuntimeVersion`); undefined when it has no id.
 *
 * @public
 */
export function parseDeployment(raw: unknown): DeploymentInfo | undefined {
  if (!raw || typeof raw !== 'object') {
    return undefined;
  }
  const d = raw as Record<string, unknown>;
  const id = str(d.id);
  if (!id) {
    return undefined;
  }
  const info: DeploymentInfo = { id };
  const name = str(d.name);
  if (name) info.name = name;
  const workspaceId = str(d.workspaceId);
  if (workspaceId) info.workspaceId = workspaceId;
  const workspaceName = str(d.workspaceName);
  if (workspaceName) info.workspaceName = workspaceName;
  // `runtimeVersion` is the deprecated older name of the same field
  const runtime = str(d.astroRuntimeVersion) ?? str(d.runtimeVersion);
  if (runtime) info.astroRuntimeVersion = runtime;
  const airflowVersion = str(d.airflowVersion);
  if (airflowVersion) info.airflowVersion = airflowVersion;
  const status = str(d.status);
  if (status) info.status = status;
  const statusReason = str(d.statusReason);
  if (statusReason) info.statusReason = statusReason;
  const ui = str(d.uiUrl) ?? str(d.webServerUrl);
  if (ui) info.uiUrl = /^https?:\/\//.test(ui) ? ui : `https://${ui}`;
  const updatedAt = str(d.updatedAt);
  if (updatedAt) info.updatedAt = updatedAt;
  return info;
}
