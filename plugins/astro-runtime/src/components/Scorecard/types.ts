/*
 * The parts of the tech-insights backend REST API the scorecard reads
 * (`@backstage-community/plugin-tech-insights-common` shapes; that package's
 * frontend plugin is not used here, so the few fields needed are declared).
 */

/** A check as `GET /api/tech-insights/checks` lists it. @public */
export interface ScorecardCheck {
  id: string;
  type: string;
  name: string;
  description: string;
  factIds: string[];
  links?: Array<{ title: string; url: string }>;
  metadata?: Record<string, unknown>;
}

/** One fact a result was computed from. @public */
export interface ScorecardFact {
  id: string;
  type: string;
  description: string;
  value: unknown;
}

/** One check result from `POST /api/tech-insights/checks/run/:namespace/:kind/:name`. @public */
export interface ScorecardCheckResult {
  check: Omit<ScorecardCheck, 'type'> & { type?: string };
  result: unknown;
  facts: Record<string, ScorecardFact>;
}

/** One entity of `POST /api/tech-insights/checks/run` (bulk). @public */
export interface ScorecardBulkEntry {
  /** `component:default/orders-pipeline` */
  entity: string;
  results: ScorecardCheckResult[];
  error?: { name: string; message: string };
}
