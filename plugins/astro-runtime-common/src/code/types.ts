/*
 * Types of the code scan: what a lint engine (ruff with its Airflow rules)
 * reports for one Python source, and the findings a project's code gets.
 */

/**
 * How much a finding holds up the move to Airflow 3: `blocking` breaks the
 * DAG on Airflow 3 (removed, moved to a provider, changed signature);
 * `advice` still works but is deprecated.
 *
 * @public
 */
export type CodeSeverity = 'blocking' | 'advice';

/**
 * Whether ruff applies a fix by default (`safe`) or only with
 * `--unsafe-fixes` (`unsafe`: it may change what the code does).
 *
 * @public
 */
export type FixApplicability = 'safe' | 'unsafe';

/** @public */
export interface CodeFix {
  applicability: FixApplicability;
  /** What the fix does, in ruff's words. */
  message: string;
}

/**
 * One finding in one file.
 *
 * @public
 */
export interface CodeFinding {
  /** Path relative to the project folder (the one holding the Dockerfile), `/`-separated. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in characters (Unicode code points), as the ruff CLI counts. */
  column: number;
  endLine: number;
  endColumn: number;
  /** Rule code: `AIR301`, `AIR302` ... or `syntax-error` / `scan-error`. */
  rule: string;
  /** Ruff's rule name (`airflow3-removal` ...), or the rule code for the pseudo-rules. */
  name: string;
  message: string;
  /** Ruff's advice on what to write instead, when it has one. */
  help: string | null;
  severity: CodeSeverity;
  fix: CodeFix | null;
}

/**
 * A file the scan did not read.
 *
 * @public
 */
export interface CodeSkippedFile {
  file: string;
  reason: 'too-large' | 'too-many-files';
  bytes: number;
}

/**
 * The findings of one project's code.
 *
 * @public
 */
export interface CodeFindings {
  /** The engine and its version (pinned), e.g. `{ name: 'ruff', version: '0.16.10' }`. */
  engine: { name: string; version: string };
  /** Sorted by file, line, column, rule. */
  findings: CodeFinding[];
  /** Findings per rule code. */
  totals: Record<string, number>;
  /** Findings with severity `blocking`. */
  blocking: number;
  /** Findings with severity `advice`. */
  advice: number;
  /** Findings with a safe fix ("N can be fixed automatically"). */
  fixable: number;
  /** Files with at least one safe fix ("Apply ruff's safe fixes (N files)"). */
  fixableFiles: number;
  /** What was read and handed to the engine. */
  scanned: { files: number; bytes: number };
  /** Python files that were not scanned, and why. */
  skipped: CodeSkippedFile[];
}

/**
 * The scan of one file (what a backend caches per file, keyed by its etag).
 *
 * @public
 */
export interface FileScan {
  file: string;
  bytes: number;
  findings: CodeFinding[];
}

/**
 * A file of the project: its path relative to the project folder and its bytes.
 *
 * @public
 */
export interface ProjectFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * A file listing entry (path relative to the project folder, size in bytes).
 *
 * @public
 */
export interface CodeFileEntry {
  path: string;
  size: number;
}

/**
 * A position in a source: 1-based row, 1-based column in UTF-16 code units
 * (JavaScript string indices), rows split at `\n`, `\r\n` and `\r`.
 *
 * @public
 */
export interface LintPosition {
  row: number;
  column: number;
}

/**
 * One text edit of a fix: replace `start`..`end` with `content` (null deletes).
 *
 * @public
 */
export interface LintEdit {
  start: LintPosition;
  end: LintPosition;
  content: string | null;
}

/**
 * One diagnostic as the engine reports it.
 *
 * @public
 */
export interface LintDiagnostic {
  /** Ruff's rule name (`airflow3-removal`), or `invalid-syntax` for a parse error. */
  name: string;
  message: string;
  /** The help line, when the engine gives one. */
  help: string | null;
  start: LintPosition;
  end: LintPosition;
  fix: { message: string | null; edits: LintEdit[] } | null;
}

/**
 * A lint engine behind an interface: `-node` implements it with ruff's
 * WebAssembly build, so this package stays free of WebAssembly. `check` is
 * synchronous and CPU-bound: callers run it off the event loop.
 *
 * @public
 */
export interface LintEngine {
  readonly name: string;
  readonly version: string;
  check(source: string): LintDiagnostic[];
}

/**
 * The code findings stored with a project's status (`RuntimeStatus.code`):
 * the findings, when they were scanned, and, when the newest attempt to read
 * or scan the code failed, why (the findings are then the last good ones).
 *
 * @public
 */
export interface CodeStatus extends CodeFindings {
  /** When the files behind these findings were read (ISO 8601). */
  scannedAt: string;
  /** The newest attempt failed: the findings are from `scannedAt`. */
  error?: { message: string; at: string };
}
