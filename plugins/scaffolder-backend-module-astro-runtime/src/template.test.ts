/*
 * The upgrade template (examples/templates/upgrade-astro-runtime/template.yaml)
 * end to end through the scaffolder's own dry-run API (`POST /v2/dry-run`, what
 * the template editor calls), in a test backend with the real scaffolder
 * plugin, the GitHub publish module, this module and a mocked catalog.
 */
import { Entity } from '@backstage/catalog-model';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import scaffolderModuleAstroRuntime from './index';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const TEMPLATE_FILE = path.join(
  EXAMPLES,
  'templates/upgrade-astro-runtime/template.yaml',
);
const GITLAB_TEMPLATE_FILE = path.join(
  EXAMPLES,
  'templates/upgrade-astro-runtime/template.gitlab.yaml',
);

/** An entity as the catalog stores it after reading it from a GitHub repo. */
const githubEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-pipeline',
    namespace: 'default',
    annotations: {
      'astronomer.io/deployment-id': 'dep-orders-prod,dep-orders-dev',
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/orders-pipeline/blob/main/catalog-info.yaml',
      'backstage.io/managed-by-origin-location':
        'url:https://github.com/acme/orders-pipeline/blob/main/catalog-info.yaml',
      'backstage.io/source-location':
        'url:https://github.com/acme/orders-pipeline/tree/main/',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-data-eng' },
};

/** A project in a GitLab monorepo folder. */
const gitlabEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'warehouse-loads',
    namespace: 'default',
    annotations: {
      'astronomer.io/deployment-id': 'dep-wh-prod',
      'astronomer.io/project-path': 'airflow',
      'backstage.io/source-location':
        'url:https://gitlab.com/data/platform/warehouse/-/tree/develop/',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-data-eng' },
};

/** The demo's own entity, registered from the local examples (file: locations). */
const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ingest-gateway',
    namespace: 'default',
    annotations: {
      'astronomer.io/deployment-id': 'dep-ingest-prod',
      'backstage.io/managed-by-location': `file:${path.join(
        EXAMPLES,
        'projects/ingest-gateway/catalog-info.yaml',
      )}`,
      'backstage.io/managed-by-origin-location': `file:${path.join(
        EXAMPLES,
        'all.yaml',
      )}`,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-data-eng' },
};

/** The repository the mocked URL reader serves for the GitHub entity. */
const REPO_FILES: Record<string, string> = {
  Dockerfile: [
    '# syntax=quay.io/astronomer/airflow-extensions:latest',
    `FROM quay.io/astronomer/astro-runtime:12.4.0@sha256:${'cd'.repeat(32)}`,
    'COPY include/ /usr/local/airflow/include/',
    '',
  ].join('\r\n'),
  'requirements.txt': 'apache-airflow-providers-snowflake==5.8.0\n',
  'dags/orders.py': 'from airflow import DAG\n',
  'dags/legacy.py':
    'from airflow import DAG\r\n\r\nDAG("legacy", schedule_interval="@daily")\r\n',
  'catalog-info.yaml': 'kind: Component\n',
};

/** The freeze file the configured providerPins.urlTemplate points at. */
const freezeRequests: string[] = [];
const freezeServer = setupServer(
  http.get('https://cdn.example.test/:file', ({ request }) => {
    freezeRequests.push(request.url);
    return HttpResponse.text(
      [
        'apache-airflow==2.10.2',
        'apache-airflow-providers-amazon==9.0.0',
        'apache-airflow-providers-snowflake==5.8.1',
        '',
      ].join('\n'),
    );
  }),
);

describe('template upgrade-astro-runtime through the scaffolder dry run', () => {
  let backend: TestBackend;
  let baseUrl: string;
  const readTreeUrls: string[] = [];
  let workingDirectory: string;

  beforeAll(async () => {
    // only the freeze file is mocked; requests to the test backend pass through
    freezeServer.listen({ onUnhandledRequest: 'bypass' });
    workingDirectory = await fs.mkdtemp(
      path.join(os.tmpdir(), 'astro-template-dry-run-'),
    );
    const urlReader = mockServices.urlReader.mock({
      // the freeze file: read over HTTP, where msw answers
      readUrl: async (url: string) => {
        const res = await fetch(url);
        if (!res.ok) {
          throw new Error(`could not read ${url}, ${res.status}`);
        }
        return { buffer: async () => Buffer.from(await res.arrayBuffer()) };
      },
      readTree: async (url: string) => {
        readTreeUrls.push(url);
        return {
          etag: 'etag',
          files: async () => [],
          archive: async () => {
            throw new Error('not implemented');
          },
          dir: async (opts?: { targetDir?: string }) => {
            const dir = opts!.targetDir!;
            const files = url.includes('gitlab')
              ? Object.fromEntries(
                  Object.entries(REPO_FILES).map(([k, v]) => [
                    `airflow/${k}`,
                    v,
                  ]),
                )
              : REPO_FILES;
            for (const [name, content] of Object.entries(files)) {
              await fs.mkdir(path.dirname(path.join(dir, name)), {
                recursive: true,
              });
              await fs.writeFile(path.join(dir, name), content);
            }
            return dir;
          },
        };
      },
    });
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        scaffolderGitlabModule,
        scaffolderModuleAstroRuntime,
        catalogServiceMock.factory({
          entities: [githubEntity, gitlabEntity, demoEntity],
        }),
        urlReader.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory },
            astroRuntime: {
              // the upgrade paths in the pull request body are judged at it
              clock: { startAt: '2026-12-02T09:00:00Z' },
              scaffolder: { allowLocalSources: true },
              providerPins: {
                urlTemplate:
                  'https://cdn.example.test/runtime-{tag}-python-{python}.txt',
              },
            },
            // the PR action builds its client before honouring dry run, so it
            // needs some credentials; nothing is sent in a dry run
            integrations: {
              github: [{ host: 'github.com', token: 'dry-run-token' }],
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}/api/scaffolder`;
  }, 60_000);

  afterAll(async () => {
    freezeServer.close();
    await backend?.stop();
    await fs.rm(workingDirectory, { recursive: true, force: true });
  });

  async function dryRun(
    values: Record<string, unknown>,
    templateFile = TEMPLATE_FILE,
    edit?: (template: any) => void,
  ) {
    const template = yaml.parse(await fs.readFile(templateFile, 'utf8'));
    edit?.(template);
    const res = await fetch(`${baseUrl}/v2/dry-run`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ template, values, directoryContents: [] }),
    });
    const body = await res.json();
    const files: Record<string, string> = Object.fromEntries(
      (body.directoryContents ?? []).map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    const log: string[] = (body.log ?? []).map(
      (l: { body: { message: string } }) => l.body.message,
    );
    return { status: res.status, body, files, log };
  }

  it('GitHub-hosted project: fetches the repo, rewrites the Dockerfile, pins no Airflow 2 providers into Airflow 3, dry-runs the pull request', async () => {
    const r = await dryRun({
      entity: 'component:default/orders-pipeline',
      targetVersion: '3.1-12',
      pinProviders: true,
      branchName: 'astro-runtime-upgrade',
    });
    expect(r.status).toBe(200);
    // fetch:plain read the repository root from the source location
    expect(readTreeUrls).toContain(
      'https://github.com/acme/orders-pipeline/tree/main',
    );
    // the rewritten Dockerfile: Airflow 3 registry, digest dropped, CRLF kept
    expect(r.files.Dockerfile).toBe(
      '# syntax=quay.io/astronomer/airflow-extensions:latest\r\n' +
        'FROM astrocrpublic.azurecr.io/runtime:3.1-12\r\n' +
        'COPY include/ /usr/local/airflow/include/\r\n',
    );
    expect(r.files['dags/orders.py']).toBe(REPO_FILES['dags/orders.py']);
    // Airflow 2 provider versions are never pinned into an Airflow 3 image:
    // no freeze file read, requirements.txt as it was, a warning instead
    expect(freezeRequests).toEqual([]);
    expect(r.files['requirements.txt']).toBe(REPO_FILES['requirements.txt']);
    expect(
      r.log.some(l => /not pinned for 3\.1-12 \(Airflow 3\)/.test(l)),
    ).toBe(true);
    // the action logged its diff
    expect(
      r.log.some(l =>
        l.includes('+FROM astrocrpublic.azurecr.io/runtime:3.1-12'),
      ),
    ).toBe(true);
    // the PR step ran in dry-run mode with the action's title and body
    const prLog = r.log.find(l =>
      l.includes('Running publish:github:pull-request in dry-run mode'),
    );
    expect(prLog).toContain('github.com?owner=acme&repo=orders-pipeline');
    expect(prLog).toContain('Upgrade Astro Runtime from 12.4.0 to 3.1-12');
    expect(prLog).toContain('astro dev upgrade-test');
    expect(prLog).toContain('Only the version in the Dockerfile changes.');
    // the paths at astroRuntime.clock.startAt: Runtime 13's maintenance ended
    expect(prLog).toMatch(
      /Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\*: maintenance ended 2026-11-30/,
    );
    // the Deployment ids of the entity, listed in the deploy step
    expect(prLog).toContain('dep-orders-prod');
    expect(prLog).toContain('dep-orders-dev');
    expect(prLog).toContain('"targetBranchName": "main"');
    expect(prLog).toContain('"targetPath": "."');
    expect(
      r.log.some(l =>
        l.includes('Performing dry run of creating pull request'),
      ),
    ).toBe(true);
    // outputs: the PR link and the entity link, the considerations text
    expect(r.body.output.links).toEqual([
      {
        title: 'Pull request',
        url: 'github.com?owner=acme&repo=orders-pipeline',
      },
      {
        title: 'Open the project in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/orders-pipeline',
      },
    ]);
    const text = r.body.output.text[0];
    expect(text.title).toBe('Astro Runtime 12.4.0 → 3.1-12');
    expect(text.content).toContain('Changed: Dockerfile\n');
    expect(text.content).toMatch(/SubDag|schedule_interval/i);
  });

  it("applyCodeFixes: the dry run shows the DAG with ruff's safe fixes and the description lists what is left", async () => {
    const r = await dryRun({
      entity: 'component:default/orders-pipeline',
      targetVersion: '3.1-12',
      applyCodeFixes: true,
      branchName: 'astro-runtime-upgrade',
    });
    expect(r.status).toBe(200);
    expect(r.files['dags/legacy.py']).toBe(
      'from airflow import DAG\r\n\r\nDAG("legacy", schedule="@daily")\r\n',
    );
    expect(r.files['dags/orders.py']).toBe(REPO_FILES['dags/orders.py']);
    expect(
      r.log.some(l => l.includes('+DAG("legacy", schedule="@daily")')),
    ).toBe(true);
    const prLog = r.log.find(l =>
      l.includes('Running publish:github:pull-request in dry-run mode'),
    );
    expect(prLog).toContain('Code changes for Airflow 3');
    expect(prLog).toContain('- `dags/legacy.py`: 1');
    // the unsafe fix (the DAG import moving to airflow.sdk) is left as a checklist item
    expect(prLog).toContain('- [ ] `dags/legacy.py:3` AIR311:');
    // ruff's WebAssembly module compiles on the first call (seconds on a busy machine)
  }, 120_000);

  it('demo project registered from a local file: copies its files, rewrites the ARG default, opens no pull request', async () => {
    const original = await fs.readFile(
      path.join(EXAMPLES, 'projects/ingest-gateway/Dockerfile'),
      'utf8',
    );
    const current = /ARG ASTRO_RUNTIME_VERSION=(\S+)/.exec(original)![1];
    const r = await dryRun({
      entity: 'component:default/ingest-gateway',
      targetVersion: '13.1.0',
      pinProviders: true,
      branchName: 'astro-runtime-upgrade',
    });
    expect(r.status).toBe(200);
    // paths relative to the folder of the catalog location (examples/), as
    // the entity card names them
    const dockerfile = r.files['projects/ingest-gateway/Dockerfile'];
    expect(dockerfile).toBe(
      original.replace(
        `ARG ASTRO_RUNTIME_VERSION=${current}`,
        'ARG ASTRO_RUNTIME_VERSION=13.1.0',
      ),
    );
    expect(dockerfile).not.toBe(original);
    // only the two project files were copied
    expect(Object.keys(r.files).sort()).toEqual([
      'projects/ingest-gateway/Dockerfile',
      'projects/ingest-gateway/requirements.txt',
    ]);
    // the providers of the current Runtime pinned from the configured freeze file
    expect(freezeRequests).toContain(
      `https://cdn.example.test/runtime-${current}-python-3.12.txt`,
    );
    expect(r.files['projects/ingest-gateway/requirements.txt']).toContain(
      'apache-airflow-providers-amazon==9.0.0',
    );
    // no repository: the publish step is skipped, only the entity link is output
    expect(
      r.log.some(l =>
        l.includes('publish:github:pull-request in dry-run mode'),
      ),
    ).toBe(false);
    expect(r.body.output.links).toEqual([
      {
        title: 'Open the project in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/ingest-gateway',
      },
    ]);
    // the source files themselves are untouched
    expect(
      await fs.readFile(
        path.join(EXAMPLES, 'projects/ingest-gateway/Dockerfile'),
        'utf8',
      ),
    ).toBe(original);
  });

  it('GitLab variant (template.gitlab.yaml): monorepo folder, merge request step', async () => {
    const r = await dryRun(
      {
        entity: 'component:default/warehouse-loads',
        targetVersion: '12.6.0',
        branchName: 'astro-runtime-upgrade',
      },
      GITLAB_TEMPLATE_FILE,
    );
    expect(r.status).toBe(200);
    expect(readTreeUrls).toContain(
      'https://gitlab.com/data/platform/warehouse/-/tree/develop',
    );
    expect(r.files['airflow/Dockerfile']).toContain(
      'FROM quay.io/astronomer/astro-runtime:12.6.0\r\n',
    );
    const mrLog = r.log.find(l =>
      l.includes('Running publish:gitlab:merge-request in dry-run mode'),
    );
    expect(mrLog).toContain('gitlab.com?owner=data%2Fplatform&repo=warehouse');
    expect(mrLog).toContain('"targetBranchName": "develop"');
    expect(mrLog).toContain('"targetPath": "airflow"');
    expect(mrLog).toContain('Upgrade Astro Runtime from 12.4.0 to 12.6.0');
    // the merge request action has no dry-run mode: the scaffolder skips it
    expect(
      r.log.some(l =>
        l.includes(
          'Skipping because publish:gitlab:merge-request does not support dry-run',
        ),
      ),
    ).toBe(true);
    expect(r.body.output.links).toContainEqual({
      title: 'Open the project in the catalog',
      icon: 'catalog',
      entityRef: 'component:default/warehouse-loads',
    });
  });

  it('a refused upgrade fails the dry run with the reason', async () => {
    const r = await dryRun({
      entity: 'component:default/orders-pipeline',
      targetVersion: '11.8.0',
      branchName: 'astro-runtime-upgrade',
    });
    expect(r.status).not.toBe(200);
    expect(r.body.error.message).toMatch(
      /Cannot upgrade Dockerfile: downgrade: 11\.8\.0 is older than the current 12\.4\.0.*\[DOWNGRADE\]/,
    );
  });

  it('a template cannot make the action read an address of its choosing', async () => {
    freezeRequests.length = 0;
    const feedUrl = 'https://cdn.example.test/internal-feed.json';
    const r = await dryRun(
      {
        entity: 'component:default/orders-pipeline',
        targetVersion: '13.1.0',
        branchName: 'astro-runtime-upgrade',
      },
      TEMPLATE_FILE,
      template => {
        const step = template.spec.steps.find(
          (s: { action: string }) => s.action === 'astro:runtime:upgrade',
        );
        step.input.releasesUrl = feedUrl;
      },
    );
    expect(r.status).not.toBe(200);
    expect(JSON.stringify(r.body)).toMatch(/releasesUrl/);
    expect(freezeRequests).toEqual([]);
  });
});
