import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAstroRuntimeUpgradeAction } from './upgrade';

// ruff's WebAssembly module compiles on the first call (seconds on a busy machine)
jest.setTimeout(120_000);

const A2 = 'quay.io/astronomer/astro-runtime';

const DAG = [
  'from airflow import DAG',
  'from airflow.utils.dates import days_ago',
  'from airflow.operators.dummy import DummyOperator',
  '',
  'with DAG("etl", schedule_interval="@daily", start_date=days_ago(1)) as dag:',
  '    DummyOperator(task_id="start")',
  '',
].join('\n');

const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(
    workspaces.map(w => fs.rm(w, { recursive: true, force: true })),
  );
});

async function run(
  files: Record<string, string | Buffer>,
  input: Record<string, unknown>,
  isDryRun = false,
) {
  const workspacePath = await fs.mkdtemp(
    path.join(os.tmpdir(), 'astro-upgrade-code-'),
  );
  workspaces.push(workspacePath);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspacePath, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  const logger = mockServices.logger.mock();
  const action = createAstroRuntimeUpgradeAction({
    config: new ConfigReader({}),
    now: () => new Date('2026-06-01T00:00:00Z'),
  });
  const ctx = {
    ...createMockActionContext({ input: input as any, workspacePath, logger }),
    isDryRun,
  };
  await action.handler(ctx as any);
  const outputs: Record<string, any> = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls,
  );
  const logs = [...logger.info.mock.calls, ...logger.warn.mock.calls].map(c =>
    String(c[0]),
  );
  const read = (name: string) => fs.readFile(path.join(workspacePath, name));
  return { outputs, logs, read };
}

describe('astro:runtime:upgrade applyCodeFixes', () => {
  it("applies ruff's safe fixes only, lists the rest in the pull request body and the dry-run log", async () => {
    const r = await run(
      {
        Dockerfile: `FROM ${A2}:12.6.0\n`,
        'dags/etl.py': DAG,
        'dags/clean.py': 'from airflow.sdk import DAG\n',
        '.venv/lib/x.py': 'from airflow import DAG\nDAG(schedule_interval=1)\n',
      },
      { targetVersion: '3.1-12', applyCodeFixes: true },
      true,
    );
    const fixed = (await r.read('dags/etl.py')).toString('utf8');
    // safe: the renamed argument and the operator replaced by its successor
    expect(fixed).toContain('schedule="@daily"');
    expect(fixed).not.toContain('schedule_interval');
    expect(fixed).toContain(
      'from airflow.providers.standard.operators.empty import EmptyOperator',
    );
    expect(fixed).toContain('    EmptyOperator(task_id="start")');
    // unsafe (moving the DAG import) and fix-less (days_ago) are left alone
    expect(fixed).toContain('from airflow import DAG\n');
    expect(fixed).toContain('from airflow.utils.dates import days_ago\n');
    expect(fixed).toContain('start_date=days_ago(1)');

    expect(r.outputs.codeFixes).toEqual([
      { file: 'dags/etl.py', fixed: expect.any(Number) },
    ]);
    expect(r.outputs.codeFixes[0].fixed).toBeGreaterThanOrEqual(2);
    expect(r.outputs.changedFiles).toEqual(['Dockerfile', 'dags/etl.py']);
    // files the scan does not read stay as they were
    expect((await r.read('dags/clean.py')).toString('utf8')).toBe(
      'from airflow.sdk import DAG\n',
    );
    expect((await r.read('.venv/lib/x.py')).toString('utf8')).toContain(
      'schedule_interval',
    );

    const body: string = r.outputs.prBody;
    expect(body).toContain('## Code changes for Airflow 3');
    expect(body).toContain('- `dags/etl.py`:');
    // days_ago (no fix) and airflow.DAG (unsafe fix) are left as checklist items
    const checklist = body
      .split('\n')
      .filter(l => l.startsWith('- [ ] '))
      .join('\n');
    // both sit on the DAG's line of the fixed file (a fix added an import above it)
    const dagLine =
      fixed.split('\n').findIndex(l => l.startsWith('with DAG(')) + 1;
    expect(checklist).toContain(
      `- [ ] \`dags/etl.py:${dagLine}\` AIR301 (blocking): \`airflow.utils.dates.days_ago\` is removed`,
    );
    expect(checklist).toContain(
      `- [ ] \`dags/etl.py:${dagLine}\` AIR311: \`airflow.DAG\` is removed`,
    );
    expect(checklist).not.toContain('schedule_interval');
    expect(checklist).not.toContain('DummyOperator');

    // the dry-run log shows the diff of the fixed DAG
    const diff = r.logs.find(l => l.startsWith('--- a/dags/etl.py'));
    expect(diff).toContain('-with DAG("etl", schedule_interval="@daily"');
    expect(diff).toContain('+with DAG("etl", schedule="@daily"');
  });

  it('keeps CRLF line endings and every byte the fixes do not change', async () => {
    const crlf = DAG.replace(/\n/g, '\r\n');
    const r = await run(
      {
        Dockerfile: `FROM ${A2}:12.6.0\n`,
        'airflow/orders/Dockerfile': `FROM ${A2}:12.6.0\n`,
        'airflow/orders/dags/etl.py': crlf,
      },
      {
        targetVersion: '3.1-12',
        projectPath: 'airflow/orders',
        applyCodeFixes: true,
      },
    );
    const bytes = await r.read('airflow/orders/dags/etl.py');
    const text = bytes.toString('utf8');
    expect(text).toContain('schedule="@daily"');
    expect(text.split('\r\n').length).toBe(crlf.split('\r\n').length + 1);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(r.outputs.codeFixes).toEqual([
      { file: 'airflow/orders/dags/etl.py', fixed: expect.any(Number) },
    ]);
    expect(r.outputs.prBody).toContain('`airflow/orders/dags/etl.py:');
  });

  it('fixes the demo project ingest-gateway (Runtime 12.4.0) on its way to 3.3-2', async () => {
    const demo = path.resolve(
      __dirname,
      '../../../../examples/projects/ingest-gateway',
    );
    const files: Record<string, Buffer> = {};
    for (const name of ['Dockerfile', 'dags/ingest_gateway.py']) {
      files[name] = await fs.readFile(path.join(demo, name));
    }
    const r = await run(files, {
      targetVersion: '3.3-2',
      applyCodeFixes: true,
    });
    const before = files['dags/ingest_gateway.py'].toString('utf8');
    const after = (await r.read('dags/ingest_gateway.py')).toString('utf8');
    expect(before).toContain('schedule_interval="@hourly"');
    expect(after).toContain('schedule="@hourly"');
    expect(after).not.toContain('schedule_interval');
    expect(r.outputs.codeFixes).toEqual([
      { file: 'dags/ingest_gateway.py', fixed: expect.any(Number) },
    ]);
  });

  it('changes no Python file when the target is on the Airflow 2 line', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.6.0\n`, 'dags/etl.py': DAG },
      { targetVersion: '13.1.0', applyCodeFixes: true },
    );
    expect((await r.read('dags/etl.py')).toString('utf8')).toBe(DAG);
    expect(r.outputs.codeFixes).toBeUndefined();
    expect(r.outputs.changedFiles).toEqual(['Dockerfile']);
    expect(r.outputs.prBody).not.toContain('## Code changes for Airflow 3');
    expect(r.logs.join('\n')).toContain('not on the Airflow 3 line');
  });

  it('changes no Python file when applyCodeFixes is not asked', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.6.0\n`, 'dags/etl.py': DAG },
      { targetVersion: '3.1-12' },
    );
    expect((await r.read('dags/etl.py')).toString('utf8')).toBe(DAG);
    expect(r.outputs.codeFixes).toBeUndefined();
    expect(r.outputs.changedFiles).toEqual(['Dockerfile']);
    expect(r.outputs.prBody).not.toContain('## Code changes for Airflow 3');
  });
});
