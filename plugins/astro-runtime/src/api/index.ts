export { astroRuntimeApiRef } from './AstroRuntimeApi';
export type {
  AstroRuntimeApi,
  EntityRefLike,
  GetEntityStatusOptions,
  StatusListQuery,
} from './AstroRuntimeApi';
export { AstroRuntimeClient } from './AstroRuntimeClient';
