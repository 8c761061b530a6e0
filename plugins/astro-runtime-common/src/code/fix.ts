/*
 * Applying ruff's safe fixes, the way `ruff check --fix` does: fixes sorted
 * by where they start, a fix skipped when it overlaps one already applied
 * (edits already applied by an earlier fix, such as the same import, are not
 * applied twice), then the file checked again until nothing changes.
 * Unsafe fixes are never applied.
 */
import { INVALID_SYNTAX_NAME } from './rules';
import {
  decodePythonSource,
  encodePythonSource,
  lineStarts,
  offsetOf,
} from './text';
import { fixApplicability, findingsFromDiagnostics } from './scan';
import type {
  CodeFinding,
  LintDiagnostic,
  LintEngine,
  ProjectFile,
} from './types';
import { codeRuleForName } from './rules';

/**
 * A fix that was applied.
 *
 * @public
 */
export interface AppliedFix {
  rule: string;
  /** Line of the finding in the text the fix was applied to. */
  line: number;
  message: string;
}

interface OffsetEdit {
  start: number;
  end: number;
  content: string;
}

/**
 * Applies the safe fixes of one round of diagnostics to `text`. Fixes whose
 * positions are outside the text are skipped.
 *
 * @public
 */
export function applySafeFixes(
  text: string,
  diagnostics: readonly LintDiagnostic[],
): { text: string; applied: LintDiagnostic[] } {
  const starts = lineStarts(text);
  const candidates: Array<{ d: LintDiagnostic; edits: OffsetEdit[] }> = [];
  for (const d of diagnostics) {
    if (fixApplicability(d) !== 'safe' || !d.fix) continue;
    const edits: OffsetEdit[] = [];
    let valid = true;
    for (const e of d.fix.edits) {
      const start = offsetOf(text, starts, e.start);
      const end = offsetOf(text, starts, e.end);
      if (start === undefined || end === undefined || end < start) {
        valid = false;
        break;
      }
      edits.push({ start, end, content: e.content ?? '' });
    }
    if (!valid) continue;
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    candidates.push({ d, edits });
  }
  // Stable sort by the fix's first edit.
  candidates.sort((a, b) => a.edits[0].start - b.edits[0].start);

  const applied: LintDiagnostic[] = [];
  const appliedEdits = new Set<string>();
  const key = (e: OffsetEdit) => `${e.start}:${e.end}:${e.content}`;
  let out = '';
  let last: number | undefined;
  for (const { d, edits } of candidates) {
    const fresh = edits.filter(e => !appliedEdits.has(key(e)));
    if (fresh.length && last !== undefined && last >= fresh[0].start) continue;
    for (const e of fresh) {
      out += text.slice(last ?? 0, e.start) + e.content;
      last = e.end;
      appliedEdits.add(key(e));
    }
    applied.push(d);
  }
  out += text.slice(last ?? 0);
  return { text: applied.length ? out : text, applied };
}

function hasSyntaxError(diagnostics: readonly LintDiagnostic[]): boolean {
  return diagnostics.some(d => d.name === INVALID_SYNTAX_NAME);
}

/**
 * The outcome of fixing one source.
 *
 * @public
 */
export interface SourceFixResult {
  text: string;
  changed: boolean;
  applied: AppliedFix[];
  /** The diagnostics of the final text. */
  remaining: LintDiagnostic[];
  /** Why fixing stopped early, if it did (a fix broke the syntax, no convergence). */
  stopped?: string;
}

/** Most rounds of check-and-fix per file, as ruff. */
export const MAX_FIX_ITERATIONS = 100;

/**
 * Applies the engine's safe fixes to a source until none is left. When a
 * round's fixes would leave a syntax error, that round is dropped.
 *
 * @public
 */
export function fixSource(
  source: string,
  engine: LintEngine,
  maxIterations = MAX_FIX_ITERATIONS,
): SourceFixResult {
  let text = source;
  let diagnostics = engine.check(text);
  const applied: AppliedFix[] = [];
  if (hasSyntaxError(diagnostics)) {
    return { text, changed: false, applied, remaining: diagnostics };
  }
  for (let i = 0; i < maxIterations; i++) {
    const round = applySafeFixes(text, diagnostics);
    if (!round.applied.length) {
      return {
        text,
        changed: text !== source,
        applied,
        remaining: diagnostics,
      };
    }
    const next = engine.check(round.text);
    if (hasSyntaxError(next)) {
      return {
        text,
        changed: text !== source,
        applied,
        remaining: diagnostics,
        stopped:
          'a fix would have introduced a syntax error; those fixes were left out',
      };
    }
    for (const d of round.applied) {
      applied.push({
        rule: codeRuleForName(d.name).code,
        line: d.start.row,
        message: d.fix?.message ?? d.message,
      });
    }
    text = round.text;
    diagnostics = next;
  }
  return {
    text,
    changed: text !== source,
    applied,
    remaining: diagnostics,
    stopped: `fixes did not settle after ${maxIterations} rounds`,
  };
}

/**
 * The outcome of fixing one project file.
 *
 * @public
 */
export interface FileFixResult {
  file: string;
  changed: boolean;
  /** The new bytes (the old ones when nothing changed). */
  bytes: Uint8Array;
  applied: AppliedFix[];
  /** Findings left in the fixed file. */
  remaining: CodeFinding[];
  /** Why the file was left (partly) unfixed, if it was. */
  note?: string;
}

/**
 * Applies the safe fixes to one file, keeping every byte the fixes do not
 * change: its encoding (UTF-8, or the Latin-1 / ASCII it declares), a byte
 * order mark, line endings and the trailing newline.
 *
 * @public
 */
export function fixProjectFile(
  file: ProjectFile,
  engine: LintEngine,
): FileFixResult {
  const decoded = decodePythonSource(file.bytes);
  if (!decoded.ok) {
    return {
      file: file.path,
      changed: false,
      bytes: file.bytes,
      applied: [],
      remaining: [],
      note: `not fixed: cannot decode the file: ${decoded.reason}`,
    };
  }
  const result = fixSource(decoded.text, engine);
  const remaining = findingsFromDiagnostics(
    file.path,
    result.text,
    result.remaining,
  );
  if (!result.changed) {
    return {
      file: file.path,
      changed: false,
      bytes: file.bytes,
      applied: [],
      remaining,
      ...(result.stopped ? { note: result.stopped } : {}),
    };
  }
  const bytes = encodePythonSource(result.text, decoded.encoding, decoded.bom);
  if (!bytes) {
    return {
      file: file.path,
      changed: false,
      bytes: file.bytes,
      applied: [],
      remaining: findingsFromDiagnostics(
        file.path,
        decoded.text,
        engine.check(decoded.text),
      ),
      note: `not fixed: the fixed text has characters ${decoded.encoding} cannot hold`,
    };
  }
  return {
    file: file.path,
    changed: true,
    bytes,
    applied: result.applied,
    remaining,
    ...(result.stopped ? { note: result.stopped } : {}),
  };
}
