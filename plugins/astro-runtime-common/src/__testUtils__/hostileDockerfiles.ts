/*
 * Inputs built to make a parser slow or make it run out of memory, in every
 * size: each `build(bytes)` returns a text of at most `bytes` UTF-8 bytes
 * (all ASCII) of the same shape. Shared by the hostile-input tests, the CLI
 * test, and packages/bench: the fuzz run (which mutates them) and the
 * -common bench.
 */
import fc from 'fast-check';

/** @public */
export interface HostileShape {
  name: string;
  /** Which parser the text is for. */
  input: 'dockerfile' | 'freeze';
  build(bytes: number): string;
}

const IMAGE = 'quay.io/astronomer/astro-runtime';

/** Appends `line(i)` for i = 0, 1, ... while the result stays within `bytes` after adding `tail`. */
function fill(
  head: string,
  line: (i: number) => string,
  tail: string,
  bytes: number,
): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (size + l.length > bytes) break;
    parts.push(l);
    size += l.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** `ARG A0=aaaaaaaa`, then `ARG Ai=$A(i-1)$A(i-1)` for i = 1..n, then the line `from`. */
export function argDoubling(n: number, from: string): string {
  const lines = ['ARG A0=aaaaaaaa'];
  for (let i = 1; i <= n; i++) lines.push(`ARG A${i}=$A${i - 1}$A${i - 1}`);
  lines.push(from, '');
  return lines.join('\n');
}

/** The 440-byte input that once took 4.5 GB: 24 doublings of an 8-byte ARG, used by the FROM. */
export const ARG_BOMB = argDoubling(24, `FROM ${IMAGE}:$A24`);

function doublings(bytes: number, from: (last: number) => string): string {
  // Room for the FROM line (its ARG number has at most 7 digits).
  const text = fill(
    'ARG A0=aaaaaaaa\n',
    i => `ARG A${i + 1}=$A${i}$A${i}\n`,
    '',
    bytes - from(1000000).length - 1,
  );
  const last = text.split('\n').length - 2;
  return `${text}${from(last)}\n`;
}

/** @public */
export const HOSTILE_SHAPES: HostileShape[] = [
  {
    // The FROM uses the last of a chain of doubling ARGs.
    name: 'arg-bomb',
    input: 'dockerfile',
    build: bytes => doublings(bytes, last => `FROM ${IMAGE}:$A${last}`),
  },
  {
    // The same ARGs, used by nothing.
    name: 'unused-arg-bomb',
    input: 'dockerfile',
    build: bytes => doublings(bytes, () => `FROM ${IMAGE}:12.1.0`),
  },
  {
    // One ARG using another thousands of times.
    name: 'arg-fan-out',
    input: 'dockerfile',
    build: bytes =>
      fill('ARG A=aaaaaaaa\nARG B=', () => '$A', `\nFROM ${IMAGE}:$B\n`, bytes),
  },
  {
    // A parser directive followed by a long run of blanks.
    name: 'long-directive',
    input: 'dockerfile',
    build: bytes =>
      fill('# syntax=a', () => ' ', `x\nFROM ${IMAGE}:12.1.0\n`, bytes),
  },
  {
    // An unused ARG value spread over continuation lines.
    name: 'continuations',
    input: 'dockerfile',
    build: bytes =>
      fill(
        'ARG V=12.1.0 PAD=x\\\n',
        () => 'x\\\n',
        `x\nFROM ${IMAGE}:$V\n`,
        bytes,
      ),
  },
  {
    // The FROM image itself spread over continuation lines.
    name: 'continued-from',
    input: 'dockerfile',
    build: bytes =>
      fill(`FROM ${IMAGE}:12.1.0-\\\n`, () => 'a\\\n', 'a\n', bytes),
  },
  {
    // Every stage based on the one before.
    name: 'stage-chain',
    input: 'dockerfile',
    build: bytes =>
      fill(
        `FROM ${IMAGE}:12.1.0 AS s0\n`,
        i => `FROM s${i} AS s${i + 1}\n`,
        '',
        bytes,
      ),
  },
  {
    // ${a:-${a:-${a:-...}}}
    name: 'deep-nesting',
    input: 'dockerfile',
    build: bytes => {
      const n = Math.max(1, Math.floor((bytes - IMAGE.length - 16) / 6));
      return `FROM ${IMAGE}:${'${a:-'.repeat(n)}1${'}'.repeat(n)}\n`;
    },
  },
  {
    // A freeze file whose first line is a long run of `#` (CRLF line ends).
    name: 'freeze-hashes',
    input: 'freeze',
    build: bytes =>
      fill(
        '',
        () => '#',
        '\r\napache-airflow-providers-amazon==9.0.0\r\n',
        bytes,
      ),
  },
];

/** A shape by name (throws for an unknown one). */
export function hostileShape(name: string): HostileShape {
  const s = HOSTILE_SHAPES.find(x => x.name === name);
  if (!s) throw new Error(`no hostile shape ${name}`);
  return s;
}

/**
 * Hostile inputs for the fuzz run: a shape at a random size (mostly small, now
 * and then 64 KiB), then mutated: characters replaced, inserted or deleted at
 * random places, two shapes spliced, or the text cut.
 */
export const hostileInputArb: fc.Arbitrary<{
  input: 'dockerfile' | 'freeze';
  text: string;
}> = fc
  .record({
    shape: fc.constantFrom(...HOSTILE_SHAPES),
    other: fc.constantFrom(...HOSTILE_SHAPES),
    bytes: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 16, max: 2048 }) },
      { weight: 2, arbitrary: fc.integer({ min: 2048, max: 16384 }) },
      { weight: 1, arbitrary: fc.constant(65536) },
    ),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('replace', 'insert', 'delete', 'splice', 'cut'),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        text: fc.constantFrom(
          '$',
          '${',
          '}',
          ':-',
          ':+',
          ':?',
          '\\\n',
          '`\n',
          '\n',
          '\r',
          '#',
          ' ',
          '\t',
          '"',
          "'",
          '=',
          'AS ',
          'FROM ',
          'ARG ',
          '# escape=`\n',
          '<<EOF\n',
          '\u2028',
          'é',
        ),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ shape, other, bytes, edits }) => {
    let text = shape.build(bytes);
    for (const e of edits) {
      const at = Math.floor(e.at * text.length);
      switch (e.kind) {
        case 'replace':
          text = text.slice(0, at) + e.text + text.slice(at + e.text.length);
          break;
        case 'insert':
          text = text.slice(0, at) + e.text + text.slice(at);
          break;
        case 'delete':
          text = text.slice(0, at) + text.slice(at + 1 + (at % 7));
          break;
        case 'splice':
          text = text.slice(0, at) + other.build(Math.min(bytes, 4096));
          break;
        default:
          text = text.slice(0, at);
      }
    }
    return { input: shape.input, text };
  });
