import fs from 'fs';
import path from 'path';
import supertest from 'supertest';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { CodeStatus } from '@backstage-astro/plugin-astro-runtime-common';
import {
  astroRuntimeWorkerPoolServiceRef,
  createInProcessAstroRuntimeWorkerPool,
  type AstroRuntimeWorkerPool,
} from '@backstage-astro/plugin-astro-runtime-node';
import { astroRuntimePlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/databases';
import { component, visibilityCatalog } from './__testUtils__/catalog';

jest.setTimeout(120_000);

const BASE = '/api/astro-runtime';
const EXAMPLES = path.resolve(__dirname, '../../../examples/projects');
const GOLDEN = path.resolve(
  __dirname,
  '../../astro-runtime-node/src/code/__fixtures__/demo-findings.json',
);
/** What the ruff CLI finds in each example project: [rule, project/file, line]. */
const golden: Record<string, Array<[string, string, number]>> = JSON.parse(
  fs.readFileSync(GOLDEN, 'utf8'),
).projects;

const { databases } = createTestDatabases();
const user = () => mockCredentials.user.header('user:default/alice');

/** The in-process pool, counting the files each code task is handed; `failScans` makes scanCode fail. */
function countingPool() {
  const inner = createInProcessAstroRuntimeWorkerPool();
  const counts = { scanTasks: 0, scannedFiles: 0 };
  let failScans = false;
  const pool: AstroRuntimeWorkerPool = {
    ...inner,
    run: async (task, input, options) => {
      if (task === 'scanCode') {
        if (failScans) throw new Error('scanner exploded');
        counts.scanTasks++;
        counts.scannedFiles += (input as { files: unknown[] }).files.length;
      }
      return inner.run(task, input, options);
    },
  };
  return {
    pool,
    counts,
    failScans(on: boolean) {
      failScans = on;
    },
  };
}

async function start(projects: string[], code: JsonObject = {}) {
  const dir = createMockDirectory();
  for (const p of projects) {
    fs.cpSync(path.join(EXAMPLES, p), dir.resolve(p), { recursive: true });
  }
  const entities = projects.map(p =>
    component(p, {
      noSource: true,
      annotations: {
        'backstage.io/managed-by-location': `file:${dir.resolve(
          p,
          'catalog-info.yaml',
        )}`,
        'astronomer.io/deployment-id': `dep-${p}`,
      },
    }),
  );
  const counting = countingPool();
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      astroRuntimePlugin,
      mockServices.rootConfig.factory({
        data: {
          astroRuntime: {
            localFiles: { enabled: true },
            refresh: {
              cooldown: { seconds: 0 },
              freshCooldown: { seconds: 0 },
            },
            code,
          },
        },
      }),
      mockServices.database.factory({ knex }),
      visibilityCatalog(entities).factory,
      createServiceFactory({
        service: astroRuntimeWorkerPoolServiceRef,
        deps: {},
        factory: () => counting.pool,
      }),
    ],
  });
  const api = supertest(server);
  const status = async (name: string, fresh = false) => {
    const res = await api
      .get(
        `${BASE}/entities/component/default/${name}/status${
          fresh ? '?fresh=true' : ''
        }`,
      )
      .set('Authorization', user());
    expect(res.status).toBe(200);
    return res.body;
  };
  return { dir, api, status, counting };
}

const asGolden = (project: string, code: CodeStatus) =>
  code.findings.map(f => [f.rule, `${project}/${f.file}`, f.line]);

describe('code scan of the projects', () => {
  it('stores what ruff finds with the status, as the ruff CLI does, for every example project', async () => {
    const projects = [
      'marketing-etl',
      'orders-pipeline',
      'finance-reporting',
      'legacy-reports',
      'ingest-gateway',
    ];
    const { status } = await start(projects);
    for (const p of projects) {
      const body = await status(p);
      const code: CodeStatus = body.status.code;
      expect({ p, findings: asGolden(p, code) }).toEqual({
        p,
        findings: golden[p],
      });
      expect(code.engine).toEqual({ name: 'ruff', version: '0.16.10' });
      expect(Date.parse(code.scannedAt)).not.toBeNaN();
      expect(code.scanned.files).toBeGreaterThan(0);
    }
    // the clean Airflow 3 project: nothing blocks
    expect((await status('orders-pipeline')).status.code.blocking).toBe(0);
    // a project with a file Python cannot parse still gets its Dockerfile status, and the finding
    const legacy = await status('legacy-reports');
    expect(legacy.status.runtime).toBeDefined();
    expect(
      legacy.status.code.findings.map((f: { rule: string }) => f.rule),
    ).toContain('syntax-error');
    expect(legacy.status.code.blocking).toBeGreaterThan(0);
  });

  it('rescans only the files that changed, and keeps the last good findings when a scan fails', async () => {
    const { dir, status, counting } = await start(['finance-reporting']);
    const first = await status('finance-reporting');
    const files = first.status.code.scanned.files;
    expect(counting.counts.scannedFiles).toBe(files);
    expect(files).toBeGreaterThan(1);

    // nothing changed: nothing is handed to ruff
    counting.counts.scannedFiles = 0;
    const again = await status('finance-reporting', true);
    expect(counting.counts.scannedFiles).toBe(0);
    expect(again.status.code).toEqual(first.status.code);

    // one file changed: that file only
    const dag = dir.resolve('finance-reporting/dags/quarterly_close.py');
    const original = fs.readFileSync(dag, 'utf8');
    const newLine = original.split('\n').length + 1;
    fs.writeFileSync(dag, `${original}\nSTART = days_ago(1)\n`);
    const changed = await status('finance-reporting', true);
    expect(counting.counts.scannedFiles).toBe(1);
    expect(changed.status.code.findings.length).toBe(
      first.status.code.findings.length + 1,
    );
    expect(changed.status.code.findings).toContainEqual(
      expect.objectContaining({
        file: 'dags/quarterly_close.py',
        line: newLine,
        severity: 'blocking',
      }),
    );

    // the scan fails: the last good findings stay, with the reason
    counting.failScans(true);
    fs.writeFileSync(dag, 'print("rewritten")\n');
    const failed = await status('finance-reporting', true);
    expect(failed.status.runtime).toBeDefined();
    expect(failed.status.code.findings).toEqual(changed.status.code.findings);
    expect(failed.status.code.error.message).toMatch(/scanner exploded/);
    counting.failScans(false);
    const recovered = await status('finance-reporting', true);
    expect(recovered.status.code.error).toBeUndefined();
    expect(
      recovered.status.code.findings.filter(
        (f: { file: string }) => f.file === 'dags/quarterly_close.py',
      ),
    ).toEqual([]);
  });

  it('skips files over the budget, and scans nothing when turned off', async () => {
    const on = await start(['finance-reporting'], { maxFiles: 1 });
    const code: CodeStatus = (await on.status('finance-reporting')).status.code;
    expect(code.scanned.files).toBe(1);
    expect(code.skipped.map(s => s.reason)).toEqual([
      'too-many-files',
      'too-many-files',
    ]);

    const off = await start(['finance-reporting'], { enabled: false });
    const body = await off.status('finance-reporting');
    expect(body.status.runtime).toBeDefined();
    expect(body.status.code).toBeUndefined();
    expect(off.counting.counts.scanTasks).toBe(0);
  });
});
