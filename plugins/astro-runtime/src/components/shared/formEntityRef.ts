/** The form field holding the entity ref when `ui:options.entityField` is not set. */
export const DEFAULT_ENTITY_FIELD = 'entity';

/**
 * The entity ref a scaffolder field reads from another field of the form
 * (`ui:options.entityField`, `entity` by default); undefined while empty.
 */
export function entityRefFrom(
  formData: unknown,
  field: string | undefined,
): string | undefined {
  if (!formData || typeof formData !== 'object') return undefined;
  const value = (formData as Record<string, unknown>)[
    field || DEFAULT_ENTITY_FIELD
  ];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
