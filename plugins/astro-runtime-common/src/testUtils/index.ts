/**
 * Test fixtures shared by the packages of the Astro Runtime plugin.
 *
 * @packageDocumentation
 */
export { LOCATION_CASES, LOCATION_CASES_INTEGRATIONS } from './locationCases';
export type { LocationCase, LocationCaseExpectation } from './locationCases';
