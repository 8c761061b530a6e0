import type { LintEngine } from '../code';
import { lineStarts } from '../code/text';
import { CliIo, runCli } from './index';
import {
  CodeCliIo,
  fixProjectDir,
  renderCodeOutcome,
  renderFixOutcome,
  scanProjectDir,
} from './code';

/** Flags `schedule_interval` (blocking, safe rename fix). */
const engine: LintEngine = {
  name: 'fake',
  version: '1',
  check(source) {
    const starts = lineStarts(source);
    return [...source.matchAll(/schedule_interval/g)].map(m => {
      const row = starts.filter(s => s <= m.index!).length;
      const col = m.index! - starts[row - 1] + 1;
      const start = { row, column: col };
      const end = { row, column: col + m[0].length };
      return {
        name: 'airflow3-removal',
        message: '`schedule_interval` is removed in Airflow 3.0',
        help: 'Use `schedule` instead',
        start,
        end,
        fix: {
          message: 'Use `schedule` instead',
          edits: [{ start, end, content: 'schedule' }],
        },
      };
    });
  },
};

function memoryIo(files: Record<string, string>, withEngine = true) {
  const store = new Map(
    Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)]),
  );
  const codeIo: CodeCliIo = {
    listFiles: async dir =>
      [...store.keys()]
        .filter(k => k.startsWith(`${dir}/`))
        .map(k => ({
          path: k.slice(dir.length + 1),
          size: store.get(k)!.length,
        })),
    readBytes: async p => store.get(p)!,
    writeBytes: async (p, b) => {
      store.set(p, b);
    },
    loadEngine: async () => (withEngine ? engine : undefined),
    joinPath: (d, n) =>
      n === '..' ? d.split('/').slice(0, -1).join('/') : `${d}/${n}`,
  };
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
    readFile: async p => new TextDecoder().decode(store.get(p)!),
    writeFile: async (p, t) => {
      store.set(p, new TextEncoder().encode(t));
    },
    isDirectory: async p => !store.has(p),
    fetchText: async () => '',
    joinPath: codeIo.joinPath,
    code: codeIo,
  };
  return {
    io,
    codeIo,
    text: (p: string) => new TextDecoder().decode(store.get(p)!),
    out: () => ({ stdout, stderr }),
  };
}

const project = {
  'p/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
  'p/dags/a.py': 'DAG(schedule_interval=None)\r\n',
  'p/dags/clean.py': 'x = 1\n',
};

describe('code in the CLI', () => {
  it('scans, prints by file and fails on airflow3-blockers', async () => {
    const m = memoryIo(project);
    const code = await runCli(
      ['p', '--fail-on', 'airflow3-blockers', '--now', '2025-06-01'],
      m.io,
    );
    expect(code).toBe(1);
    expect(m.out().stdout).toMatch(
      /Code \(fake 1, Airflow 3 rules\): 1 finding in 1 of 2 files[^\n]*\n {2}AIR301 ×1 \(blocking\)\ndags\/a\.py:\n {2}1:5 AIR301 \[fixable\]/,
    );
  });

  it('puts code at the top level of --json, null without the engine', async () => {
    const m = memoryIo(project);
    expect(await runCli(['p/Dockerfile', '--json'], m.io)).toBe(0);
    const doc = JSON.parse(m.out().stdout);
    expect(doc.code).toMatchObject({
      blocking: 1,
      fixable: 1,
      scanned: { files: 2 },
    });
    const none = memoryIo(project, false);
    expect(
      await runCli(['p', '--json', '--fail-on', 'airflow3-blockers'], none.io),
    ).toBe(0);
    expect(JSON.parse(none.out().stdout).code).toBeNull();
    expect(none.out().stderr).toMatch(/not installed/);
  });

  it('--no-code leaves the code out', async () => {
    const m = memoryIo(project);
    await runCli(['p', '--json', '--no-code'], m.io);
    expect(JSON.parse(m.out().stdout)).not.toHaveProperty('code');
  });

  it('--fix-code needs --upgrade-to; with --write it applies the safe fixes', async () => {
    const m = memoryIo(project);
    expect(await runCli(['p', '--fix-code'], m.io)).toBe(2);
    expect(
      await runCli(['p', '--upgrade-to', '13.1.0', '--fix-code'], m.io),
    ).toBe(0);
    expect(m.text('p/dags/a.py')).toBe(project['p/dags/a.py']);
    expect(m.out().stderr).toContain(
      'Would fix dags/a.py: 1 safe fix (AIR301 ×1)',
    );
    expect(
      await runCli(
        ['p', '--upgrade-to', '13.1.0', '--fix-code', '--write'],
        m.io,
      ),
    ).toBe(0);
    expect(m.text('p/dags/a.py')).toBe('DAG(schedule=None)\r\n');
    expect(m.text('p/dags/clean.py')).toBe('x = 1\n');
    expect(m.text('p/Dockerfile')).toContain('13.1.0');
  });

  it('says when there is nothing to scan or fix', async () => {
    const m = memoryIo({ 'q/Dockerfile': 'FROM x\n' });
    expect(renderCodeOutcome(await scanProjectDir('q', m.codeIo))).toBe(
      'Code:         no Python files\n',
    );
    expect(
      renderFixOutcome(await fixProjectDir('q', m.codeIo, { write: true })),
    ).toBe('Code fixes:   no Python files\n');
  });
});
