import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
} from './AstroRuntimeVersionPicker';
import { AstroRuntimeVersionPickerFieldSchema } from './schema';

/** The picker as a form field of the new frontend system (loaded lazily by `/alpha`). */
export const AstroRuntimeVersionPickerFormField = createFormField({
  name: 'AstroRuntimeVersionPicker',
  component: AstroRuntimeVersionPicker,
  validation: astroRuntimeVersionPickerValidation,
  schema: AstroRuntimeVersionPickerFieldSchema,
});
