import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { astroRuntimePlugin } from '../../plugin';
import {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
} from './AstroRuntimeVersionPicker';
import { AstroRuntimeVersionPickerFieldSchema } from './schema';

/**
 * The `AstroRuntimeVersionPicker` scaffolder field (legacy frontend system):
 * register it inside `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const AstroRuntimeVersionPickerFieldExtension =
  astroRuntimePlugin.provide(
    createScaffolderFieldExtension({
      name: 'AstroRuntimeVersionPicker',
      component: AstroRuntimeVersionPicker,
      validation: astroRuntimeVersionPickerValidation,
      schema: AstroRuntimeVersionPickerFieldSchema.schema,
    }),
  );
