export {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
} from './AstroRuntimeVersionPicker';
export {
  AstroRuntimeVersionPickerFieldSchema,
  type AstroRuntimeVersionPickerProps,
  type AstroRuntimeVersionPickerUiOptions,
} from './schema';
