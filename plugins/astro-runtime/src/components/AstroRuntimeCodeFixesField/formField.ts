import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { AstroRuntimeCodeFixesField } from './AstroRuntimeCodeFixesField';
import { AstroRuntimeCodeFixesFieldSchema } from './schema';

/** The code-fixes checkbox as a form field of the new frontend system (loaded lazily by `/alpha`). */
export const AstroRuntimeCodeFixesFormField = createFormField({
  name: 'AstroRuntimeCodeFixes',
  component: AstroRuntimeCodeFixesField,
  schema: AstroRuntimeCodeFixesFieldSchema,
});
