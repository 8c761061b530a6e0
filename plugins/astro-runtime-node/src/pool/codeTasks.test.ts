import { fixFilesTask, scanFilesTask } from '../code/tasks';
import { createAstroRuntimeWorkerPool } from './createAstroRuntimeWorkerPool';
import { createInProcessAstroRuntimeWorkerPool } from './inProcess';
import type { AstroRuntimeWorkerPool } from './types';

jest.setTimeout(120_000);

const enc = new TextEncoder();
const DAG = [
  'from airflow import DAG',
  'from airflow.utils.dates import days_ago',
  '',
  'with DAG("d", schedule_interval="@daily", start_date=days_ago(1)):',
  '    pass',
  '',
].join('\n');
const BROKEN = 'def broken(:\n';
const files = () => [
  { path: 'dags/d.py', bytes: enc.encode(DAG) },
  { path: 'dags/broken.py', bytes: enc.encode(BROKEN) },
];

const pools: AstroRuntimeWorkerPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map(p => p.destroy()));
});

describe('code tasks of the worker pool', () => {
  it('scanCode and fixCode in worker threads answer what the tasks answer in process', async () => {
    // a tight task limit: the engine's compile must not count against it
    const p = createAstroRuntimeWorkerPool({
      maxThreads: 1,
      taskTimeoutMs: 1000,
    });
    pools.push(p);
    const scanned = await p.run<ReturnType<typeof scanFilesTask>>('scanCode', {
      files: files(),
    });
    expect(scanned).toEqual(scanFilesTask({ files: files() }));
    expect(scanned.scans[0].findings.map(f => f.rule)).toContain('AIR301');
    expect(scanned.scans[1].findings.map(f => f.rule)).toEqual([
      'syntax-error',
    ]);

    const fixed = await p.run<ReturnType<typeof fixFilesTask>>('fixCode', {
      files: files(),
    });
    const direct = fixFilesTask({ files: files() });
    expect(fixed.map(f => [f.file, f.changed])).toEqual(
      direct.map(f => [f.file, f.changed]),
    );
    expect(new TextDecoder().decode(fixed[0].bytes)).toBe(
      new TextDecoder().decode(direct[0].bytes),
    );
    expect(fixed[0].changed).toBe(true);
    expect(fixed[1].changed).toBe(false);
  });

  it('runs them in process too, and refuses bad input', async () => {
    const p = createInProcessAstroRuntimeWorkerPool();
    await expect(p.run('scanCode', { files: files() })).resolves.toEqual(
      scanFilesTask({ files: files() }),
    );
    await expect(p.run('fixCode', { files: 'nope' })).rejects.toThrow(
      /code task input/,
    );
  });
});
