/*
 * A small, hand-written Dockerfile reader that finds the image the final
 * build stage is based on, the way BuildKit's parser
 * (moby/buildkit frontend/dockerfile/parser + shell/lex.go) reads it, and
 * remembers where every character of that image reference came from in the
 * original text, so an edit can change exactly those bytes.
 *
 * Why not `dockerfile-ast`: see the package README ("Parser decision").
 */
import { AstroRuntimeError } from './errors';
import { checkTextInput, clip } from './util';
import { parseImageReference } from './reference';
import { isAstroRuntimeRepository, parseRuntimeTag } from './tag';
import type {
  DockerfileBase,
  ImageReference,
  RuntimeTag,
  TextSpan,
} from './types';

/**
 * Largest Dockerfile accepted (UTF-8 bytes).
 *
 * @public
 */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/**
 * Largest value (UTF-8 bytes) a global ARG, a `${VAR:-word}` word or a FROM
 * image may expand to; beyond it the Dockerfile is refused with TOO_LARGE.
 *
 * @public
 */
export const MAX_EXPANDED_ARG_BYTES = 64 * 1024;

/**
 * Deepest nesting of `${VAR:-${OTHER:-...}}` substitutions accepted; deeper
 * is refused with INVALID_DOCKERFILE.
 *
 * @public
 */
export const MAX_SUBSTITUTION_DEPTH = 32;

/**
 * Characters all ARG and FROM expansions of one Dockerfile may produce in
 * total, discarded `${VAR:-word}` words included: bounds the work of a file
 * whose every value stays under MAX_EXPANDED_ARG_BYTES.
 */
const MAX_EXPANSION_WORK = 64 * MAX_EXPANDED_ARG_BYTES;

/** At most this many distinct unresolved names are remembered for an error message. */
const MAX_UNRESOLVED_NAMES = 16;

const ALLOWED_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_WORD_RE = /^(\d*)<<(-?)([^<]*)$/;
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

/** A value produced by shell-word processing; `origins[i]` is the offset in the original text of `value[i]`, or -1. */
interface Expanded {
  value: string;
  origins: number[];
  /** UTF-8 length of `value`. */
  bytes: number;
  /** Names of unset variables the value used without a default (distinct, at most MAX_UNRESOLVED_NAMES). */
  unresolved: string[];
}

function emptyExpanded(): Expanded {
  return { value: '', origins: [], bytes: 0, unresolved: [] };
}

interface LogicalLine {
  /** Flat [start, end) pairs of the original text making up the instruction (continuations removed). */
  segs: number[];
  /** The joined text (built on demand, see `lineText`). */
  joined?: string;
  /** Joined-text index where each segment starts, plus the joined length (built on demand, see `segmentStarts`). */
  starts?: number[];
  /** Offset of the first non-space character of the instruction. */
  start: number;
  /** Offset one past the last character of the instruction's last physical line. */
  end: number;
  /** 1-based line number of the instruction's first character. */
  line: number;
}

interface ArgDef {
  name: string;
  instruction: LogicalLine;
  /** The raw value: [vs, ve) of the instruction's joined text. */
  vs: number;
  ve: number;
}

interface FromDef {
  instruction: LogicalLine;
  /** The image word as written: [wa, wb) of the instruction's joined text. */
  word: string;
  wa: number;
  wb: number;
  stage?: string;
  /** 0-based index among FROMs. */
  index: number;
}

/** Internal result with everything an edit needs. */
export interface DockerfileAnalysis {
  base: DockerfileBase;
  /** Where each character of the expanded image reference came from (-1 = nowhere, e.g. a quote). */
  imageOrigins: number[];
  /** The expanded image reference. */
  imageText: string;
  text: string;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

function isWhitespaceChar(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\v' ||
    ch === '\f' ||
    ch === '\u00a0' ||
    ch === '\u0085'
  );
}

class Reader {
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

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters a regular expression's `.` does not match. */
function isLineTerminatorCode(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

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

/** Reads the parser directives at the top of the file (escape, syntax, check). */
function readDirectives(r: Reader): void {
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
function readInstruction(r: Reader): LogicalLine | undefined {
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

/** The instruction's text with continuations removed. */
function lineText(text: string, l: LogicalLine): string {
  const segs = l.segs;
  // One segment: a slice, not kept (most instructions; less to hold on to).
  if (segs.length === 2) return text.slice(segs[0], segs[1]);
  if (l.joined === undefined) {
    let joined = '';
    for (let k = 0; k < segs.length; k += 2)
      joined += text.slice(segs[k], segs[k + 1]);
    l.joined = joined;
  }
  return l.joined;
}

/** `starts[k]`: joined-text index where segment k starts; the last entry is the joined length. */
function segmentStarts(l: LogicalLine): number[] {
  if (l.starts === undefined) {
    const segs = l.segs;
    const starts: number[] = new Array(segs.length / 2 + 1);
    let at = 0;
    for (let k = 0; k < segs.length; k += 2) {
      starts[k / 2] = at;
      at += segs[k + 1] - segs[k];
    }
    starts[segs.length / 2] = at;
    l.starts = starts;
  }
  return l.starts;
}

/** The segment holding joined char `i` (0 <= i < joined length): the first k with starts[k + 1] > i (binary search). */
function segmentOf(starts: number[], i: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid + 1] > i) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Original offset of char `i` of the joined text (or just past the end). */
function originAt(l: LogicalLine, i: number): number {
  const segs = l.segs;
  if (segs.length === 2) {
    const len = segs[1] - segs[0];
    return i <= len ? segs[0] + i : -1;
  }
  const starts = segmentStarts(l);
  const total = starts[starts.length - 1];
  if (i >= total) return i === total ? segs[segs.length - 1] : -1;
  const k = segmentOf(starts, i);
  return segs[2 * k] + (i - starts[k]);
}

/** Original offsets of joined chars [from, to) (to <= joined length), one binary search then a cursor. */
function originsOf(l: LogicalLine, from: number, to: number): number[] {
  const out: number[] = new Array(Math.max(0, to - from));
  if (to <= from) return out;
  const segs = l.segs;
  if (segs.length === 2) {
    for (let i = from; i < to; i++) out[i - from] = segs[0] + i;
    return out;
  }
  const starts = segmentStarts(l);
  let k = segmentOf(starts, from);
  let next = starts[k + 1];
  let delta = segs[2 * k] - starts[k];
  for (let i = from; i < to; i++) {
    while (i >= next) {
      k++;
      next = starts[k + 1];
      delta = segs[2 * k] - starts[k];
    }
    out[i - from] = i + delta;
  }
  return out;
}

/**
 * The instruction keyword we care about (`from`, `arg`, `run`, `copy`,
 * `add`; '' for others) and the joined-text index just after it. Fast path
 * without allocation when the keyword sits in the first segment.
 */
function keywordOf(text: string, l: LogicalLine): [string, number] {
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
function hasHeredocMarker(text: string, l: LogicalLine): boolean {
  const segs = l.segs;
  if (segs.length > 2) return lineText(text, l).indexOf('<<') !== -1;
  for (let k = segs[0] + 1; k < segs[1]; k++) {
    if (text.charCodeAt(k) === 60 && text.charCodeAt(k - 1) === 60) return true;
  }
  return false;
}

/** End of the word of a word list starting at `i`, the way BuildKit's `parseWords` splits (quotes kept raw). */
function wordEnd(s: string, from: number, escape: string): number {
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
function parseWords(
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
function heredocsOf(line: string): Array<{ name: string; chomp: boolean }> {
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

function skipHeredocs(
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

/* ------------------------------------------------------------------ */
/* Shell word processing (BuildKit shell/lex.go) with origin tracking. */

/** Running total of the characters produced by the expansions of one Dockerfile. */
interface Budget {
  work: number;
}

/**
 * How a WordExpander resolves variables. Without `lookup` it runs in scan
 * mode: it checks the syntax and reports every variable name it meets to
 * `onName`, but builds no value.
 */
interface ExpandContext {
  /** The value of a variable, undefined when unset. */
  lookup?: (name: string) => Expanded | undefined;
  onName?: (name: string) => void;
  /** What is expanded, for messages: "line 3: ARG V". */
  what: string;
  budget: Budget;
}

function utf8Units(c: number): number {
  if (c < 0x80) return 1;
  // A surrogate is half of a 4-byte character.
  if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return 2;
  return 3;
}

function addUnresolved(out: Expanded, name: string): void {
  if (
    out.unresolved.length < MAX_UNRESOLVED_NAMES &&
    !out.unresolved.includes(name)
  ) {
    out.unresolved.push(name);
  }
}

class WordExpander {
  i = 0;
  /** Open `${VAR<op>word}` substitutions around the current position. */
  depth = 0;
  readonly scan: boolean;
  constructor(
    public src: string,
    readonly org: number[],
    readonly escape: string,
    public line: number,
    readonly ctx: ExpandContext,
  ) {
    this.scan = ctx.lookup === undefined;
  }

  /** Starts over on another text (reusing one scanner for many ARG values). */
  reset(src: string, line: number): void {
    this.src = src;
    this.line = line;
    this.i = 0;
    this.depth = 0;
  }

  fail(message: string): never {
    throw new AstroRuntimeError('INVALID_DOCKERFILE', message, {
      line: this.line,
    });
  }

  /** Accounts for `bytes` UTF-8 bytes / `chars` characters about to be added to `out`; throws past the caps. */
  charge(out: Expanded, bytes: number, chars: number): void {
    if (out.bytes + bytes > MAX_EXPANDED_ARG_BYTES) {
      throw new AstroRuntimeError(
        'TOO_LARGE',
        `${this.ctx.what} expands to more than ${
          MAX_EXPANDED_ARG_BYTES / 1024
        } KiB`,
        { line: this.line },
      );
    }
    const budget = this.ctx.budget;
    budget.work += chars;
    if (budget.work > MAX_EXPANSION_WORK) {
      throw new AstroRuntimeError(
        'TOO_LARGE',
        `${
          this.ctx.what
        }: the ARG substitutions of this Dockerfile expand to more than ${
          MAX_EXPANSION_WORK / (1024 * 1024)
        } MiB in total`,
        { line: this.line },
      );
    }
  }

  push(out: Expanded, ch: string, origin: number | undefined): void {
    if (this.scan) return;
    const bytes = utf8Units(ch.charCodeAt(0));
    this.charge(out, bytes, 1);
    out.value += ch;
    out.origins.push(origin ?? -1);
    out.bytes += bytes;
  }

  append(out: Expanded, v: Expanded): void {
    if (this.scan) return;
    this.charge(out, v.bytes, v.value.length);
    out.value += v.value;
    const origins = out.origins;
    for (const o of v.origins) origins.push(o);
    out.bytes += v.bytes;
    for (const u of v.unresolved) addUnresolved(out, u);
  }

  /** Uses the value of variable `name` (appends it, or records it as unresolved). */
  use(out: Expanded, name: string): void {
    if (this.scan) {
      this.ctx.onName?.(name);
      return;
    }
    const v = this.ctx.lookup!(name);
    if (v) this.append(out, v);
    else addUnresolved(out, name);
  }

  /** Processes until `stop` (consumed) or the end. */
  process(stop: string | undefined, out: Expanded): void {
    const { src, org, escape } = this;
    const n = src.length;
    while (this.i < n) {
      const ch = src[this.i];
      if (stop !== undefined && ch === stop) {
        this.i++;
        return;
      }
      if (ch === escape) {
        this.i++;
        if (this.i >= n) break;
        this.push(out, src[this.i], org[this.i]);
        this.i++;
      } else if (ch === "'") {
        this.i++;
        while (this.i < n && src[this.i] !== "'") {
          this.push(out, src[this.i], org[this.i]);
          this.i++;
        }
        if (this.i >= n)
          this.fail(
            'unexpected end of statement while looking for matching single-quote',
          );
        this.i++;
      } else if (ch === '"') {
        this.doubleQuote(out);
      } else if (ch === '$') {
        this.dollar(out);
      } else {
        this.push(out, ch, org[this.i]);
        this.i++;
      }
    }
    if (stop !== undefined) {
      this.fail(
        `unexpected end of statement while looking for matching ${stop}`,
      );
    }
  }

  doubleQuote(out: Expanded): void {
    const { src, org, escape } = this;
    const n = src.length;
    this.i++;
    while (this.i < n) {
      const ch = src[this.i];
      if (ch === '"') {
        this.i++;
        return;
      }
      if (ch === '$') {
        this.dollar(out);
        continue;
      }
      if (ch === escape && this.i + 1 < n) {
        const next = src[this.i + 1];
        if (next === '"' || next === '$' || next === escape) this.i++;
      }
      this.push(out, src[this.i], org[this.i]);
      this.i++;
    }
    this.fail(
      'unexpected end of statement while looking for matching double-quote',
    );
  }

  name(): string {
    const { src } = this;
    const n = src.length;
    const start = this.i;
    if (this.i < n && isDigitCode(src.charCodeAt(this.i))) {
      while (this.i < n && isDigitCode(src.charCodeAt(this.i))) this.i++;
      return src.slice(start, this.i);
    }
    if (this.i < n && '@*#?-$!0'.includes(src[this.i])) {
      return src[this.i++];
    }
    while (this.i < n) {
      const c = src.charCodeAt(this.i);
      if (isNameCode(c) || (c > 127 && /[\p{L}\p{Nd}]/u.test(src[this.i])))
        this.i++;
      else break;
    }
    return src.slice(start, this.i);
  }

  dollar(out: Expanded): void {
    const { src, org } = this;
    const dollarAt = this.i;
    this.i++;
    if (src[this.i] !== '{') {
      const name = this.name();
      if (name === '') {
        this.push(out, '$', org[dollarAt]);
        return;
      }
      this.use(out, name);
      return;
    }
    this.i++;
    const c = src[this.i];
    if (c === undefined) this.fail("syntax error: missing '}'");
    if (c === '{' || c === '}' || c === ':')
      this.fail('syntax error: bad substitution');
    const name = this.name();
    let ch = src[this.i++];
    if (ch === undefined) this.fail("syntax error: missing '}'");
    if (ch === '}') {
      this.use(out, name);
      return;
    }
    let nullIsUnset = false;
    let modifier = ch;
    if (ch === ':') {
      nullIsUnset = true;
      ch = src[this.i++];
      modifier += ch ?? '';
    }
    if (ch === '+' || ch === '-' || ch === '?') {
      const word = emptyExpanded();
      if (++this.depth > MAX_SUBSTITUTION_DEPTH) {
        this.fail(
          `line ${this.line}: \${...} substitutions nested more than ${MAX_SUBSTITUTION_DEPTH} deep`,
        );
      }
      this.process('}', word);
      this.depth--;
      if (this.scan) {
        this.ctx.onName?.(name);
        return;
      }
      const v = this.ctx.lookup!(name);
      const unsetOrNull = !v || (nullIsUnset && v.value === '');
      if (ch === '-') {
        this.append(out, unsetOrNull ? word : v!);
      } else if (ch === '+') {
        if (!unsetOrNull) this.append(out, word);
      } else {
        if (unsetOrNull) {
          throw new AstroRuntimeError(
            'UNRESOLVED_ARG',
            `ARG ${name}: ${
              clip(word.value, 200) ||
              (v ? 'is not allowed to be empty' : 'is not allowed to be unset')
            }`,
            { line: this.line },
          );
        }
        this.append(out, v!);
      }
      return;
    }
    throw new AstroRuntimeError(
      'UNRESOLVED_ARG',
      `cannot evaluate \${${clip(
        name,
        80,
      )}${modifier}...}: only $VAR, \${VAR}, \${VAR:-word}, \${VAR:+word} and \${VAR:?msg} are supported`,
      { line: this.line },
    );
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameCode(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95
  );
}

const NO_ORIGINS: number[] = [];
const MAY_REFER_RE = /[$'"]/;
/** Output of scan-mode passes (never written). */
const SCRATCH = emptyExpanded();

/**
 * The values of the global ARGs, expanded on demand: only the definitions a
 * FROM on the final stage's chain uses (directly or through other ARGs) are
 * ever expanded, each at most once, in definition order (a definition refers
 * only to earlier ones), without recursion. The name index is built on the
 * first lookup: a Dockerfile whose FROMs use no ARG never pays for it.
 */
class ArgValues {
  readonly values: Array<Expanded | undefined>;
  readonly marked: Uint8Array;
  readonly budget: Budget = { work: 0 };
  /** Indexes into argDefs of each name's definitions, ascending (see `visible`). */
  byName: Map<string, number[]> | undefined;
  /** Collects the names an ARG value refers to (scan mode). */
  readonly refs: string[] = [];
  readonly scanner: WordExpander;
  constructor(readonly scan: Scan) {
    this.values = new Array(scan.argDefs.length);
    this.marked = new Uint8Array(scan.argDefs.length);
    this.scanner = new WordExpander('', NO_ORIGINS, scan.escape, 0, {
      onName: name => this.refs.push(name),
      what: '',
      budget: { work: 0 },
    });
  }

  /** The definition of `name` in effect before definition `before` (exclusive), or -1. */
  visible(name: string, before: number): number {
    if (!this.byName) {
      const byName = new Map<string, number[]>();
      this.scan.argDefs.forEach((def, k) => {
        const list = byName.get(def.name);
        if (list) list.push(k);
        else byName.set(def.name, [k]);
      });
      this.byName = byName;
    }
    const list = this.byName.get(name);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid] < before) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : -1;
  }

  value(def: number): Expanded {
    const known = this.values[def];
    if (known) return known;
    // Every definition `def` depends on (an iterative walk), then expand them oldest first.
    const { argDefs } = this.scan;
    const needed: number[] = [];
    const stack = [def];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (this.marked[d]) continue;
      this.marked[d] = 1;
      if (this.values[d]) continue;
      needed.push(d);
      // The definitions d refers to.
      const a = argDefs[d];
      const src = lineText(this.scan.text, a.instruction).slice(a.vs, a.ve);
      if (!MAY_REFER_RE.test(src)) continue;
      this.refs.length = 0;
      this.scanner.reset(src, a.instruction.line);
      this.scanner.process(undefined, SCRATCH);
      for (const name of this.refs) {
        const x = this.visible(name, d);
        if (x >= 0 && !this.marked[x]) stack.push(x);
      }
    }
    needed.sort((a, b) => a - b);
    for (const d of needed) this.values[d] = this.expandDef(d);
    return this.values[def]!;
  }

  expandDef(d: number): Expanded {
    const { text, escape, argDefs } = this.scan;
    const def = argDefs[d];
    const l = def.instruction;
    const out = emptyExpanded();
    new WordExpander(
      lineText(text, l).slice(def.vs, def.ve),
      originsOf(l, def.vs, def.ve),
      escape,
      l.line,
      {
        lookup: name => {
          const k = this.visible(name, d);
          return k < 0 ? undefined : this.values[k] ?? this.value(k);
        },
        what: `line ${l.line}: ARG ${clip(def.name, 80)}`,
        budget: this.budget,
      },
    ).process(undefined, out);
    return out;
  }

  /** The image word of a FROM, expanded with the global ARGs. */
  expandFrom(f: FromDef): Expanded {
    const { escape } = this.scan;
    const l = f.instruction;
    const out = emptyExpanded();
    new WordExpander(f.word, originsOf(l, f.wa, f.wb), escape, l.line, {
      lookup: name => {
        const k = this.visible(name, Infinity);
        return k < 0 ? undefined : this.value(k);
      },
      what: `line ${l.line}: FROM ${clip(f.word, 80)}`,
      budget: this.budget,
    }).process(undefined, out);
    return out;
  }
}

/* ------------------------------------------------------------------ */

/**
 * Records the definitions of a global ARG instruction. Values are checked
 * for syntax and their references resolved to earlier definitions, but not
 * expanded (see ArgValues). `ARG NAME` without a value changes no value.
 */
function parseArg(
  text: string,
  l: LogicalLine,
  after: number,
  scan: Scan,
  checkValue: (src: string, line: number) => void,
): void {
  const s = lineText(text, l);
  const n = s.length;
  const { argDefs } = scan;
  let i = after;
  for (;;) {
    while (i < n && isWhitespaceChar(s[i])) i++;
    if (i >= n) break;
    const a = i;
    const b = wordEnd(s, i, scan.escape);
    i = b;
    let eq = a;
    while (eq < b && s.charCodeAt(eq) !== 61 /* = */) eq++;
    // A word without `=` declares the ARG without a value: no value changes.
    if (eq === a || eq === b) continue;
    const name = s.slice(a, eq);
    const vs = eq + 1;
    checkValue(s.slice(vs, b), l.line);
    argDefs.push({ name, instruction: l, vs, ve: b });
  }
}

function parseFrom(
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

/** Maps [i, j) of an expanded value to a contiguous original span, or undefined. Empty ranges map to an insertion point after i-1. */
function mapRange(
  origins: number[],
  i: number,
  j: number,
): [number, number] | undefined {
  if (j <= i) {
    if (i === 0) return undefined;
    const o = origins[i - 1];
    return o >= 0 ? [o + 1, o + 1] : undefined;
  }
  const first = origins[i];
  if (first < 0) return undefined;
  for (let k = i + 1; k < j; k++) {
    if (origins[k] !== first + (k - i)) return undefined;
  }
  return [first, first + (j - i)];
}

/** 1-based line of `offset`, counted from the nearest known instruction start before it. */
function lineOfOffset(
  text: string,
  offset: number,
  anchors: LogicalLine[],
): number {
  let bestStart = 0;
  let line = 1;
  for (const a of anchors) {
    if (a.start <= offset && a.start >= bestStart) {
      bestStart = a.start;
      line = a.line;
    }
  }
  let k = text.indexOf('\n', bestStart);
  while (k !== -1 && k < offset) {
    line++;
    k = text.indexOf('\n', k + 1);
  }
  return line;
}

function unrecognizedLine(
  kind: 'runtime' | 'certified',
  repoPath: string,
): RuntimeTag['line'] {
  if (kind === 'certified') return 'certified';
  return repoPath === 'astrocrpublic.azurecr.io/runtime' ||
    repoPath.endsWith('/astrocrpublic.azurecr.io/runtime')
    ? 'airflow3'
    : 'airflow2';
}

/**
 * Reads a Dockerfile and reports what the final build stage is based on.
 * Throws `AstroRuntimeError` (NO_FROM, UNRESOLVED_ARG, BINARY_INPUT,
 * TOO_LARGE, INVALID_REFERENCE, INVALID_DOCKERFILE); a base that is not Astro
 * is a result (`kind: 'not-astro'`), not an error.
 *
 * @public
 */
export function parseDockerfile(text: string): DockerfileBase {
  return analyzeDockerfile(text).base;
}

interface Scan {
  text: string;
  escape: string;
  /** The global ARG definitions (with a value), in order. */
  argDefs: ArgDef[];
  froms: FromDef[];
}

function scanDockerfile(input: string): Scan {
  const text = checkTextInput(input, 'Dockerfile', MAX_DOCKERFILE_BYTES);
  const r = new Reader(text);
  readDirectives(r);
  const scan: Scan = {
    text,
    escape: r.escape,
    argDefs: [],
    froms: [],
  };
  const { froms } = scan;
  // One scanner checks the syntax of every ARG value; values are expanded only when used.
  const scanner = new WordExpander('', NO_ORIGINS, r.escape, 0, {
    what: '',
    budget: { work: 0 },
  });
  const checkValue = (src: string, line: number): void => {
    // Without `$` or quotes a value cannot be malformed.
    if (!MAY_REFER_RE.test(src)) return;
    scanner.reset(src, line);
    scanner.process(undefined, SCRATCH);
  };
  for (;;) {
    const l = readInstruction(r);
    if (!l) break;
    const [kw, after] = keywordOf(text, l);
    if (kw === '') continue;
    if (kw === 'from') {
      froms.push(parseFrom(text, l, after, r.escape, froms.length));
    } else if (kw === 'arg') {
      if (froms.length === 0) parseArg(text, l, after, scan, checkValue);
    } else if (hasHeredocMarker(text, l)) {
      skipHeredocs(r, heredocsOf(lineText(text, l)));
    }
  }
  return scan;
}

/**
 * Every FROM instruction of a Dockerfile, unexpanded: the image word as
 * written, the stage name (lowercase) and the instruction's span. Throws like
 * `parseDockerfile` for binary / too large / malformed input, but not NO_FROM.
 *
 * @public
 */
export function listDockerfileStages(
  text: string,
): Array<{ image: string; stage?: string; from: TextSpan }> {
  return scanDockerfile(text).froms.map(f => {
    const item: { image: string; stage?: string; from: TextSpan } = {
      image: f.word,
      from: {
        line: f.instruction.line,
        start: f.instruction.start,
        end: f.instruction.end,
      },
    };
    if (f.stage !== undefined) item.stage = f.stage;
    return item;
  });
}

/** `parseDockerfile` plus the character origins an edit needs (internal). */
export function analyzeDockerfile(input: string): DockerfileAnalysis {
  const scan = scanDockerfile(input);
  const { text, argDefs, froms } = scan;

  if (froms.length === 0) {
    throw new AstroRuntimeError(
      'NO_FROM',
      'The Dockerfile has no FROM instruction',
    );
  }

  // Follow the final stage through stage aliases to an external image.
  const values = new ArgValues(scan);
  let current = froms[froms.length - 1];
  const finalStage = current.stage;
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
  let image: ImageReference;
  try {
    image = parseImageReference(expanded.value);
  } catch (e) {
    throw new AstroRuntimeError(
      'INVALID_REFERENCE',
      `line ${current.instruction.line}: ${(e as Error).message}`,
      { line: current.instruction.line },
    );
  }
  const fi = current.instruction;
  // The FROM and the ARG instructions, whose lines are known.
  const anchors: LogicalLine[] = [fi];
  for (const a of argDefs) {
    if (a.instruction !== anchors[anchors.length - 1])
      anchors.push(a.instruction);
  }
  const span = (range: [number, number]): TextSpan => ({
    line: lineOfOffset(text, range[0], anchors),
    start: range[0],
    end: range[1],
  });
  const from: TextSpan = { line: fi.line, start: fi.start, end: fi.end };
  const kind = isAstroRuntimeRepository(image);
  if (!kind) {
    return {
      base: { kind: 'not-astro', image, from, stages: froms.length },
      imageOrigins: expanded.origins,
      imageText: expanded.value,
      text,
    };
  }

  // Positions inside the expanded reference.
  const value = expanded.value;
  const at = value.indexOf('@');
  const nameEnd =
    (at === -1 ? value.length : at) -
    (image.tag !== undefined ? image.tag.length + 1 : 0);
  const tagStart = image.tag !== undefined ? nameEnd + 1 : nameEnd;
  const tagEnd = at === -1 ? value.length : at;
  const repoPath = image.registry
    ? `${image.registry}/${image.repository}`
    : image.repository;
  let runtime: RuntimeTag | undefined =
    image.tag !== undefined ? parseRuntimeTag(image.tag, repoPath) : undefined;
  if (!runtime) {
    const tag = image.tag ?? '';
    runtime = {
      raw: tag,
      line: unrecognizedLine(kind, repoPath),
      version: tag === '' ? 'latest' : tag,
      prerelease: false,
      floating: tag === '' || tag === 'latest',
      variants: [],
      unrecognized: true,
    };
  }
  const versionLen =
    image.tag !== undefined && !runtime.unrecognized
      ? runtime.version.length
      : image.tag?.length ?? 0;
  const versionRange = mapRange(
    expanded.origins,
    tagStart,
    tagStart + versionLen,
  );
  const tagRange = mapRange(expanded.origins, tagStart, tagEnd) ?? versionRange;
  const nameRange = mapRange(expanded.origins, 0, nameEnd);
  const digestRange =
    at === -1 ? undefined : mapRange(expanded.origins, at, value.length);

  const base: DockerfileBase & { kind: 'astro' } = {
    kind: 'astro',
    image,
    runtime,
    from,
    tagSpan: tagRange
      ? span(tagRange)
      : { line: fi.line, start: fi.start, end: fi.start },
    stages: froms.length,
  };
  if (versionRange) base.versionSpan = span(versionRange);
  if (nameRange) base.nameSpan = span(nameRange);
  if (digestRange) base.digestSpan = span(digestRange);
  if (finalStage !== undefined) base.stage = finalStage;
  const argAnchor = versionRange ?? tagRange;
  if (argAnchor) {
    // The last ARG whose raw value (quotes included) holds the anchor.
    let def: ArgDef | undefined;
    for (let k = argDefs.length - 1; k >= 0 && !def; k--) {
      const a = argDefs[k];
      const valueStart = originAt(a.instruction, a.vs);
      const valueEnd =
        a.ve > a.vs ? originAt(a.instruction, a.ve - 1) + 1 : valueStart;
      if (
        argAnchor[0] >= valueStart &&
        argAnchor[0] < Math.max(valueEnd, valueStart + 1)
      )
        def = a;
    }
    if (def) {
      base.arg = {
        name: def.name,
        line: def.instruction.line,
        start: def.instruction.start,
        end: def.instruction.end,
      };
    }
  }
  return { base, imageOrigins: expanded.origins, imageText: value, text };
}
