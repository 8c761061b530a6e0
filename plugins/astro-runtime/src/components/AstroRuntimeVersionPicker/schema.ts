import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The field's JSON schema: a string (a bare Runtime version such as `13.1.0`
 * or `3.1-12`) and its `ui:options`.
 *
 * @public
 */
export const AstroRuntimeVersionPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      entityField: z
        .string()
        .optional()
        .describe(
          'Name of the form field that holds the entity ref (default `entity`)',
        ),
      allowYanked: z
        .boolean()
        .optional()
        .describe(
          'Offer the toggle that shows yanked and pre-release versions (default true)',
        ),
    }),
});

/** @public */
export type AstroRuntimeVersionPickerProps =
  typeof AstroRuntimeVersionPickerFieldSchema.TProps;

/** @public */
export type AstroRuntimeVersionPickerUiOptions = NonNullable<
  AstroRuntimeVersionPickerProps['uiSchema']['ui:options']
>;
