export { AstroRuntimePage, AstroRuntimeOverview } from './AstroRuntimePage';
export type { AstroRuntimePageProps } from './AstroRuntimePage';
