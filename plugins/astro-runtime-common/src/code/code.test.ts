import fc from 'fast-check';
import {
  isCodePath,
  isSkippedFolder,
  normalizeCodePath,
  selectCodeFiles,
} from './files';
import { applySafeFixes, fixProjectFile, fixSource } from './fix';
import { renderCodeChecklist, renderCodeFindingsText } from './render';
import { CODE_RULES, codeRuleForName, codeSeverity } from './rules';
import { fixApplicability, scanFile, scanProjectCode } from './scan';
import {
  codePointColumn,
  decodePythonSource,
  encodePythonSource,
  lineStarts,
  offsetOf,
} from './text';
import type { LintDiagnostic, LintEngine, LintEdit } from './types';

const enc = (t: string) => new TextEncoder().encode(t);
const pos = (row: number, column: number) => ({ row, column });
const edit = (
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  content: string | null,
): LintEdit => ({ start: pos(r1, c1), end: pos(r2, c2), content });

/** A fake engine: flags every `old_name` (safe rename fix) and every `Moved` (unsafe import move). */
function fakeEngine(): LintEngine & { calls: number } {
  const engine = {
    name: 'fake',
    version: '1',
    calls: 0,
    check(source: string): LintDiagnostic[] {
      engine.calls++;
      const out: LintDiagnostic[] = [];
      const starts = lineStarts(source);
      if (source.includes('def (')) {
        return [
          {
            name: 'invalid-syntax',
            message: 'Expected an identifier',
            help: null,
            start: pos(1, 5),
            end: pos(1, 6),
            fix: null,
          },
          {
            name: 'invalid-syntax',
            message: 'Expected `)`',
            help: null,
            start: pos(1, 7),
            end: pos(2, 1),
            fix: null,
          },
        ];
      }
      for (const [re, kind] of [
        [/old_name/g, 'rename'],
        [/Moved/g, 'move'],
      ] as const) {
        for (const m of source.matchAll(re)) {
          const row = starts.filter(s => s <= m.index!).length;
          const col = m.index! - starts[row - 1] + 1;
          const start = pos(row, col);
          const end = pos(row, col + m[0].length);
          out.push(
            kind === 'rename'
              ? {
                  name: 'airflow3-removal',
                  message: '`old_name` is removed in Airflow 3.0',
                  help: 'Use `new_name` instead',
                  start,
                  end,
                  fix: {
                    message: 'Use `new_name` instead',
                    edits: [{ start, end, content: 'new_name' }],
                  },
                }
              : {
                  name: 'airflow3-suggested-to-move-to-provider',
                  message: '`Moved` is moved',
                  help: null,
                  start,
                  end,
                  fix: {
                    message: 'import it from the provider',
                    edits: [
                      edit(1, 1, 2, 1, null),
                      edit(1, 1, 1, 1, 'from provider import Moved\n'),
                    ],
                  },
                },
          );
        }
      }
      return out;
    },
  };
  return engine;
}

describe('rules table', () => {
  it.each([
    ['airflow3-removal', 'AIR301', 'blocking'],
    ['airflow3-moved-to-provider', 'AIR302', 'blocking'],
    ['airflow3-incompatible-function-signature', 'AIR303', 'blocking'],
    ['airflow3-dag-dynamic-value', 'AIR304', 'advice'],
    ['airflow3-suggested-update', 'AIR311', 'advice'],
    ['airflow3-suggested-to-move-to-provider', 'AIR312', 'advice'],
    ['airflow31-moved', 'AIR321', 'advice'],
    ['airflow3-something-new', 'airflow3-something-new', 'advice'],
  ])('%s is %s (%s)', (name, code, severity) => {
    expect(codeRuleForName(name)).toMatchObject({ code, severity });
    expect(codeSeverity(code)).toBe(severity);
  });

  it('has unique names and codes', () => {
    expect(new Set(CODE_RULES.map(r => r.name)).size).toBe(CODE_RULES.length);
    expect(new Set(CODE_RULES.map(r => r.code)).size).toBe(CODE_RULES.length);
  });
});

describe('file selection', () => {
  it.each([
    ['dags/etl.py', true],
    ['etl.py', true],
    ['include/sql/helpers.py', true],
    ['plugins/p/__init__.py', true],
    ['dags/etl.pyc', false],
    ['dags/README.md', false],
    ['.astro/config.py', false],
    ['dags/.ipynb_checkpoints/x.py', false],
    ['dags/__pycache__/etl.py', false],
    ['venv/lib/x.py', false],
    ['.venv/lib/x.py', false],
    ['env/lib/python3.11/site-packages/airflow/x.py', false],
    ['node_modules/x/y.py', false],
  ])('%s -> %s', (p, scanned) => {
    expect(isCodePath(p)).toBe(scanned);
  });

  it.each([
    ['dags', false],
    ['include', false],
    ['env', false],
    ['.git', true],
    ['.venv', true],
    ['__pycache__', true],
    ['__pypackages__', true],
    ['site-packages', true],
    ['node_modules', true],
    ['venv', true],
    ['virtualenv', true],
  ])('folder %s skipped -> %s', (name, skipped) => {
    expect(isSkippedFolder(name)).toBe(skipped);
  });

  it.each(['/etc/passwd.py', '../x.py', 'dags/../../x.py', 'C:/x.py', ''])(
    'rejects the path %j',
    p => {
      expect(() => normalizeCodePath(p)).toThrow(
        /relative to the project|non-empty/,
      );
      expect(() => normalizeCodePath(p)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    },
  );

  it('skips folders holding a pyvenv.cfg, files over 1 MiB, and files past the limit', () => {
    const { scan, skipped } = selectCodeFiles(
      [
        { path: 'dags/b.py', size: 10 },
        { path: './dags/a.py', size: 10 },
        { path: 'dags\\a.py', size: 10 },
        { path: 'tools/pyenv/pyvenv.cfg', size: 10 },
        { path: 'tools/pyenv/bin/activate_this.py', size: 10 },
        { path: 'dags/huge.py', size: 1024 * 1024 + 1 },
        { path: 'dags/edge.py', size: 1024 * 1024 },
        { path: 'dags/c.py', size: 10 },
      ],
      { maxFiles: 3 },
    );
    expect(scan.map(e => e.path)).toEqual([
      'dags/a.py',
      'dags/b.py',
      'dags/c.py',
    ]);
    expect(skipped).toEqual([
      { file: 'dags/edge.py', reason: 'too-many-files', bytes: 1024 * 1024 },
      { file: 'dags/huge.py', reason: 'too-large', bytes: 1024 * 1024 + 1 },
    ]);
  });

  it('rejects a negative size', () => {
    expect(() => selectCodeFiles([{ path: 'a.py', size: -1 }])).toThrow(
      /non-negative/,
    );
  });
});

describe('decoding', () => {
  it.each([
    ['plain UTF-8', enc('x = "é"\n'), 'utf-8', 'x = "é"\n'],
    [
      'Latin-1 declared',
      Uint8Array.from([...enc('# -*- coding: latin-1 -*-\nx = "'), 0xe9, 0x22]),
      'latin-1',
      '# -*- coding: latin-1 -*-\nx = "é"',
    ],
    [
      'declaration on line 2 after a shebang',
      Uint8Array.from([
        ...enc('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\n'),
        0xfc,
      ]),
      'latin-1',
      '#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nü',
    ],
    [
      'unknown encoding with ASCII bytes',
      enc('# coding: cp1252\nx = 1\n'),
      'ascii',
      '# coding: cp1252\nx = 1\n',
    ],
  ])('%s', (_, bytes, encoding, text) => {
    const d = decodePythonSource(bytes);
    expect(d).toMatchObject({ ok: true, encoding, text });
    const back = d.ok
      ? encodePythonSource(d.text, d.encoding, d.bom)
      : undefined;
    expect(back).toEqual(bytes);
  });

  it.each([
    [
      'invalid UTF-8',
      Uint8Array.from([...enc('a = 1\nb = "'), 0xe9, 0x22]),
      2,
      /not valid UTF-8/,
    ],
    [
      'truncated UTF-8',
      Uint8Array.from([...enc('x = "'), 0xc3]),
      1,
      /not valid UTF-8/,
    ],
    ['overlong UTF-8', Uint8Array.from([0xc0, 0x80]), 1, /not valid UTF-8/],
    [
      'unknown encoding, non-ASCII',
      Uint8Array.from([...enc('# coding: cp1252\n'), 0x80]),
      1,
      /cp1252/,
    ],
    [
      'ASCII declared, non-ASCII',
      Uint8Array.from([...enc('# coding: ascii\r\n\r\n'), 0xe9]),
      3,
      /not ASCII/,
    ],
    [
      'BOM and Latin-1',
      Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('# coding: latin-1\n')]),
      1,
      /byte order mark/,
    ],
  ])('%s is undecodable', (_, bytes, line, reason) => {
    const d = decodePythonSource(bytes);
    expect(d).toMatchObject({ ok: false, line });
    expect(!d.ok && d.reason).toMatch(reason);
  });

  it('refuses to encode what the encoding cannot hold', () => {
    expect(encodePythonSource('€', 'latin-1', false)).toBeUndefined();
    expect(encodePythonSource('é', 'ascii', false)).toBeUndefined();
  });
});

describe('decoding, property-based', () => {
  /** Bytes that are mostly ASCII with now and then a lead, continuation or invalid byte. */
  const bytes = fc
    .uint8Array({ maxLength: 64 })
    .map(a => a.map(b => (b < 160 ? b & 0x7f : b)));

  it('is undecodable exactly when the strict UTF-8 decoder refuses the bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(bytes, b => {
        let valid = true;
        try {
          strict.decode(b);
        } catch {
          valid = false;
        }
        const d = decodePythonSource(b);
        expect(d.ok).toBe(valid);
        // an undecodable file says which byte, not a generic failure
        const reason = d.ok ? 'byte 0x00 is not valid UTF-8' : d.reason;
        expect(reason).toMatch(/^byte 0x[0-9a-f]+ is not valid UTF-8/);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Line starts, one character at a time (the reference for the fast path). */
function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

describe('lineStarts, property-based', () => {
  it('agrees with a character-by-character reference, with and without \\r', () => {
    const text = fc
      .array(fc.constantFrom('a', 'é', '😀', ' ', '\n', '\r', '\r\n'), {
        maxLength: 40,
      })
      .map(parts => parts.join(''));
    fc.assert(
      fc.property(text, t => {
        expect(lineStarts(t)).toEqual(referenceLineStarts(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('positions', () => {
  const text = 'a\r\nbé😀c\rd\n';
  const starts = lineStarts(text);
  it.each([
    [pos(1, 1), 0],
    [pos(2, 1), 3],
    [pos(2, 5), 7],
    [pos(3, 1), 9],
    [pos(4, 1), 11],
    [pos(5, 1), undefined],
    [pos(2, 9), undefined],
    [pos(0, 1), undefined],
  ])('%j -> %s', (p, offset) => {
    expect(offsetOf(text, starts, p)).toBe(offset);
  });

  it('counts code points for columns', () => {
    expect(codePointColumn(text, starts, pos(2, 5))).toBe(4);
  });
});

describe('fix applicability', () => {
  const at = { start: pos(3, 5), end: pos(3, 10) };
  it.each([
    ['no fix', null, null],
    ['a rename of the flagged code', [edit(3, 5, 3, 10, 'x')], 'safe'],
    ['a deletion of the whole line', [edit(3, 1, 4, 1, null)], 'safe'],
    [
      'an import plus the replacement',
      [edit(1, 1, 1, 1, 'import x\n'), edit(3, 5, 3, 10, 'x')],
      'safe',
    ],
    [
      'removing and re-adding an import',
      [edit(1, 1, 2, 1, null), edit(2, 1, 2, 1, 'from y import x\n')],
      'unsafe',
    ],
    ['one edit elsewhere', [edit(1, 1, 1, 3, 'x')], 'unsafe'],
    [
      'an insertion at the flagged spot',
      [edit(3, 5, 3, 5, 'x'), edit(1, 1, 1, 1, 'y')],
      'unsafe',
    ],
  ])('%s -> %s', (_, edits, expected) => {
    expect(
      fixApplicability({ ...at, fix: edits ? { message: 'm', edits } : null }),
    ).toBe(expected);
  });
});

describe('scan', () => {
  it('sums up a project', () => {
    const engine = fakeEngine();
    const code = scanProjectCode(
      [
        { path: 'dags/b.py', bytes: enc('old_name\nMoved\n') },
        { path: 'dags/a.py', bytes: enc('x = old_name\n') },
        { path: 'dags/broken.py', bytes: enc('def (x:\n') },
        { path: 'dags/latin.py', bytes: Uint8Array.from([0x78, 0x3d, 0xe9]) },
        { path: 'README.md', bytes: enc('old_name') },
        { path: 'dags/big.py', bytes: new Uint8Array(1024 * 1024 + 1) },
      ],
      engine,
    );
    expect(
      code.findings.map(f => `${f.file}:${f.line}:${f.column} ${f.rule}`),
    ).toEqual([
      'dags/a.py:1:5 AIR301',
      'dags/b.py:1:1 AIR301',
      'dags/b.py:2:1 AIR312',
      'dags/broken.py:1:5 syntax-error',
      'dags/latin.py:1:1 syntax-error',
    ]);
    expect(code.totals).toEqual({ AIR301: 2, 'syntax-error': 2, AIR312: 1 });
    expect(Object.keys(code.totals)).toEqual([
      'AIR301',
      'syntax-error',
      'AIR312',
    ]);
    expect(code).toMatchObject({
      engine: { name: 'fake', version: '1' },
      blocking: 4,
      advice: 1,
      fixable: 2,
      fixableFiles: 2,
      scanned: { files: 4, bytes: 15 + 13 + 8 + 3 },
      skipped: [
        { file: 'dags/big.py', reason: 'too-large', bytes: 1024 * 1024 + 1 },
      ],
    });
    expect(code.findings[3].message).toBe(
      'SyntaxError: Expected an identifier (and 1 more syntax error)',
    );
    expect(code.findings[2].fix).toEqual({
      applicability: 'unsafe',
      message: 'import it from the provider',
    });
    expect(engine.calls).toBe(3);
  });

  it('turns an engine failure into a scan-error finding', () => {
    const engine: LintEngine = {
      name: 'fake',
      version: '1',
      check() {
        throw new Error('RuntimeError: unreachable\n  at wasm');
      },
    };
    expect(
      scanFile({ path: 'a.py', bytes: enc('x') }, engine).findings,
    ).toMatchObject([
      {
        rule: 'scan-error',
        severity: 'advice',
        message: 'fake failed on this file: RuntimeError: unreachable at wasm',
      },
    ]);
  });

  it.each([
    ['one line already', 'a `b` c', 'a `b` c'],
    ['a new line', 'a\n  b', 'a b'],
    ['tabs and a double space', '\ta\t\tb  c', 'a b c'],
    ['leading and trailing spaces', ' a b ', 'a b'],
    ['a non-breaking space', 'a\u00a0b', 'a b'],
    ['only spaces', '  ', ''],
  ])('puts a message on one line: %s', (_, raw, message) => {
    const engine: LintEngine = {
      name: 'fake',
      version: '1',
      check: () => [
        {
          name: 'airflow3-removal',
          message: raw,
          help: raw,
          start: pos(1, 1),
          end: pos(1, 2),
          fix: null,
        },
      ],
    };
    expect(
      scanFile({ path: 'a.py', bytes: enc('x\n') }, engine).findings,
    ).toMatchObject([{ rule: 'AIR301', message, help: message }]);
  });

  it('rejects files that are not bytes', () => {
    expect(() =>
      scanProjectCode([{ path: 'a.py', bytes: 'x' as never }], fakeEngine()),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => scanProjectCode('x' as never, fakeEngine())).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('fixes', () => {
  it('applies safe fixes, skips overlapping ones and applies a shared edit once', () => {
    const d = (
      start: number,
      end: number,
      edits: LintEdit[],
    ): LintDiagnostic => ({
      name: 'airflow3-removal',
      message: 'm',
      help: null,
      start: pos(2, start),
      end: pos(2, end),
      fix: { message: null, edits },
    });
    const text = 'import a\nxx yy zz\n';
    const imp = edit(1, 1, 1, 1, 'import b\n');
    const { text: out, applied } = applySafeFixes(text, [
      d(1, 3, [imp, edit(2, 1, 2, 3, 'XX')]),
      d(4, 6, [imp, edit(2, 4, 2, 6, 'YY')]),
      d(1, 6, [edit(2, 1, 2, 6, 'overlap')]),
      d(7, 9, [edit(2, 7, 2, 9, 'ZZ')]),
      d(7, 9, [edit(1, 1, 2, 1, null), edit(3, 1, 3, 1, 'unsafe')]),
      d(1, 3, [edit(9, 1, 9, 2, 'outside')]),
    ]);
    expect(out).toBe('import b\nimport a\nXX YY ZZ\n');
    expect(applied).toHaveLength(3);
    // Fixes starting at the same place apply in the engine's order: here the
    // YY fix takes the shared import first, so XX (before YY) waits a round.
    const swapped = applySafeFixes(text, [
      d(4, 6, [imp, edit(2, 4, 2, 6, 'YY')]),
      d(1, 3, [imp, edit(2, 1, 2, 3, 'XX')]),
    ]);
    expect(swapped.text).toBe('import b\nimport a\nxx YY zz\n');
  });

  it('repeats until nothing is left and keeps unsafe fixes out', () => {
    const engine = fakeEngine();
    const r = fixSource('old_name\r\nMoved\r\nold_name', engine);
    expect(r).toMatchObject({
      text: 'new_name\r\nMoved\r\nnew_name',
      changed: true,
      applied: [
        { rule: 'AIR301', line: 1 },
        { rule: 'AIR301', line: 3 },
      ],
    });
    expect(r.remaining.map(x => x.name)).toEqual([
      'airflow3-suggested-to-move-to-provider',
    ]);
  });

  it('drops a round that would break the syntax', () => {
    const engine = fakeEngine();
    const r = fixSource('def f(old_name):\n', {
      ...engine,
      check: s => engine.check(s.replace('new_name', 'def (')),
    });
    expect(r.changed).toBe(false);
    expect(r.stopped).toMatch(/syntax error/);
  });

  it('stops after the iteration limit', () => {
    let n = 0;
    const looping: LintEngine = {
      name: 'loop',
      version: '1',
      check: () => [
        {
          name: 'airflow3-removal',
          message: 'm',
          help: null,
          start: pos(1, 1),
          end: pos(1, 2),
          fix: { message: null, edits: [edit(1, 1, 1, 2, String(++n % 10))] },
        },
      ],
    };
    expect(fixSource('x', looping, 5).stopped).toMatch(/5 rounds/);
  });

  it('keeps Latin-1 bytes and reports undecodable files', () => {
    const bytes = Uint8Array.from([
      ...enc('# coding: latin-1\n# '),
      0xe9,
      ...enc('\nold_name\n'),
    ]);
    const r = fixProjectFile({ path: 'a.py', bytes }, fakeEngine());
    expect(r.changed).toBe(true);
    expect([...r.bytes]).toEqual([
      ...enc('# coding: latin-1\n# '),
      0xe9,
      ...enc('\nnew_name\n'),
    ]);
    const bad = fixProjectFile(
      { path: 'b.py', bytes: Uint8Array.from([0xff]) },
      fakeEngine(),
    );
    expect(bad).toMatchObject({
      changed: false,
      note: expect.stringMatching(/cannot decode/),
    });
    expect(bad.bytes).toBe(bad.bytes);
  });

  it('leaves a file whose fix the encoding cannot hold', () => {
    const engine = fakeEngine();
    const euro: LintEngine = {
      ...engine,
      check: s =>
        engine.check(s).map(d => ({
          ...d,
          fix: d.fix && {
            ...d.fix,
            edits: d.fix.edits.map(e => ({ ...e, content: '€' })),
          },
        })),
    };
    const bytes = enc('# coding: latin-1\nold_name\n');
    const r = fixProjectFile({ path: 'a.py', bytes }, euro);
    expect(r).toMatchObject({
      changed: false,
      note: expect.stringMatching(/latin-1 cannot hold/),
    });
    expect(r.bytes).toEqual(bytes);
  });
});

describe('rendering', () => {
  const code = scanProjectCode(
    [
      { path: 'dags/b.py', bytes: enc('old_name\nMoved\n') },
      { path: 'dags/a <x>.py', bytes: enc('Moved @team\n') },
    ],
    fakeEngine(),
  );

  it('prints findings grouped by file', () => {
    const text = renderCodeFindingsText(code);
    expect(text).toBe(
      [
        'Code (fake 1, Airflow 3 rules): 3 findings in 2 of 2 files: 1 blocking, 2 advice; 1 can be fixed automatically',
        '  AIR301 ×1 (blocking), AIR312 ×2 (advice)',
        'dags/a <x>.py:',
        '  1:1 AIR312 [unsafe fix] `Moved` is moved',
        'dags/b.py:',
        '  1:1 AIR301 [fixable] `old_name` is removed in Airflow 3.0',
        '      Use `new_name` instead',
        '  2:1 AIR312 [unsafe fix] `Moved` is moved',
        '',
      ].join('\n'),
    );
  });

  it('renders a PR checklist, blocking first, escaped, with links and a limit', () => {
    const md = renderCodeChecklist(code.findings, {
      link: f =>
        f.file === 'dags/b.py'
          ? `https://scm/b.py#L${f.line}`
          : 'ftp://scm/a.py',
    });
    expect(md).toBe(
      [
        '- [ ] [`dags/b.py:1`](https://scm/b.py#L1) AIR301 (blocking): `old_name` is removed in Airflow 3.0',
        '- [ ] `dags/a <x>.py:1` AIR312: `Moved` is moved',
        '- [ ] [`dags/b.py:2`](https://scm/b.py#L2) AIR312: `Moved` is moved',
        '',
      ].join('\n'),
    );
    expect(renderCodeChecklist(code.findings, { limit: 1 })).toMatch(
      /AIR301 \(blocking\).*\n- … and 2 more\n$/,
    );
    expect(renderCodeChecklist([])).toBe('');
  });
});
