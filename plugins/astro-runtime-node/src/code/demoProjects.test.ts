/*
 * The example projects' code, scanned with the pinned ruff: the findings are
 * checked against a golden file (rule code, file, line), and, when a ruff
 * CLI of the same version is at hand (RUFF_BIN, the one scripts/ruff-cli.sh
 * fetched from Debian into .cache/ruff-cli, or `ruff` on PATH), against
 * `ruff check --isolated --preview --select AIR3` on the same folders.
 * Regenerate the golden file with UPDATE_GOLDEN=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CodeFindings,
  scanProjectCode,
} from '@backstage-astro/plugin-astro-runtime-common';
import { RUFF_VERSION, getRuffEngine } from './ruffEngine';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../../examples/projects');
const GOLDEN = path.join(__dirname, '__fixtures__', 'demo-findings.json');

function listFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), {
    withFileTypes: true,
  })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

function scanExample(project: string): CodeFindings {
  const root = path.join(EXAMPLES, project);
  const files = listFiles(root).map(rel => ({
    path: rel,
    bytes: fs.readFileSync(path.join(root, rel)),
  }));
  return scanProjectCode(files, getRuffEngine());
}

type Row = [code: string, file: string, line: number];

const projects = fs
  .readdirSync(EXAMPLES)
  .filter(p => fs.existsSync(path.join(EXAMPLES, p, 'Dockerfile')))
  .sort();
const scanned = new Map<string, CodeFindings>();
const scanOf = (p: string) => {
  if (!scanned.has(p)) scanned.set(p, scanExample(p));
  return scanned.get(p)!;
};
const rows = (p: string): Row[] =>
  scanOf(p).findings.map(f => [f.rule, `${p}/${f.file}`, f.line]);

describe('example projects', () => {
  it('match the golden findings (rule code, file, line)', () => {
    const actual = Object.fromEntries(projects.map(p => [p, rows(p)]));
    if (process.env.UPDATE_GOLDEN) {
      fs.writeFileSync(
        GOLDEN,
        `${JSON.stringify(
          { engine: `ruff ${RUFF_VERSION} (WebAssembly)`, projects: actual },
          null,
          1,
        )}\n`,
      );
    }
    const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));
    expect(golden.projects).toEqual(actual);
  });

  it('show the Airflow 2 idioms on Airflow 2 projects and nothing on orders-pipeline', () => {
    const all = projects.flatMap(p =>
      scanOf(p).findings.map(f => ({ ...f, p })),
    );
    const messages = all.map(f => f.message).join('\n');
    for (const idiom of [
      '`schedule_interval`',
      'days_ago',
      'DummyOperator',
      'airflow.operators.bash_operator',
      '`provide_context`',
      'S3_hook',
      '`executors`',
      'subdag',
    ]) {
      expect(messages.toLowerCase()).toContain(idiom.toLowerCase());
    }
    expect(scanOf('orders-pipeline').findings).toEqual([]);
    expect(scanOf('orders-pipeline').scanned.files).toBe(1);
    expect(scanOf('marketing-etl').blocking).toBe(0);
    expect(scanOf('marketing-etl').advice).toBeGreaterThan(0);
    expect(scanOf('finance-reporting').blocking).toBeGreaterThan(5);
  });

  it('give a syntax error and an undecodable file one finding each', () => {
    expect(
      scanOf('ingest-gateway').findings.filter(f => f.rule === 'syntax-error'),
    ).toMatchObject([{ file: 'dags/legacy_replay.py', line: 8 }]);
    expect(
      scanOf('legacy-reports').findings.filter(f => f.rule === 'syntax-error'),
    ).toMatchObject([{ file: 'dags/report_labels.py', line: 3 }]);
  });
});

function findRuff(): string | undefined {
  const fetched = path.resolve(
    __dirname,
    `../../../../.cache/ruff-cli/${RUFF_VERSION}/ruff`,
  );
  const candidates = [
    process.env.RUFF_BIN,
    fs.existsSync(fetched) ? fetched : undefined,
    'ruff',
  ].filter(Boolean) as string[];
  for (const bin of candidates) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === `ruff ${RUFF_VERSION}`)
      return bin;
    if (r.status === 0) {
      // eslint-disable-next-line no-console
      console.info(
        `${bin} is "${r.stdout.trim()}", not ruff ${RUFF_VERSION}: skipping the ruff CLI agreement test`,
      );
      return undefined;
    }
  }
  // eslint-disable-next-line no-console
  console.info(
    `no ruff ${RUFF_VERSION} CLI (run scripts/ruff-cli.sh, set RUFF_BIN or put ruff on PATH): skipping the ruff CLI agreement test; the golden file stands in`,
  );
  return undefined;
}

const ruff = findRuff();

/**
 * What Python itself makes of a file the ruff CLI could not read: its text in
 * UTF-8 (when it declares another encoding, PEP 263), or `undecodable`.
 * Python (`tokenize.open`), not this package's decoder, is the judge.
 */
function pythonText(file: string): string | 'undecodable' | undefined {
  const r = spawnSync(
    'python3',
    [
      '-c',
      [
        'import sys, tokenize',
        'try:',
        '    f = tokenize.open(sys.argv[1])',
        '    sys.stdout.buffer.write(f.read().encode("utf-8"))',
        'except (SyntaxError, UnicodeDecodeError):',
        '    sys.exit(3)',
      ].join('\n'),
      file,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.error) return undefined;
  if (r.status === 3) return 'undecodable';
  if (r.status !== 0) throw new Error(`python3 failed on ${file}: ${r.stderr}`);
  return r.stdout.toString('utf8');
}

interface CliDiagnostic {
  code: string | null;
  filename: string;
  location: { row: number };
}

/** `ruff check --isolated --preview --select AIR3` on `target` in `cwd`. */
function ruffCheck(cwd: string, target: string) {
  const r = spawnSync(
    ruff!,
    [
      'check',
      '--isolated',
      '--preview',
      '--select',
      'AIR3',
      '--output-format',
      'json',
      '--exit-zero',
      target,
    ],
    { cwd, encoding: 'utf8' },
  );
  expect(r.status).toBe(0);
  const rel = (f: string) =>
    path.relative(cwd, path.resolve(cwd, f)).split(path.sep).join('/');
  return {
    diagnostics: (JSON.parse(r.stdout) as CliDiagnostic[]).map(d => ({
      code: d.code,
      file: rel(d.filename),
      line: d.location.row,
    })),
    // Files the CLI could not read at all (it reads UTF-8 only): a warning.
    unread: [...r.stderr.matchAll(/Failed to lint (.+?): /g)].map(m =>
      rel(m[1]),
    ),
  };
}

(ruff ? describe : describe.skip)('agreement with the ruff CLI', () => {
  it.each(projects)('%s', project => {
    const root = path.join(EXAMPLES, project);
    const cli = ruffCheck(root, '.');
    // A file the CLI cannot read because it declares another encoding
    // (PEP 263) is checked by the CLI again as the same text in UTF-8 (same
    // lines): the scan decodes it the way Python does. One Python cannot
    // decode either must be a syntax-error finding.
    const undecodable: string[] = [];
    for (const file of cli.unread) {
      const text = pythonText(path.join(root, file));
      if (text === undefined) {
        // eslint-disable-next-line no-console
        console.info(`no python3: ${project}/${file} is not compared`);
        continue;
      }
      if (text === 'undecodable') {
        undecodable.push(file);
        continue;
      }
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ruff-agree-'));
      try {
        fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
        fs.writeFileSync(path.join(tmp, file), text);
        const again = ruffCheck(tmp, file);
        expect(again.unread).toEqual([]);
        cli.diagnostics.push(...again.diagnostics);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
    const ours = scanOf(project).findings;
    // Rule findings: the same (code, file, line).
    const key = (c: string, f: string, l: number) => `${c} ${f}:${l}`;
    expect(
      cli.diagnostics
        .filter(d => d.code?.startsWith('AIR'))
        .map(d => key(d.code!, d.file, d.line))
        .sort(),
    ).toEqual(
      ours
        .filter(f => f.rule.startsWith('AIR'))
        .map(f => key(f.rule, f.file, f.line))
        .sort(),
    );
    // Files the CLI cannot parse, and files neither it nor Python can
    // decode, are the files with a syntax-error finding.
    expect(
      [
        ...new Set([
          ...cli.diagnostics
            .filter(d => !d.code?.startsWith('AIR'))
            .map(d => d.file),
          ...undecodable,
        ]),
      ].sort(),
    ).toEqual(
      ours
        .filter(f => f.rule === 'syntax-error')
        .map(f => f.file)
        .sort(),
    );
  });
});
