export { astroRuntimeApiRef } from './AstroRuntimeApi';
export type {
  AstroRuntimeApi,
  EntityRefLike,
  GetEntityStatusOptions,
  StatusListQuery,
  SummaryQuery,
} from './AstroRuntimeApi';
export { AstroRuntimeClient } from './AstroRuntimeClient';
