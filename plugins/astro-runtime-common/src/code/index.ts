/*
 * The code scan: which Python files of a project are read, what ruff's
 * Airflow 3 rules find in them, and applying ruff's safe fixes. The engine
 * itself (WebAssembly) is injected through `LintEngine`.
 */
export type {
  CodeSeverity,
  FixApplicability,
  CodeFix,
  CodeFinding,
  CodeSkippedFile,
  CodeFindings,
  CodeStatus,
  FileScan,
  ProjectFile,
  CodeFileEntry,
  LintPosition,
  LintEdit,
  LintDiagnostic,
  LintEngine,
} from './types';
export {
  CODE_RULES,
  codeRule,
  codeRuleForName,
  codeSeverity,
  compareRuleCodes,
} from './rules';
export type { CodeRule } from './rules';
export {
  MAX_CODE_FILE_BYTES,
  MAX_CODE_FILES,
  normalizeCodePath,
  isCodePath,
  isSkippedFolder,
  selectCodeFiles,
} from './files';
export {
  decodePythonSource,
  encodePythonSource,
  declaredEncoding,
} from './text';
export type { SourceEncoding, DecodedSource } from './text';
export {
  fixApplicability,
  countBlockingFindings,
  findingsFromDiagnostics,
  compareFindings,
  scanFile,
  summarizeCodeScans,
  scanProjectCode,
  hasAirflow3Blockers,
  isBytes,
} from './scan';
export {
  applySafeFixes,
  fixSource,
  fixProjectFile,
  MAX_FIX_ITERATIONS,
} from './fix';
export type { AppliedFix, SourceFixResult, FileFixResult } from './fix';
export {
  groupFindingsByFile,
  ruleTotals,
  summarizeCodeFindings,
  renderCodeFindingsText,
  renderCodeChecklist,
} from './render';
export type { CodeChecklistOptions } from './render';
export { codeFileUrl } from './links';
