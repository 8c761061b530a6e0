/*
 * Global ARGs (the ones before the first FROM): their definitions, checked
 * for syntax as they are read, and their values, expanded lazily.
 */
import { clip } from '../util';
import { isWhitespaceChar } from './chars';
import {
  emptyExpanded,
  WordExpander,
  type Budget,
  type Expanded,
} from './expand';
import { wordEnd } from './match';
import type { FromDef, Scan } from './model';
import { lineText, originsOf, type LogicalLine } from './origins';

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
export class ArgValues {
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

/**
 * A syntax check for ARG values (throws INVALID_DOCKERFILE). One scanner
 * checks the syntax of every ARG value; values are expanded only when used.
 */
export function makeArgValueChecker(
  escape: string,
): (src: string, line: number) => void {
  const scanner = new WordExpander('', NO_ORIGINS, escape, 0, {
    what: '',
    budget: { work: 0 },
  });
  return (src: string, line: number): void => {
    // Without `$` or quotes a value cannot be malformed.
    if (!MAY_REFER_RE.test(src)) return;
    scanner.reset(src, line);
    scanner.process(undefined, SCRATCH);
  };
}

/**
 * Records the definitions of a global ARG instruction. Values are checked
 * for syntax and their references resolved to earlier definitions, but not
 * expanded (see ArgValues). `ARG NAME` without a value changes no value.
 */
export function parseArg(
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
