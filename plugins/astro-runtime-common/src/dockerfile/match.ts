/*
 * Matching within one line or instruction: parser directives, the
 * instruction keyword, word splitting and heredoc markers.
 */
import {
  isAlphaCode,
  isBlankCode,
  isDigitCode,
  isLineTerminatorCode,
  isSpaceCode,
  isWhitespaceChar,
} from './chars';
import { lineText, type LogicalLine } from './origins';

const HEREDOC_WORD_RE = /^(\d*)<<(-?)([^<]*)$/;

/**
 * Matches a parser directive `#[ \t]*NAME[ \t]*=[ \t]*VALUE[ \t]*` over
 * text[s, end), where text[s] is `#`: the same [name, value] as
 * /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/ (BuildKit's
 * directive pattern), in one pass instead of that pattern's quadratic
 * backtracking over a long run of blanks.
 */
export function matchDirective(
  text: string,
  s: number,
  end: number,
): [string, string] | undefined {
  let i = s + 1;
  while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  const nameStart = i;
  if (i >= end || !isAlphaCode(text.charCodeAt(i))) return undefined;
  i++;
  while (
    i < end &&
    (isAlphaCode(text.charCodeAt(i)) || isDigitCode(text.charCodeAt(i)))
  )
    i++;
  const name = text.slice(nameStart, i);
  while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== 61 /* = */) return undefined;
  const rest = i + 1;
  if (rest >= end) return undefined;
  for (let k = rest; k < end; k++) {
    if (isLineTerminatorCode(text.charCodeAt(k))) return undefined;
  }
  let vs = rest;
  while (vs < end && isBlankCode(text.charCodeAt(vs))) vs++;
  let ve = end;
  while (ve > vs && isBlankCode(text.charCodeAt(ve - 1))) ve--;
  // Nothing but blanks after `=`: the pattern's value is the last blank.
  if (ve === vs) return [name, text[end - 1]];
  return [name, text.slice(vs, ve)];
}

/**
 * The instruction keyword we care about (`from`, `arg`, `run`, `copy`,
 * `add`; '' for others) and the joined-text index just after it. Fast path
 * without allocation when the keyword sits in the first segment.
 */
export function keywordOf(text: string, l: LogicalLine): [string, number] {
  const s = l.segs[0];
  const segEnd = l.segs[1];
  let e = s;
  while (e < segEnd && !isSpaceCode(text.charCodeAt(e))) e++;
  if (e === segEnd && l.segs.length > 2) {
    // The keyword may continue on the next line: use the joined text.
    const joined = lineText(text, l);
    let i = 0;
    while (i < joined.length && isWhitespaceChar(joined[i])) i++;
    const start = i;
    while (i < joined.length && !isWhitespaceChar(joined[i])) i++;
    return [joined.slice(start, i).toLowerCase(), i];
  }
  const len = e - s;
  if (len < 3 || len > 4) return ['', len];
  const c0 = text.charCodeAt(s) | 32;
  const c1 = text.charCodeAt(s + 1) | 32;
  const c2 = text.charCodeAt(s + 2) | 32;
  if (len === 3) {
    if (c0 === 97 && c1 === 114 && c2 === 103) return ['arg', 3];
    if (c0 === 114 && c1 === 117 && c2 === 110) return ['run', 3];
    if (c0 === 97 && c1 === 100 && c2 === 100) return ['add', 3];
    return ['', 3];
  }
  const c3 = text.charCodeAt(s + 3) | 32;
  if (c0 === 102 && c1 === 114 && c2 === 111 && c3 === 109) return ['from', 4];
  if (c0 === 99 && c1 === 111 && c2 === 112 && c3 === 121) return ['copy', 4];
  return ['', 4];
}

/** Does the instruction contain `<<` (outside continuation breaks)? */
export function hasHeredocMarker(text: string, l: LogicalLine): boolean {
  const segs = l.segs;
  if (segs.length > 2) return lineText(text, l).indexOf('<<') !== -1;
  for (let k = segs[0] + 1; k < segs[1]; k++) {
    if (text.charCodeAt(k) === 60 && text.charCodeAt(k - 1) === 60) return true;
  }
  return false;
}

/** End of the word of a word list starting at `i`, the way BuildKit's `parseWords` splits (quotes kept raw). */
export function wordEnd(s: string, from: number, escape: string): number {
  const n = s.length;
  let i = from;
  let quote = '';
  while (i < n) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === escape && quote !== "'") i++;
      i++;
      continue;
    }
    if (isWhitespaceChar(ch)) break;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === escape) i++;
    i++;
  }
  return Math.min(i, n);
}

/** Splits a word list the way BuildKit's `parseWords` does (quotes kept raw). Returns [start, end) pairs. */
export function parseWords(
  s: string,
  from: number,
  escape: string,
): Array<[number, number]> {
  const words: Array<[number, number]> = [];
  let i = from;
  const n = s.length;
  for (;;) {
    while (i < n && isWhitespaceChar(s[i])) i++;
    if (i >= n) break;
    const start = i;
    i = wordEnd(s, i, escape);
    words.push([start, i]);
  }
  return words;
}

/** The heredoc terminators opened by a RUN/COPY/ADD line, in order. */
export function heredocsOf(
  line: string,
): Array<{ name: string; chomp: boolean }> {
  const docs: Array<{ name: string; chomp: boolean }> = [];
  for (const [a, b] of parseWords(line, 0, '\\')) {
    const word = line.slice(a, b);
    if (word.indexOf('<<') === -1) continue;
    const m = HEREDOC_WORD_RE.exec(word);
    if (!m || m[3].length === 0) continue;
    // Unquote the name (single word only).
    let name = '';
    let quote = '';
    let ok = true;
    const rest = m[3];
    for (let i = 0; i < rest.length; i++) {
      const ch = rest[i];
      if (quote) {
        if (ch === quote) quote = '';
        else name += ch;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\' && i + 1 < rest.length) name += rest[++i];
      else if (isWhitespaceChar(ch)) ok = false;
      else name += ch;
    }
    if (ok && name.length > 0) docs.push({ name, chomp: m[2] === '-' });
  }
  return docs;
}
