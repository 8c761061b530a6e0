/*
 * The line reader: physical lines, the parser directives at the top of the
 * file, instructions with their continuation lines joined, and heredoc
 * bodies skipped.
 */
import { AstroRuntimeError } from '../errors';
import { clip } from '../util';
import { isSpaceCode, isWhitespaceChar } from './chars';
import { matchDirective } from './match';
import { lineText, originAt, type LogicalLine } from './origins';

const ALLOWED_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

export class Reader {
  /** Offset where the current physical line starts. */
  pos: number;
  /** 1-based number of the physical line at `pos`. */
  lineNo = 1;
  escape = '\\';
  escapeCode = 92;
  constructor(readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Start, content end (trailing \r excluded) and next-line offset of the line at `pos`, set by `peek`. */
  ls = 0;
  le = 0;
  ln = 0;
  peek(): void {
    const text = this.text;
    const start = this.pos;
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    let end = nl;
    while (end > start && text.charCodeAt(end - 1) === 13) end--;
    this.ls = start;
    this.le = end;
    this.ln = nl < text.length ? nl + 1 : nl;
  }
  setEscape(value: string): void {
    this.escape = value;
    this.escapeCode = value.charCodeAt(0);
  }
  advance(): void {
    this.pos = this.ln;
    this.lineNo++;
  }
  /** Index of the escape char that makes this line a continuation, or -1. */
  continuationAt(start: number, end: number): number {
    let i = end;
    const text = this.text;
    while (i > start) {
      const c = text.charCodeAt(i - 1);
      if (c === 32 || c === 9) i--;
      else break;
    }
    if (i > start && text.charCodeAt(i - 1) === this.escapeCode) return i - 1;
    return -1;
  }
}

function skipSpaces(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** Reads the parser directives at the top of the file (escape, syntax, check). */
export function readDirectives(r: Reader): void {
  const seen = new Set<string>();
  while (!r.done) {
    r.peek();
    const end = r.le;
    const s = skipSpaces(r.text, r.ls, end);
    if (r.text.charCodeAt(s) !== 35) return;
    const m = matchDirective(r.text, s, end);
    if (!m) return;
    const key = m[0].toLowerCase();
    if (!ALLOWED_DIRECTIVES.has(key) || seen.has(key)) return;
    seen.add(key);
    if (key === 'escape') {
      const value = m[1];
      if (value !== '\\' && value !== '`') {
        throw new AstroRuntimeError(
          'INVALID_DOCKERFILE',
          `invalid escape parser directive "${clip(
            value,
            40,
          )}": must be \` or \\`,
          { line: r.lineNo },
        );
      }
      r.setEscape(value);
    }
    r.advance();
  }
}

/**
 * Reads the next instruction (joining continuation lines, skipping comments
 * and empty lines). Returns undefined at the end of the text.
 */
export function readInstruction(r: Reader): LogicalLine | undefined {
  const text = r.text;
  while (!r.done) {
    r.peek();
    const end = r.le;
    const s = skipSpaces(text, r.ls, end);
    if (s === end || text.charCodeAt(s) === 35 /* # */) {
      r.advance();
      continue;
    }
    const line = r.lineNo;
    let cont = r.continuationAt(s, end);
    r.advance();
    if (cont === -1) return { segs: [s, end], start: s, end, line };
    // A continued instruction: collect segments.
    const segs = [s, cont];
    let lastEnd = end;
    while (cont !== -1 && !r.done) {
      r.peek();
      const ls = r.ls;
      const le = r.le;
      const t = skipSpaces(text, ls, le);
      r.advance();
      if (t === le) continue; // empty continuation line
      if (text.charCodeAt(t) === 35) continue; // comment inside a continuation
      cont = r.continuationAt(ls, le);
      segs.push(ls, cont === -1 ? le : cont);
      lastEnd = le;
    }
    const l: LogicalLine = { segs, start: s, end: lastEnd, line };
    // The instruction may start on a later segment when the first one is empty.
    const joined = lineText(text, l);
    let first = 0;
    while (first < joined.length && isWhitespaceChar(joined[first])) first++;
    if (first === joined.length) continue; // nothing but continuations
    l.start = originAt(l, first);
    return l;
  }
  return undefined;
}

/** Skips the bodies of the heredocs `docs`, in order, up to each terminator line. */
export function skipHeredocs(
  r: Reader,
  docs: Array<{ name: string; chomp: boolean }>,
): void {
  for (const doc of docs) {
    while (!r.done) {
      r.peek();
      const end = r.le;
      let s = r.ls;
      r.advance();
      if (doc.chomp) while (s < end && r.text.charCodeAt(s) === 9) s++;
      if (end - s === doc.name.length && r.text.startsWith(doc.name, s)) break;
    }
  }
}
