import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The field's JSON schema: a boolean (apply ruff's safe fixes or not) and
 * its `ui:options`.
 *
 * @public
 */
export const AstroRuntimeCodeFixesFieldSchema = makeFieldSchema({
  output: z => z.boolean(),
  uiOptions: z =>
    z.object({
      entityField: z
        .string()
        .optional()
        .describe(
          'Name of the form field that holds the entity ref (default `entity`)',
        ),
    }),
});

/** @public */
export type AstroRuntimeCodeFixesFieldProps =
  typeof AstroRuntimeCodeFixesFieldSchema.TProps;

/** @public */
export type AstroRuntimeCodeFixesFieldUiOptions = NonNullable<
  AstroRuntimeCodeFixesFieldProps['uiSchema']['ui:options']
>;
