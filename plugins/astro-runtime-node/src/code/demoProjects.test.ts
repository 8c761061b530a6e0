/*
 * The example projects' code, scanned with the pinned ruff: the findings are
 * checked against a golden file (rule code, file, line), and, when a ruff
 * CLI of the same version is at hand (RUFF_BIN, or `ruff` on PATH), against
 * `ruff check --isolated --preview --select AIR3` on the same folders.
 * Regenerate the golden file with UPDATE_GOLDEN=1.
 */
import fs from 'node:fs';
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
  const candidates = [process.env.RUFF_BIN, 'ruff'].filter(Boolean) as string[];
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
    `no ruff ${RUFF_VERSION} CLI (set RUFF_BIN or put ruff on PATH): skipping the ruff CLI agreement test; the golden file stands in`,
  );
  return undefined;
}

const ruff = findRuff();

(ruff ? describe : describe.skip)('agreement with the ruff CLI', () => {
  it.each(projects)('%s', project => {
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
        '.',
      ],
      { cwd: path.join(EXAMPLES, project), encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const cli = JSON.parse(r.stdout) as Array<{
      code: string | null;
      filename: string;
      location: { row: number };
    }>;
    const root = path.join(EXAMPLES, project);
    const rel = (f: string) =>
      path.relative(root, path.resolve(root, f)).split(path.sep).join('/');
    const ours = scanOf(project).findings;
    // Rule findings: the same (code, file, line).
    const key = (c: string, f: string, l: number) => `${c} ${f}:${l}`;
    expect(
      cli
        .filter(d => d.code?.startsWith('AIR'))
        .map(d => key(d.code!, rel(d.filename), d.location.row))
        .sort(),
    ).toEqual(
      ours
        .filter(f => f.rule.startsWith('AIR'))
        .map(f => key(f.rule, f.file, f.line))
        .sort(),
    );
    // Files the CLI cannot parse or read are the files with a syntax-error finding.
    expect(
      [
        ...new Set(
          cli.filter(d => !d.code?.startsWith('AIR')).map(d => rel(d.filename)),
        ),
      ].sort(),
    ).toEqual(
      ours
        .filter(f => f.rule === 'syntax-error')
        .map(f => f.file)
        .sort(),
    );
  });
});
