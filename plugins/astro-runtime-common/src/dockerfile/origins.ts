/*
 * A logical line (one instruction, continuation lines joined) and the
 * mapping from positions in its joined text, or in an expanded value, back
 * to offsets in the original Dockerfile text.
 */

/** One instruction: the spans of the original text it is made of. */
export interface LogicalLine {
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

/** The instruction's text with continuations removed. */
export function lineText(text: string, l: LogicalLine): string {
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
export function originAt(l: LogicalLine, i: number): number {
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
export function originsOf(l: LogicalLine, from: number, to: number): number[] {
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

/** Maps [i, j) of an expanded value to a contiguous original span, or undefined. Empty ranges map to an insertion point after i-1. */
export function mapRange(
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
export function lineOfOffset(
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
