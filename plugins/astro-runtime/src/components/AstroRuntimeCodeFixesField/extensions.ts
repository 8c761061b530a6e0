import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { astroRuntimePlugin } from '../../plugin';
import { AstroRuntimeCodeFixesField } from './AstroRuntimeCodeFixesField';
import { AstroRuntimeCodeFixesFieldSchema } from './schema';

/**
 * The `AstroRuntimeCodeFixes` scaffolder field (legacy frontend system):
 * register it inside `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const AstroRuntimeCodeFixesFieldExtension = astroRuntimePlugin.provide(
  createScaffolderFieldExtension({
    name: 'AstroRuntimeCodeFixes',
    component: AstroRuntimeCodeFixesField,
    schema: AstroRuntimeCodeFixesFieldSchema.schema,
  }),
);
