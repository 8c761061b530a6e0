import type { CodeSeverity } from './types';

/**
 * A rule the code scan reports.
 *
 * @public
 */
export interface CodeRule {
  /** The code the ruff CLI prints (`AIR301`), or a pseudo-rule of the scan. */
  code: string;
  /** The name ruff's WebAssembly build reports (`airflow3-removal`). */
  name: string;
  severity: CodeSeverity;
  /** Short label for counts and legends. */
  title: string;
}

/**
 * The rules of ruff's `AIR3` group (Airflow 3 migration), by the name ruff
 * reports, plus the scan's own pseudo-rules. Blocking: the code breaks on
 * Airflow 3 (AIR301 removed, AIR302 moved to a provider, AIR303 changed
 * signature); the others still run but are deprecated or risky.
 *
 * @public
 */
export const CODE_RULES: readonly CodeRule[] = [
  {
    code: 'AIR301',
    name: 'airflow3-removal',
    severity: 'blocking',
    title: 'Removed in Airflow 3',
  },
  {
    code: 'AIR302',
    name: 'airflow3-moved-to-provider',
    severity: 'blocking',
    title: 'Moved to a provider package in Airflow 3',
  },
  {
    code: 'AIR303',
    name: 'airflow3-incompatible-function-signature',
    severity: 'blocking',
    title: 'Function signature changed in Airflow 3',
  },
  {
    code: 'AIR304',
    name: 'airflow3-dag-dynamic-value',
    severity: 'advice',
    title: 'Dynamic value in a DAG or task argument',
  },
  {
    code: 'AIR311',
    name: 'airflow3-suggested-update',
    severity: 'advice',
    title: 'Deprecated in Airflow 3, suggested update',
  },
  {
    code: 'AIR312',
    name: 'airflow3-suggested-to-move-to-provider',
    severity: 'advice',
    title: 'Deprecated in Airflow 3, suggested move to a provider',
  },
  {
    code: 'AIR321',
    name: 'airflow31-moved',
    severity: 'advice',
    title: 'Moved in Airflow 3.1',
  },
  {
    code: 'syntax-error',
    name: 'syntax-error',
    severity: 'blocking',
    title: 'File cannot be parsed or decoded',
  },
  {
    code: 'scan-error',
    name: 'scan-error',
    severity: 'advice',
    title: 'The scanner failed on this file',
  },
];

const BY_NAME = new Map(CODE_RULES.map(r => [r.name, r]));
const BY_CODE = new Map(CODE_RULES.map(r => [r.code, r]));

/** The name ruff reports for a file it cannot parse. */
export const INVALID_SYNTAX_NAME = 'invalid-syntax';

/**
 * The rule for a name ruff reports. A name missing from the table (a rule
 * added by a later ruff) keeps its name as code and counts as advice.
 *
 * @public
 */
export function codeRuleForName(name: string): CodeRule {
  return (
    BY_NAME.get(name) ?? {
      code: name,
      name,
      severity: 'advice',
      title: name,
    }
  );
}

/**
 * The rule for a code (`AIR301`), or undefined when the table does not know it.
 *
 * @public
 */
export function codeRule(code: string): CodeRule | undefined {
  return BY_CODE.get(code);
}

/**
 * Severity of a rule code; unknown codes are advice.
 *
 * @public
 */
export function codeSeverity(code: string): CodeSeverity {
  return BY_CODE.get(code)?.severity ?? 'advice';
}

/**
 * Orders rule codes for display: blocking first, then by code.
 *
 * @public
 */
export function compareRuleCodes(a: string, b: string): number {
  const sa = codeSeverity(a) === 'blocking' ? 0 : 1;
  const sb = codeSeverity(b) === 'blocking' ? 0 : 1;
  if (sa !== sb) return sa - sb;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
