/*
 * FROM instructions and build stages: reading a FROM, and following the
 * final stage through stage aliases to the external image it is based on.
 */
import { AstroRuntimeError } from '../errors';
import { clip } from '../util';
import { ArgValues } from './args';
import { isWhitespaceChar } from './chars';
import type { Expanded } from './expand';
import type { FromDef, Scan } from './model';
import { lineText, type LogicalLine } from './origins';

/** ARGs BuildKit predefines in the global scope; their values depend on the build. */
const PLATFORM_ARGS = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
]);

/** Reads a FROM instruction: its flags are skipped, its image word and stage name (lowercase) kept. */
export function parseFrom(
  text: string,
  l: LogicalLine,
  after: number,
  escape: string,
  index: number,
): FromDef {
  const s = lineText(text, l);
  const n = s.length;
  let i = after;
  // Flags (--platform=..., --link ...) up to the first word not starting with "--".
  for (;;) {
    while (i < n && isWhitespaceChar(s[i])) i++;
    if (!(s[i] === '-' && s[i + 1] === '-')) break;
    let quote = '';
    while (i < n) {
      const ch = s[i];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (isWhitespaceChar(ch)) break;
      else if (ch === escape) i++;
      i++;
    }
  }
  // Remaining arguments are split on whitespace only (BuildKit
  // parseStringsWhitespaceDelimited); only the first three matter.
  const args: number[] = [];
  let count = 0;
  while (i < n && count < 4) {
    while (i < n && isWhitespaceChar(s[i])) i++;
    if (i >= n) break;
    const a = i;
    while (i < n && !isWhitespaceChar(s[i])) i++;
    args.push(a, i);
    count++;
  }
  if (count === 0) {
    throw new AstroRuntimeError(
      'INVALID_DOCKERFILE',
      `line ${l.line}: FROM without an image`,
      {
        line: l.line,
      },
    );
  }
  let stage: string | undefined;
  if (
    count === 3 &&
    args[3] - args[2] === 2 &&
    (s.charCodeAt(args[2]) | 32) === 97 /* a */ &&
    (s.charCodeAt(args[2] + 1) | 32) === 115 /* s */
  ) {
    stage = s.slice(args[4], args[5]).toLowerCase();
  } else if (count !== 1) {
    throw new AstroRuntimeError(
      'INVALID_DOCKERFILE',
      `line ${l.line}: FROM requires either one or three arguments (FROM image [AS name])`,
      { line: l.line },
    );
  }
  const wa = args[0];
  const wb = args[1];
  return { instruction: l, word: s.slice(wa, wb), wa, wb, stage, index };
}

/**
 * Follows the final stage through stage aliases to an external image: the
 * FROM that names it, and its image word expanded with the global ARGs.
 * Throws UNRESOLVED_ARG for a variable without a value and
 * INVALID_DOCKERFILE for an empty image name. `scan` has at least one FROM.
 */
export function resolveFinalStage(scan: Scan): {
  from: FromDef;
  expanded: Expanded;
} {
  const { froms } = scan;
  const values = new ArgValues(scan);
  let current = froms[froms.length - 1];
  let expanded: Expanded;
  for (;;) {
    expanded = values.expandFrom(current);
    if (expanded.unresolved.length > 0) {
      const names = expanded.unresolved;
      const platform = names.filter(x => PLATFORM_ARGS.has(x));
      throw new AstroRuntimeError(
        'UNRESOLVED_ARG',
        `line ${current.instruction.line}: FROM ${clip(
          current.word,
          120,
        )} uses ${names.map(x => `$${clip(x, 80)}`).join(', ')} which ${
          names.length > 1 ? 'have' : 'has'
        } no value${
          platform.length
            ? ' (set by the builder per platform)'
            : ' (declare a global ARG with a default before the first FROM)'
        }`,
        { line: current.instruction.line },
      );
    }
    // The last earlier FROM naming that stage. Each step looks only below the
    // stage found by the step before: one backward sweep over the FROMs in all.
    const wanted = expanded.value.toLowerCase();
    let prev = current.index - 1;
    while (prev >= 0 && froms[prev].stage !== wanted) prev--;
    if (prev < 0) break;
    current = froms[prev];
  }
  if (expanded.value === '') {
    throw new AstroRuntimeError(
      'INVALID_DOCKERFILE',
      `line ${current.instruction.line}: FROM ${clip(
        current.word,
        120,
      )} expands to an empty image name`,
      { line: current.instruction.line },
    );
  }
  return { from: current, expanded };
}
