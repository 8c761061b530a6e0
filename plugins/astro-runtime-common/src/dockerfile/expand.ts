/*
 * Shell word processing (BuildKit shell/lex.go) with origin tracking.
 */
import { AstroRuntimeError } from '../errors';
import { clip } from '../util';
import { isDigitCode, isNameCode, utf8Units } from './chars';
import {
  MAX_EXPANDED_ARG_BYTES,
  MAX_EXPANSION_WORK,
  MAX_SUBSTITUTION_DEPTH,
  MAX_UNRESOLVED_NAMES,
} from './limits';

/** A value produced by shell-word processing; `origins[i]` is the offset in the original text of `value[i]`, or -1. */
export interface Expanded {
  value: string;
  origins: number[];
  /** UTF-8 length of `value`. */
  bytes: number;
  /** Names of unset variables the value used without a default (distinct, at most MAX_UNRESOLVED_NAMES). */
  unresolved: string[];
}

export function emptyExpanded(): Expanded {
  return { value: '', origins: [], bytes: 0, unresolved: [] };
}

/** Running total of the characters produced by the expansions of one Dockerfile. */
export interface Budget {
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

function addUnresolved(out: Expanded, name: string): void {
  if (
    out.unresolved.length < MAX_UNRESOLVED_NAMES &&
    !out.unresolved.includes(name)
  ) {
    out.unresolved.push(name);
  }
}

/** Expands one shell word (or checks its syntax, in scan mode), recording the origin of every character. */
export class WordExpander {
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
