export { AstroRuntimeCodeFixesField } from './AstroRuntimeCodeFixesField';
export {
  AstroRuntimeCodeFixesFieldSchema,
  type AstroRuntimeCodeFixesFieldProps,
  type AstroRuntimeCodeFixesFieldUiOptions,
} from './schema';
