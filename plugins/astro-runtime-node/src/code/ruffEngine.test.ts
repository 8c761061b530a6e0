import fs from 'node:fs';
import path from 'node:path';
import {
  CODE_RULES,
  LintEngine,
  fixProjectFile,
  scanFile,
  scanProjectCode,
} from '@backstage-astro/plugin-astro-runtime-common';
import { RUFF_VERSION, createRuffEngine, getRuffEngine } from './ruffEngine';
import { fixFilesTask, scanFilesTask } from './tasks';

// The first engine compiles the WebAssembly module.
jest.setTimeout(60_000);

const FIXTURES = path.join(__dirname, '__fixtures__', 'ruff');
let engine: LintEngine;

beforeAll(() => {
  engine = getRuffEngine();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const scan = (text: string, file = 'dags/x.py') =>
  scanFile({ path: file, bytes: bytes(text) }, engine).findings;

describe('createRuffEngine', () => {
  it('is the pinned ruff', () => {
    expect(engine.name).toBe('ruff');
    expect(engine.version).toBe(RUFF_VERSION);
    expect(getRuffEngine()).toBe(engine);
    expect(createRuffEngine()).not.toBe(engine);
  });

  it('rejects what is not a string', () => {
    expect(() => engine.check(42 as unknown as string)).toThrow(/string/);
  });
});

describe('findings per rule', () => {
  it.each([
    {
      rule: 'AIR301',
      severity: 'blocking',
      source:
        'from airflow import DAG\n\nDAG(dag_id="a", schedule_interval="@daily")\n',
      line: 3,
      column: 17,
      fix: 'safe',
    },
    {
      rule: 'AIR301',
      severity: 'blocking',
      source:
        'from airflow.utils.dates import days_ago\n\nstart = days_ago(1)\n',
      line: 3,
      column: 9,
      fix: null,
    },
    {
      rule: 'AIR302',
      severity: 'blocking',
      source:
        'from airflow.operators.dummy_operator import DummyOperator\n\nDummyOperator(task_id="a")\n',
      line: 3,
      column: 1,
      fix: 'safe',
    },
    {
      rule: 'AIR303',
      severity: 'blocking',
      source:
        'from airflow.lineage.hook import HookLineageCollector\n\nHookLineageCollector().create_asset("s3://b/k")\n',
      line: 3,
      column: 24,
      fix: null,
    },
    {
      rule: 'AIR311',
      severity: 'advice',
      source: 'from airflow.datasets import Dataset\n\nDataset("s3://b/k")\n',
      line: 3,
      column: 1,
      fix: 'safe',
    },
    {
      rule: 'AIR312',
      severity: 'advice',
      source:
        'from airflow.operators.bash import BashOperator\n\nBashOperator(task_id="a", bash_command="true")\n',
      line: 3,
      column: 1,
      fix: 'unsafe',
    },
  ])(
    '$rule at $line:$column',
    ({ rule, severity, source, line, column, fix }) => {
      const findings = scan(source).filter(f => f.rule === rule);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        file: 'dags/x.py',
        line,
        column,
        severity,
      });
      expect(findings[0].fix?.applicability ?? null).toBe(fix);
    },
  );

  it('counts columns in characters, as the ruff CLI', () => {
    const [f] = scan(
      'from airflow.utils.dates import days_ago\nx = "é😀"; days_ago(1)\n',
    );
    // `x = "é😀"; ` is 10 characters (11 UTF-16 units)
    expect(f).toMatchObject({ rule: 'AIR301', line: 2, column: 11 });
  });
});

describe('files that cannot be scanned', () => {
  it('turns a syntax error into one finding', () => {
    const findings = scan(
      'from airflow.utils.dates import days_ago\n\ndef f(:\n    print "x"\n',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'syntax-error',
      line: 3,
      severity: 'blocking',
      fix: null,
    });
    expect(findings[0].message).toMatch(/^SyntaxError: .+\(and \d+ more/);
  });

  it('turns an undecodable file into one finding and keeps the others', () => {
    const code = scanProjectCode(
      [
        {
          path: 'dags/bad.py',
          bytes: Uint8Array.from([0x78, 0x3d, 0xe9, 0x0a]),
        },
        {
          path: 'dags/ok.py',
          bytes: bytes(
            'from airflow import DAG\nDAG("a", schedule_interval=None)\n',
          ),
        },
      ],
      engine,
    );
    expect(code.findings.map(f => [f.file, f.rule])).toEqual([
      ['dags/bad.py', 'syntax-error'],
      ['dags/ok.py', 'AIR311'],
      ['dags/ok.py', 'AIR301'],
    ]);
    expect(code.scanned.files).toBe(2);
  });
});

describe('fixes', () => {
  const dag = [
    'from airflow import DAG',
    'from airflow.operators.dummy_operator import DummyOperator',
    'from airflow.operators.bash import BashOperator',
    '',
    'with DAG(dag_id="a", schedule_interval="@daily") as dag:',
    '    DummyOperator(task_id="start")',
    '    BashOperator(task_id="b", bash_command="true")',
  ];

  it('applies only safe fixes; unsafe ones stay as findings', () => {
    const result = fixProjectFile(
      { path: 'dags/a.py', bytes: bytes(`${dag.join('\n')}\n`) },
      engine,
    );
    const text = new TextDecoder().decode(result.bytes);
    expect(result.changed).toBe(true);
    expect(text).toContain('schedule="@daily"');
    expect(text).toContain(
      'from airflow.providers.standard.operators.empty import EmptyOperator\n',
    );
    expect(text).toContain('    EmptyOperator(task_id="start")');
    // AIR312 (BashOperator) and AIR311 (DAG) only have unsafe fixes here
    expect(text).toContain('from airflow.operators.bash import BashOperator\n');
    expect(text).toContain('from airflow import DAG\n');
    expect(result.applied.map(a => a.rule).sort()).toEqual([
      'AIR301',
      'AIR302',
    ]);
    expect(result.remaining.map(f => f.rule).sort()).toEqual([
      'AIR311',
      'AIR312',
    ]);
    expect(result.remaining.every(f => f.fix?.applicability === 'unsafe')).toBe(
      true,
    );
  });

  it('leaves a file with only unsafe fixes byte for byte', () => {
    const source = bytes(
      'from airflow.operators.bash import BashOperator\nBashOperator(task_id="b", bash_command="true")\n',
    );
    const result = fixProjectFile({ path: 'a.py', bytes: source }, engine);
    expect(result.changed).toBe(false);
    expect(result.bytes).toEqual(source);
    expect(result.remaining.map(f => f.rule)).toEqual(['AIR312']);
  });

  it('keeps CRLF line endings and the missing trailing newline', () => {
    const source = dag.join('\r\n');
    const result = fixProjectFile(
      { path: 'a.py', bytes: bytes(source) },
      engine,
    );
    const text = new TextDecoder().decode(result.bytes);
    expect(result.changed).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('bash_command="true")')).toBe(true);
    expect(text).toContain('EmptyOperator\r\n');
  });

  it('keeps a Latin-1 file Latin-1, with its declaration and every other byte', () => {
    const lines = [
      '# -*- coding: latin-1 -*-',
      '"""Owner: Ren\u00e9."""',
      ...dag,
      '    # caract\u00e9ristiques',
      '',
    ];
    const latin1 = Uint8Array.from(
      [...lines.join('\n')].map(c => c.charCodeAt(0)),
    );
    const result = fixProjectFile({ path: 'a.py', bytes: latin1 }, engine);
    expect(result.changed).toBe(true);
    const out = Buffer.from(result.bytes);
    expect(out.subarray(0, 26).toString('latin1')).toBe(
      '# -*- coding: latin-1 -*-\n',
    );
    expect(out.includes(Buffer.from('Ren\xe9', 'latin1'))).toBe(true);
    expect(out.includes(Buffer.from('caract\xe9ristiques\n', 'latin1'))).toBe(
      true,
    );
    expect(out.includes(Buffer.from('é', 'utf8'))).toBe(false);
    // Every byte outside what the fixes changed is the same: undo the fixes' text and compare.
    const undone = out
      .toString('latin1')
      .replace(
        'from airflow.providers.standard.operators.empty import EmptyOperator\n',
        '',
      )
      .replace('schedule="@daily"', 'schedule_interval="@daily"')
      .replace('EmptyOperator(task_id', 'DummyOperator(task_id');
    expect(Buffer.from(undone, 'latin1')).toEqual(Buffer.from(latin1));
  });

  it('keeps a UTF-8 byte order mark', () => {
    const source = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...bytes(`${dag.join('\n')}\n`),
    ]);
    const result = fixProjectFile({ path: 'a.py', bytes: source }, engine);
    expect(result.changed).toBe(true);
    expect([...result.bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x66]);
  });

  it('leaves a fixed file with no safe fix left (converges)', () => {
    const file = path.join(FIXTURES, 'AIR301_names_fix.py');
    const result = fixProjectFile(
      { path: 'a.py', bytes: fs.readFileSync(file) },
      engine,
    );
    expect(result.changed).toBe(true);
    expect(result.note).toBeUndefined();
    const again = scanFile({ path: 'a.py', bytes: result.bytes }, engine);
    expect(again.findings.filter(f => f.fix?.applicability === 'safe')).toEqual(
      [],
    );
    expect(again.findings.map(f => `${f.rule}:${f.line}`)).toEqual(
      result.remaining.map(f => `${f.rule}:${f.line}`),
    );
  });
});

describe("agreement with ruff's own snapshot tests", () => {
  const expected = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'),
  ) as {
    files: Record<
      string,
      {
        code: string;
        findings: Array<{ line: number; column: number; fix: string | null }>;
      }
    >;
  };
  const cases = Object.entries(expected.files);

  it('covers every AIR3 fixture', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases)('%s', (file, { code, findings }) => {
    const scanned = scanFile(
      { path: file, bytes: fs.readFileSync(path.join(FIXTURES, file)) },
      engine,
    ).findings.filter(f => f.rule === code);
    expect(
      scanned.map(f => ({
        line: f.line,
        column: f.column,
        fix: f.fix?.applicability ?? null,
      })),
    ).toEqual(
      findings.slice().sort((a, b) => a.line - b.line || a.column - b.column),
    );
  });

  it('maps every rule name ruff reports to a code of the table', () => {
    const known = new Set(CODE_RULES.map(r => r.name));
    const names = new Set<string>();
    for (const file of fs
      .readdirSync(FIXTURES)
      .filter(f => f.endsWith('.py'))) {
      for (const d of engine.check(
        fs.readFileSync(path.join(FIXTURES, file), 'utf8'),
      )) {
        names.add(d.name);
      }
    }
    names.delete('invalid-syntax');
    expect([...names].filter(n => !known.has(n))).toEqual([]);
    expect(names.size).toBeGreaterThanOrEqual(7);
  });
});

describe('pool tasks', () => {
  it('scans and fixes plain data', () => {
    const input = {
      files: [
        {
          path: 'dags/a.py',
          bytes: bytes(
            'from airflow import DAG\nDAG("a", schedule_interval=None)\n',
          ),
        },
      ],
    };
    const out = scanFilesTask(input);
    expect(out.engine).toEqual({ name: 'ruff', version: RUFF_VERSION });
    expect(out.scans[0].findings.map(f => f.rule)).toEqual([
      'AIR311',
      'AIR301',
    ]);
    const [fixed] = fixFilesTask(input);
    expect(new TextDecoder().decode(fixed.bytes)).toContain('schedule=None');
    expect(() => scanFilesTask({ files: [{ path: 'a.py' }] } as never)).toThrow(
      /Uint8Array/,
    );
  });
});
