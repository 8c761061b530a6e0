import fc from 'fast-check';
import {
  MAX_DOCKERFILE_BYTES,
  MAX_EXPANDED_ARG_BYTES,
  MAX_SUBSTITUTION_DEPTH,
  analyzeDockerfile,
  matchDirective,
  parseDockerfile,
} from '.';
import { AstroRuntimeError } from '../errors';
import { parseProviderFreeze } from '../providers';
import {
  ARG_BOMB,
  HOSTILE_SHAPES,
  argDoubling,
  hostileShape,
} from '../__testUtils__/hostileDockerfiles';

const IMAGE = 'quay.io/astronomer/astro-runtime';

function errorOf(fn: () => unknown): AstroRuntimeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AstroRuntimeError) return e;
    throw e;
  }
  throw new Error('expected an AstroRuntimeError');
}

function runtimeVersion(text: string): string | undefined {
  const base = parseDockerfile(text);
  return base.kind === 'astro' ? base.runtime.version : undefined;
}

jest.setTimeout(60_000);

function build(name: string, bytes: number): string {
  const text = hostileShape(name).build(bytes);
  expect(text.length).toBeLessThanOrEqual(bytes);
  expect(text.length).toBeGreaterThan(bytes - 64);
  return text;
}

/**
 * Checks what a shape must give, at any size from 64 KiB up: a typed error
 * or the right base.
 */
function expectOutcome(name: string, text: string): void {
  switch (name) {
    case 'arg-bomb': {
      const e = errorOf(() => parseDockerfile(text));
      expect(e.code).toBe('TOO_LARGE');
      // A0 is 8 bytes, A13 64 KiB: A14 is the first too large.
      expect(e.message).toContain('ARG A14 expands to more than 64 KiB');
      expect(e.line).toBe(15);
      break;
    }
    case 'unused-arg-bomb':
      expect(runtimeVersion(text)).toBe('12.1.0');
      break;
    case 'arg-fan-out': {
      const e = errorOf(() => parseDockerfile(text));
      expect(e.code).toBe('TOO_LARGE');
      expect(e.message).toContain('ARG B expands to more than 64 KiB');
      break;
    }
    case 'long-directive':
      expect(runtimeVersion(text)).toBe('12.1.0');
      expect(parseDockerfile(text).from.line).toBe(2);
      break;
    case 'continuations': {
      const base = parseDockerfile(text);
      expect(base.kind === 'astro' && base.runtime.version).toBe('12.1.0');
      const span = base.kind === 'astro' ? base.versionSpan : undefined;
      expect(span && text.slice(span.start, span.end)).toBe('12.1.0');
      expect(span?.line).toBe(1);
      expect(base.kind === 'astro' && base.arg?.name).toBe('V');
      expect(base.from.line).toBe(text.split('\n').length - 1);
      break;
    }
    case 'continued-from': {
      const e = errorOf(() => parseDockerfile(text));
      const tag = text.length - `FROM ${IMAGE}:`.length;
      // A tag longer than 128 characters; past 64 KiB refused before it is built.
      expect(e.code).toBe(
        tag / 3 > MAX_EXPANDED_ARG_BYTES ? 'TOO_LARGE' : 'INVALID_REFERENCE',
      );
      expect(e.message.length).toBeLessThan(400);
      break;
    }
    case 'stage-chain': {
      const base = parseDockerfile(text);
      expect(base.kind === 'astro' && base.runtime.version).toBe('12.1.0');
      expect(base.from.line).toBe(1);
      expect(base.stages).toBe(text.split('\n').length - 1);
      break;
    }
    case 'deep-nesting': {
      const e = errorOf(() => parseDockerfile(text));
      expect(e.code).toBe('INVALID_DOCKERFILE');
      expect(e.message).toContain(`nested more than ${MAX_SUBSTITUTION_DEPTH}`);
      break;
    }
    case 'freeze-hashes':
      expect(parseProviderFreeze(text)).toEqual([
        { name: 'apache-airflow-providers-amazon', version: '9.0.0' },
      ]);
      break;
    default:
      throw new Error(`no expected outcome for ${name}`);
  }
}

describe('hostile inputs', () => {
  it('the 440-byte ARG doubling bomb is refused, naming the ARG', () => {
    expect(ARG_BOMB.length).toBeLessThan(450);
    expectOutcome('arg-bomb', ARG_BOMB);
  });

  it('an ARG up to 64 KiB is expanded; one byte more is refused', () => {
    // A13 is exactly 8 * 2^13 = 64 KiB.
    const ok = argDoubling(13, `FROM ${IMAGE}:\${A13:+12.1.0}`);
    expect(runtimeVersion(ok)).toBe('12.1.0');
    const over = `${argDoubling(
      13,
      'ARG B=${A13}x',
    )}FROM ${IMAGE}:\${B:+12.1.0}\n`;
    const e2 = errorOf(() => parseDockerfile(over));
    expect(e2.code).toBe('TOO_LARGE');
    expect(e2.message).toContain('ARG B');
  });

  it('counts UTF-8 bytes, not characters, against the cap', () => {
    const e = `ARG E=${'é'.repeat(MAX_EXPANDED_ARG_BYTES / 2)}`;
    const fits = `${e}\nFROM ${IMAGE}:\${E:+12.1.0}\n`;
    expect(runtimeVersion(fits)).toBe('12.1.0');
    const over = `${e}\nARG F=\${E}x\nFROM ${IMAGE}:\${F:+12.1.0}\n`;
    expect(errorOf(() => parseDockerfile(over)).message).toContain('ARG F');
  });

  it('only the ARGs the final chain uses are expanded (others may be huge or invalid)', () => {
    const text = argDoubling(
      24,
      [
        'ARG V=12.1.0',
        'ARG X=${U:?needs-U}',
        'FROM alpine:$A24 AS unused',
        `FROM ${IMAGE}:$V`,
      ].join('\n'),
    );
    expect(runtimeVersion(text)).toBe('12.1.0');
    // The same `:?` ARG is an error once used.
    const used = text.replace(`${IMAGE}:$V`, `${IMAGE}:$V$X`);
    expect(errorOf(() => parseDockerfile(used)).code).toBe('UNRESOLVED_ARG');
  });

  it('ARG definitions still see the values in effect where they are written', () => {
    const text =
      'ARG V=12.1.0\nARG W=$V\nARG V=9.9.9\nARG X=${W}\nFROM quay.io/astronomer/astro-runtime:$X\n';
    const base = parseDockerfile(text);
    expect(base.kind === 'astro' && base.runtime.version).toBe('12.1.0');
    expect(base.kind === 'astro' && base.arg?.name).toBe('V');
    const a = analyzeDockerfile(text);
    expect(a.imageText).toBe(`${IMAGE}:12.1.0`);
  });

  it('a chain of 40,000 ARGs each using the one before is expanded without recursion', () => {
    const lines = ['ARG A0=12.1.0'];
    for (let i = 1; i < 40000; i++) lines.push(`ARG A${i}=$A${i - 1}`);
    lines.push(`FROM ${IMAGE}:$A39999`, '');
    const text = lines.join('\n');
    const base = parseDockerfile(text);
    expect(base.kind === 'astro' && base.runtime.version).toBe('12.1.0');
    expect(base.kind === 'astro' && base.arg?.name).toBe('A0');
    const span = base.kind === 'astro' ? base.versionSpan : undefined;
    expect(span && text.slice(span.start, span.end)).toBe('12.1.0');
  });

  it('discarded ${VAR:-word} words count towards the total expansion budget', () => {
    // 40 KiB ARG, used in a discarded default 400 times: 16 MiB of work.
    const text = `ARG S=x\nARG BIG=${'b'.repeat(
      40 * 1024,
    )}\nFROM ${IMAGE}:${'${S:-$BIG}'.repeat(400)}12.1.0\n`;
    const e = errorOf(() => parseDockerfile(text));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('in total');
  });

  it(`\${...} nested ${MAX_SUBSTITUTION_DEPTH} deep is fine; deeper is a typed error`, () => {
    const nest = (n: number) =>
      `FROM ${IMAGE}:${'${a:-'.repeat(n)}12.1.0${'}'.repeat(n)}\n`;
    const base = parseDockerfile(nest(MAX_SUBSTITUTION_DEPTH));
    expect(base.kind === 'astro' && base.runtime.version).toBe('12.1.0');
    const e = errorOf(() => parseDockerfile(nest(MAX_SUBSTITUTION_DEPTH + 1)));
    expect(e.code).toBe('INVALID_DOCKERFILE');
    expect(e.line).toBe(1);
    // In an ARG too, and with 100,000 levels: never a stack overflow.
    const deep = `ARG X=${'${a:-'.repeat(100000)}${'}'.repeat(
      100000,
    )}\nFROM ${IMAGE}:12.1.0\n`;
    expect(errorOf(() => parseDockerfile(deep)).code).toBe(
      'INVALID_DOCKERFILE',
    );
  });

  it('long messages are cut', () => {
    const word = `\${${'X'.repeat(100000)}}`;
    const e = errorOf(() => parseDockerfile(`FROM ${word}\n`));
    expect(e.code).toBe('UNRESOLVED_ARG');
    expect(e.message.length).toBeLessThan(400);
  });

  it.each(HOSTILE_SHAPES.map(s => [s.name, s] as const))(
    '%s: 64 KiB',
    (name, _shape) => {
      expect.hasAssertions();
      expectOutcome(name, build(name, 64 * 1024));
    },
  );

  it.each(HOSTILE_SHAPES.map(s => [s.name, s] as const))(
    '%s: 1 MiB (the Dockerfile size limit)',
    (name, _shape) => {
      expect.hasAssertions();
      expectOutcome(name, build(name, MAX_DOCKERFILE_BYTES));
    },
  );

  it('a 100,000-line continuation and a 20,000-stage chain give the right answer', () => {
    const cont = `ARG V=12.1.0 PAD=x\\\n${'x\\\n'.repeat(
      100000,
    )}x\nFROM ${IMAGE}:$V\n`;
    expect(cont.split('\n').length).toBe(100004);
    expectOutcome('continuations', cont);
    let chain = `FROM ${IMAGE}:12.1.0 AS s0\n`;
    for (let i = 0; i < 20000; i++) chain += `FROM s${i} AS s${i + 1}\n`;
    expectOutcome('stage-chain', chain);
  });
});

/*
 * Doubling the input at most roughly doubles the time. CPU time of a batch
 * of calls, the best of several batches, so a loaded machine does not make
 * it flaky; sizes of 128 and 256 KiB keep every batch well above the timer's
 * resolution. A quadratic parser scores about 4.
 */
describe('hostile inputs: linear time', () => {
  function cpuMs(fn: () => void, reps: number): number {
    const start = process.cpuUsage();
    for (let i = 0; i < reps; i++) fn();
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  }
  function run(shape: (typeof HOSTILE_SHAPES)[number], text: string) {
    return () => {
      try {
        if (shape.input === 'freeze') parseProviderFreeze(text);
        else parseDockerfile(text);
      } catch (e) {
        if (!(e instanceof AstroRuntimeError)) throw e;
      }
    };
  }

  it.each(HOSTILE_SHAPES.map(s => [s.name, s] as const))(
    '%s: time(256 KiB) / time(128 KiB) <= 2.5',
    (_name, shape) => {
      const small = run(shape, shape.build(128 * 1024));
      const large = run(shape, shape.build(256 * 1024));
      // Warm up until the JIT has settled: at least 10 runs each, up to 1 s.
      const warm = process.cpuUsage();
      for (let w = 0; w < 200; w++) {
        small();
        large();
        const used = process.cpuUsage(warm);
        if (w >= 10 && used.user + used.system > 1_000_000) break;
      }
      // Batches of at least ~30 ms for the small input.
      const best3 = (reps: number) =>
        Math.min(cpuMs(small, reps), cpuMs(small, reps), cpuMs(small, reps));
      let reps = 1;
      while (reps < 65536 && best3(reps) < 30) reps *= 2;
      // Up to three attempts of five interleaved batches each: a busy machine
      // (garbage collection, other processes) can spoil one attempt, but a
      // quadratic parser scores about 4 in every one.
      let ratio = Infinity;
      for (let attempt = 0; attempt < 3 && ratio > 2.5; attempt++) {
        let ts = Infinity;
        let tl = Infinity;
        for (let k = 0; k < 5; k++) {
          ts = Math.min(ts, cpuMs(small, reps));
          tl = Math.min(tl, cpuMs(large, reps));
        }
        ratio = Math.min(ratio, tl / ts);
      }
      expect(ratio).toBeLessThanOrEqual(2.5);
    },
  );
});

/** The pattern the directive matcher replaced, as the oracle of a property test. */
const DIRECTIVE_RE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;

describe('matchDirective', () => {
  it('agrees with the directive pattern on every short line', () => {
    fc.assert(
      fc.property(
        fc
          .array(
            fc.constantFrom(
              ' ',
              '\t',
              '=',
              'a',
              'Z',
              '9',
              'syntax',
              'escape',
              '`',
              '\\',
              '\r',
              '\u2028',
              '\u2029',
              '\v',
              '#',
              'é',
              '-',
            ),
            { maxLength: 12 },
          )
          .map(parts => `#${parts.join('')}`),
        line => {
          const m = DIRECTIVE_RE.exec(line);
          expect(matchDirective(line, 0, line.length)).toEqual(
            m ? [m[1], m[2]] : undefined,
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads a directive inside a larger text by offsets', () => {
    const text = 'xx#  escape =  `  \nFROM a';
    expect(matchDirective(text, 2, text.indexOf('\n'))).toEqual([
      'escape',
      '`',
    ]);
  });
});
