/** The upgrade template (examples/templates/upgrade-astro-runtime). @public */
export const DEFAULT_UPGRADE_TEMPLATE = {
  namespace: 'default',
  name: 'upgrade-astro-runtime',
};

/**
 * The scaffolder link that opens the upgrade template with the entity and the
 * target Runtime pre-filled (the scaffolder reads `?formData=<json>`).
 *
 * @public
 */
export function upgradeTemplateUrl(options: {
  entityRef: string;
  targetVersion: string;
  template?: { namespace: string; name: string };
  /** Where the scaffolder is mounted; `/create` by default. */
  scaffolderPath?: string;
}): string {
  const template = options.template ?? DEFAULT_UPGRADE_TEMPLATE;
  const base = (options.scaffolderPath ?? '/create').replace(/\/+$/, '');
  const formData = JSON.stringify({
    entity: options.entityRef,
    targetVersion: options.targetVersion,
  });
  return `${base}/templates/${encodeURIComponent(
    template.namespace,
  )}/${encodeURIComponent(template.name)}?formData=${encodeURIComponent(
    formData,
  )}`;
}
