import { AstroRuntimeError } from '../errors';
import { normalizeCodePath, selectCodeFiles } from './files';
import {
  INVALID_SYNTAX_NAME,
  codeRuleForName,
  compareRuleCodes,
} from './rules';
import { codePointColumn, decodePythonSource, lineStarts } from './text';
import type {
  CodeFinding,
  CodeFindings,
  CodeSkippedFile,
  FileScan,
  FixApplicability,
  LintDiagnostic,
  LintEngine,
  LintPosition,
  ProjectFile,
} from './types';

function samePosition(a: LintPosition, b: LintPosition): boolean {
  return a.row === b.row && a.column === b.column;
}

function before(a: LintPosition, b: LintPosition): boolean {
  return a.row < b.row || (a.row === b.row && a.column < b.column);
}

/**
 * Whether ruff applies a diagnostic's fix by default. Ruff's WebAssembly
 * build reports a fix's edits but not its applicability, so it is read from
 * the fix's shape, the way ruff's Airflow rules build their fixes:
 * - safe: a single edit that covers the flagged code (rename an argument,
 *   drop a decorator), or an edit that replaces exactly the flagged code
 *   (plus the import of the new name);
 * - unsafe: removing the old import and importing the same name from its new
 *   module, which leaves the flagged code as it is.
 * Anything else counts as unsafe, so an unknown shape is never applied.
 *
 * @public
 */
export function fixApplicability(
  diagnostic: Pick<LintDiagnostic, 'start' | 'end' | 'fix'>,
): FixApplicability | null {
  const fix = diagnostic.fix;
  if (!fix || fix.edits.length === 0) return null;
  const { start, end } = diagnostic;
  if (fix.edits.length === 1) {
    const e = fix.edits[0];
    if (!before(start, e.start) && !before(e.end, end)) return 'safe';
  }
  const replacesFlagged = fix.edits.some(
    e =>
      samePosition(e.start, start) &&
      samePosition(e.end, end) &&
      !samePosition(e.start, e.end),
  );
  return replacesFlagged ? 'safe' : 'unsafe';
}

/** Words separated by single spaces, nothing around them: already one line. */
const ONE_LINE = /^\S+(?: \S+)*$/;

function oneLine(text: string): string {
  // most messages already are (no new string then)
  if (ONE_LINE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Turns the engine's diagnostics for one file into findings: rule names map
 * to codes, columns count code points, parse errors fold into one
 * `syntax-error` finding (the first error, with the count of the others).
 *
 * @public
 */
export function findingsFromDiagnostics(
  file: string,
  text: string,
  diagnostics: readonly LintDiagnostic[],
): CodeFinding[] {
  const starts = lineStarts(text);
  const findings: CodeFinding[] = [];
  const syntax = diagnostics
    .filter(d => d.name === INVALID_SYNTAX_NAME)
    .sort((a, b) => (before(a.start, b.start) ? -1 : 1));
  if (syntax.length) {
    const first = syntax[0];
    const more = syntax.length - 1;
    findings.push({
      file,
      line: first.start.row,
      column: codePointColumn(text, starts, first.start),
      endLine: first.end.row,
      endColumn: codePointColumn(text, starts, first.end),
      rule: 'syntax-error',
      name: 'syntax-error',
      message: `SyntaxError: ${oneLine(first.message)}${
        more ? ` (and ${more} more syntax error${more > 1 ? 's' : ''})` : ''
      }`,
      help: 'Python cannot parse this file, so Airflow cannot load it; the Airflow 3 rules were not checked.',
      severity: 'blocking',
      fix: null,
    });
  }
  for (const d of diagnostics) {
    if (d.name === INVALID_SYNTAX_NAME) continue;
    const rule = codeRuleForName(d.name);
    const applicability = fixApplicability(d);
    findings.push({
      file,
      line: d.start.row,
      column: codePointColumn(text, starts, d.start),
      endLine: d.end.row,
      endColumn: codePointColumn(text, starts, d.end),
      rule: rule.code,
      name: rule.name,
      message: oneLine(d.message),
      help: d.help ? oneLine(d.help) : null,
      severity: rule.severity,
      fix:
        applicability && d.fix
          ? {
              applicability,
              message: oneLine(d.fix.message ?? d.help ?? 'Apply the fix'),
            }
          : null,
    });
  }
  return findings.sort(compareFindings);
}

/**
 * Orders findings by file, line, column, then rule code.
 *
 * @public
 */
export function compareFindings(a: CodeFinding, b: CodeFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return 0;
}

function errorFinding(
  file: string,
  rule: 'syntax-error' | 'scan-error',
  message: string,
  line = 1,
): CodeFinding {
  const info = codeRuleForName(rule);
  return {
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 1,
    rule,
    name: rule,
    message,
    help: null,
    severity: info.severity,
    fix: null,
  };
}

/**
 * Scans one file. Never throws for the file's content: an undecodable file
 * or one Python cannot parse is one `syntax-error` finding, an engine
 * failure one `scan-error` finding.
 *
 * @public
 */
export function scanFile(file: ProjectFile, engine: LintEngine): FileScan {
  const bytes = file.bytes.length;
  const decoded = decodePythonSource(file.bytes);
  if (!decoded.ok) {
    return {
      file: file.path,
      bytes,
      findings: [
        errorFinding(
          file.path,
          'syntax-error',
          `Cannot decode the file: ${decoded.reason}`,
          decoded.line,
        ),
      ],
    };
  }
  let diagnostics: LintDiagnostic[];
  try {
    diagnostics = engine.check(decoded.text);
  } catch (e) {
    return {
      file: file.path,
      bytes,
      findings: [
        errorFinding(
          file.path,
          'scan-error',
          `${engine.name} failed on this file: ${oneLine(
            String((e as Error)?.message ?? e),
          ).slice(0, 300)}`,
        ),
      ],
    };
  }
  return {
    file: file.path,
    bytes,
    findings: findingsFromDiagnostics(file.path, decoded.text, diagnostics),
  };
}

/**
 * Blocking findings in per-file scans (as `summarizeCodeScans` counts them),
 * without putting them together.
 *
 * @public
 */
export function countBlockingFindings(scans: readonly FileScan[]): number {
  let blocking = 0;
  for (const s of scans) {
    for (const f of s.findings) if (f.severity === 'blocking') blocking++;
  }
  return blocking;
}

/**
 * Puts per-file scans together: findings sorted, totals per rule, counts of
 * blocking / advice / fixable findings and fixable files, what was scanned
 * and skipped. A backend that caches `FileScan`s by etag calls this with the
 * cached and the fresh ones.
 *
 * @public
 */
export function summarizeCodeScans(
  scans: readonly FileScan[],
  skipped: readonly CodeSkippedFile[],
  engine: { name: string; version: string },
): CodeFindings {
  const findings = scans.flatMap(s => s.findings).sort(compareFindings);
  const counts = new Map<string, number>();
  const blocking = countBlockingFindings(scans);
  let fixable = 0;
  const fixableFiles = new Set<string>();
  for (const f of findings) {
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    if (f.fix?.applicability === 'safe') {
      fixable++;
      fixableFiles.add(f.file);
    }
  }
  const totals: Record<string, number> = {};
  for (const rule of [...counts.keys()].sort(compareRuleCodes)) {
    totals[rule] = counts.get(rule)!;
  }
  return {
    engine: { name: engine.name, version: engine.version },
    findings,
    totals,
    blocking,
    advice: findings.length - blocking,
    fixable,
    fixableFiles: fixableFiles.size,
    scanned: {
      files: scans.length,
      bytes: scans.reduce((n, s) => n + s.bytes, 0),
    },
    skipped: [...skipped].sort((a, b) =>
      a.file < b.file ? -1 : Number(a.file > b.file),
    ),
  };
}

/**
 * Is this a Uint8Array (also a Node.js Buffer, also from another realm)?
 *
 * @public
 */
export function isBytes(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/**
 * Scans a project's code: picks the Python files (`selectCodeFiles`), runs
 * the engine on each and sums up. `files` holds the project's files with
 * paths relative to the project folder; files the selection leaves out are
 * ignored, large ones counted as skipped.
 *
 * @public
 */
export function scanProjectCode(
  files: readonly ProjectFile[],
  engine: LintEngine,
  options: { maxFileBytes?: number; maxFiles?: number } = {},
): CodeFindings {
  if (!Array.isArray(files)) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'files must be an array of { path, bytes }',
    );
  }
  const byPath = new Map<string, ProjectFile>();
  const entries = files.map(f => {
    if (!isBytes(f?.bytes)) {
      throw new AstroRuntimeError(
        'INVALID_INPUT',
        `bytes of code file "${f?.path}" must be a Uint8Array`,
      );
    }
    return { path: f.path, size: f.bytes.length };
  });
  const { scan, skipped } = selectCodeFiles(entries, options);
  for (const f of files) byPath.set(normalizeCodePath(f.path), f);
  const scans = scan.map(e =>
    scanFile({ path: e.path, bytes: byPath.get(e.path)!.bytes }, engine),
  );
  return summarizeCodeScans(scans, skipped, engine);
}

/**
 * Does the project's code block the move to Airflow 3?
 *
 * @public
 */
export function hasAirflow3Blockers(
  code: CodeFindings | null | undefined,
): boolean {
  return !!code && code.blocking > 0;
}
