import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  catalogToFeed,
  considerationsFor,
  getBundledCatalog,
  renderConsiderationsMarkdown,
} from '@backstage-astro/plugin-astro-runtime-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import yaml from 'yaml';
import { MAX_FREEZE_FILE_BYTES } from '../lib/providers';
import { MAX_RELEASES_RESPONSE_BYTES } from '../lib/releases';
import {
  AstroRuntimeUpgradeActionOptions,
  createAstroRuntimeUpgradeAction,
} from './upgrade';
import { examples } from './upgrade.examples';

const A2 = 'quay.io/astronomer/astro-runtime';
const A3 = 'astrocrpublic.azurecr.io/runtime';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const FREEZE_TEMPLATE =
  'https://cdn.example.test/runtime-freeze/runtime-{tag}-python-{python}.txt';

const server = setupServer();
registerMswTestHooks(server);

/**
 * A UrlReader that reads over HTTP (so msw answers) and fails the way the
 * backend's readers do: NotFoundError on 404, an error ending in
 * ", <status> <text>" otherwise, NotAllowedError for hosts in `denied`.
 */
function httpUrlReader(denied: string[] = []) {
  return mockServices.urlReader.mock({
    readUrl: async (url, options) => {
      if (denied.includes(new URL(url).host)) {
        throw new NotAllowedError(
          `Reading from '${url}' is not allowed. You may need to configure an integration for the target host, or add it to the configured list of allowed hosts at 'backend.reading.allow'`,
        );
      }
      const res = await fetch(url, { signal: options?.signal });
      if (res.status === 404) {
        throw new NotFoundError(`could not read ${url}, 404 Not Found`);
      }
      if (!res.ok) {
        throw new Error(
          `could not read ${url}, ${res.status} ${res.statusText}`,
        );
      }
      return {
        buffer: async () => Buffer.from(await res.arrayBuffer()),
        stream: () => Readable.fromWeb(res.body as any),
      };
    },
  });
}

const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(
    workspaces.map(w => fs.rm(w, { recursive: true, force: true })),
  );
});

async function makeWorkspace(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'astro-upgrade-'));
  workspaces.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  return dir;
}

interface RunOptions {
  config?: object;
  isDryRun?: boolean;
  workspace?: string;
  actionOptions?: Partial<AstroRuntimeUpgradeActionOptions>;
}

async function run(
  files: Record<string, string>,
  input: Record<string, unknown>,
  opts: RunOptions = {},
) {
  const workspacePath = opts.workspace ?? (await makeWorkspace(files));
  const logger = mockServices.logger.mock();
  const action = createAstroRuntimeUpgradeAction({
    config: new ConfigReader(opts.config ?? {}),
    urlReader: httpUrlReader(),
    ...opts.actionOptions,
  });
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      workspacePath,
      logger,
    }),
    isDryRun: opts.isDryRun,
  };
  await action.handler(ctx as any);
  const outputs: Record<string, any> = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls,
  );
  const logs = [...logger.info.mock.calls, ...logger.warn.mock.calls].map(c =>
    String(c[0]),
  );
  return {
    workspacePath,
    outputs,
    logs,
    logger,
    read: (name: string) => fs.readFile(path.join(workspacePath, name), 'utf8'),
  };
}

async function upgradeOnly(dockerfile: string, targetVersion: string) {
  const r = await run({ Dockerfile: dockerfile }, { targetVersion });
  return { ...r, dockerfile: await r.read('Dockerfile') };
}

describe('astro:runtime:upgrade: every Dockerfile shape of a FROM line', () => {
  it('plain FROM: changes only the version token', async () => {
    const before = `FROM ${A2}:12.4.0\n\nCOPY packages.txt .\n`;
    const r = await upgradeOnly(before, '13.1.0');
    expect(r.dockerfile).toBe(`FROM ${A2}:13.1.0\n\nCOPY packages.txt .\n`);
    expect(r.outputs.fromVersion).toBe('12.4.0');
    expect(r.outputs.toVersion).toBe('13.1.0');
    expect(r.outputs.changedFiles).toEqual(['Dockerfile']);
  });

  it('platform flag', async () => {
    const r = await upgradeOnly(
      `FROM --platform=linux/amd64 ${A2}:8.6.0\n`,
      '8.10.0',
    );
    expect(r.dockerfile).toBe(`FROM --platform=linux/amd64 ${A2}:8.10.0\n`);
  });

  it('ARG default: edits the ARG line and leaves the FROM line alone', async () => {
    const before = `ARG ASTRO_RUNTIME_VERSION=12.1.0\nFROM ${A2}:\${ASTRO_RUNTIME_VERSION}\n`;
    const r = await upgradeOnly(before, '12.6.0');
    expect(r.dockerfile).toBe(
      `ARG ASTRO_RUNTIME_VERSION=12.6.0\nFROM ${A2}:\${ASTRO_RUNTIME_VERSION}\n`,
    );
    expect(r.outputs.fromVersion).toBe('12.1.0');
  });

  it('ARG in $VAR form', async () => {
    const r = await upgradeOnly(`ARG RT=12.1.0\nFROM ${A2}:$RT\n`, '12.6.0');
    expect(r.dockerfile).toBe(`ARG RT=12.6.0\nFROM ${A2}:$RT\n`);
  });

  it('ARG in ${VAR:-default} form', async () => {
    const r = await upgradeOnly(`FROM ${A2}:\${RT:-12.1.0}\n`, '12.6.0');
    expect(r.dockerfile).toBe(`FROM ${A2}:\${RT:-12.6.0}\n`);
  });

  it('multi-stage: follows the final stage back to its Astro base, keeps the variant', async () => {
    const before = [
      `FROM ${A2}:13.0.0-base AS build`,
      'COPY requirements.txt .',
      'FROM build AS runtime',
      'ONBUILD COPY dags/ /usr/local/airflow/dags/',
      '',
    ].join('\n');
    const r = await upgradeOnly(before, '13.1.0');
    expect(r.dockerfile).toBe(before.replace('13.0.0-base', '13.1.0-base'));
  });

  it('BuildKit syntax directive and commented-out alternatives stay untouched', async () => {
    const before = [
      '# syntax=quay.io/astronomer/airflow-extensions:latest',
      `# FROM --platform=linux/amd64 ${A2}:8.6.0`,
      `FROM ${A2}:12.4.0`,
      '',
    ].join('\n');
    const r = await upgradeOnly(before, '12.6.0');
    expect(r.dockerfile).toBe(before.replace(':12.4.0', ':12.6.0'));
  });

  it('lowercase from and a line continuation', async () => {
    const before = `from \\\n  ${A2}:12.4.0 as base\nRUN echo hi\n`;
    const r = await upgradeOnly(before, '12.6.0');
    expect(r.dockerfile).toBe(before.replace('12.4.0', '12.6.0'));
  });

  it('keeps CRLF line endings', async () => {
    const before = `# syntax=x\r\nFROM ${A2}:12.4.0\r\nENV A=1\r\n`;
    const r = await upgradeOnly(before, '13.1.0');
    expect(r.dockerfile).toBe(`# syntax=x\r\nFROM ${A2}:13.1.0\r\nENV A=1\r\n`);
    expect(r.dockerfile.split('\r\n')).toHaveLength(4);
  });

  it('keeps a UTF-8 BOM', async () => {
    const before = `\uFEFFFROM ${A2}:12.4.0\n`;
    const r = await upgradeOnly(before, '12.6.0');
    expect(r.dockerfile).toBe(`\uFEFFFROM ${A2}:12.6.0\n`);
  });

  it('keeps python/slim/base variant suffixes', async () => {
    const r = await upgradeOnly(
      `FROM ${A2}:11.2.0-python-3.11-slim-base\n`,
      '11.8.0',
    );
    expect(r.dockerfile).toBe(`FROM ${A2}:11.8.0-python-3.11-slim-base\n`);
  });

  it('drops a stale digest and says so', async () => {
    const r = await upgradeOnly(`FROM ${A2}:12.4.0@${DIGEST}\n`, '12.6.0');
    expect(r.dockerfile).toBe(`FROM ${A2}:12.6.0\n`);
    expect(r.outputs.notes.join(' ')).toContain('digest');
    expect(r.outputs.prBody).toContain('digest');
  });

  it('Airflow 2 → 3: switches to the Airflow 3 registry and lists the Airflow 3 considerations', async () => {
    const r = await upgradeOnly(`FROM ${A2}:12.6.0\nENV X=1\n`, '3.1-12');
    expect(r.dockerfile).toBe(`FROM ${A3}:3.1-12\nENV X=1\n`);
    expect(r.outputs.fromVersion).toBe('12.6.0');
    expect(r.outputs.toVersion).toBe('3.1-12');
    expect(r.outputs.considerations).toMatch(/SubDag|schedule_interval/i);
    expect(r.outputs.prBody).toContain('(Airflow 3)');
  });

  it('Airflow 3 patch upgrade on the new registry', async () => {
    const r = await upgradeOnly(`FROM ${A3}:3.3-1\n`, '3.3-2');
    expect(r.dockerfile).toBe(`FROM ${A3}:3.3-2\n`);
  });

  it('works in a project folder of a monorepo', async () => {
    const r = await run(
      {
        'README.md': 'x',
        'airflow/orders/Dockerfile': `FROM ${A2}:12.4.0\n`,
      },
      { targetVersion: '12.6.0', projectPath: 'airflow/orders/' },
    );
    expect(await r.read('airflow/orders/Dockerfile')).toBe(
      `FROM ${A2}:12.6.0\n`,
    );
    expect(r.outputs.changedFiles).toEqual(['airflow/orders/Dockerfile']);
  });
});

describe('astro:runtime:upgrade: outputs', () => {
  it('returns the pull request title and body with considerations, test and deploy steps', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:8.6.0\n` },
      { targetVersion: '9.7.0', deployments: ['ml-prod', 'ml-dev'] },
    );
    expect(r.outputs.prTitle).toBe('Upgrade Astro Runtime from 8.6.0 to 9.7.0');
    const body: string = r.outputs.prBody;
    expect(body).toContain('astro dev upgrade-test');
    expect(body).toContain('astro dev restart');
    expect(body).toContain('astro deploy');
    expect(body).toContain('downgrade');
    expect(body).toContain('ml-prod');
    // Runtime 9 considerations: test connection off, Python 3.11
    expect(r.outputs.considerations).toMatch(/TEST_CONNECTION|3\.11/);
    expect(r.outputs.considerations).toBe(
      renderConsiderationsMarkdown(
        considerationsFor('8.6.0', '9.7.0', getBundledCatalog()),
      ),
    );
    expect(body).toContain(r.outputs.considerations);
    expect(r.outputs.considerations).not.toContain('## ');
  });

  it('lists both upgrade paths of an Airflow 2 project, judged at the injected time', async () => {
    const at = (iso: string) => ({
      actionOptions: { now: () => new Date(iso) },
    });
    const december = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '3.3-2' },
      at('2026-12-02T00:00:00Z'),
    );
    const body: string = december.outputs.prBody;
    expect(body).toContain('## Upgrade paths');
    expect(body).toMatch(
      /- \*\*Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\*: maintenance ended 2026-11-30/,
    );
    expect(body).toMatch(
      /- \*\*Move to Airflow 3: 3\.3-2\*\* \(recommended, this pull request\): maintained at least until 2027-04-30 \(policy\)/,
    );
    // the paths come before the considerations of the path taken
    expect(body.indexOf('## Upgrade paths')).toBeLessThan(
      body.indexOf('## Considerations for this upgrade'),
    );

    // half a year earlier Runtime 13 is still maintained: the in-line path is recommended
    const june = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0' },
      at('2026-06-01T00:00:00Z'),
    );
    expect(june.outputs.prBody).toMatch(
      /- \*\*Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\* \(recommended, this pull request\): maintained until 2026-11-30/,
    );
    expect(june.outputs.prBody).toMatch(
      /- \*\*Move to Airflow 3: 3\.3-2\*\*: maintained/,
    );
  });

  it('without an injected clock, judges the upgrade paths at astroRuntime.clock.startAt', async () => {
    const startingAt = (startAt: string) => ({
      config: { astroRuntime: { clock: { startAt } } },
    });
    const december = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '3.3-2' },
      startingAt('2026-12-02T09:00:00Z'),
    );
    expect(december.outputs.prBody).toMatch(
      /- \*\*Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\*: maintenance ended 2026-11-30/,
    );
    expect(december.outputs.prBody).toMatch(
      /- \*\*Move to Airflow 3: 3\.3-2\*\* \(recommended, this pull request\)/,
    );
    const june = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0' },
      startingAt('2026-06-01'),
    );
    expect(june.outputs.prBody).toMatch(
      /- \*\*Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\* \(recommended, this pull request\): maintained until 2026-11-30/,
    );
  });

  it('an injected clock takes precedence over astroRuntime.clock.startAt', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0' },
      {
        config: { astroRuntime: { clock: { startAt: '2026-12-02' } } },
        actionOptions: { now: () => new Date('2026-06-01T00:00:00Z') },
      },
    );
    expect(r.outputs.prBody).toMatch(
      /13\.1\.0\*\* \(recommended, this pull request\): maintained until 2026-11-30/,
    );
  });

  it('refuses an astroRuntime.clock.startAt that is not an ISO 8601 time', () => {
    expect(() =>
      createAstroRuntimeUpgradeAction({
        config: new ConfigReader({
          astroRuntime: { clock: { startAt: 'next tuesday' } },
        }),
      }),
    ).toThrow(
      "astroRuntime.clock.startAt must be an ISO 8601 date or time, got 'next tuesday'",
    );
  });

  it('lists no upgrade paths for an Airflow 3 project with only its own line ahead', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A3}:3.3-1\n` },
      { targetVersion: '3.3-2' },
      { actionOptions: { now: () => new Date('2026-12-02T00:00:00Z') } },
    );
    expect(r.outputs.prBody).not.toContain('## Upgrade paths');
  });

  it('logs a diff of the change', async () => {
    const r = await run(
      { Dockerfile: `# a\nFROM ${A2}:12.4.0\nENV A=1\n` },
      { targetVersion: '12.6.0' },
    );
    const diff = r.logs.find(l => l.startsWith('--- a/Dockerfile'));
    expect(diff).toContain(`-FROM ${A2}:12.4.0`);
    expect(diff).toContain(`+FROM ${A2}:12.6.0`);
  });
});

describe('astro:runtime:upgrade: dry run', () => {
  it('computes the same result, logs the diff, and writes only into the (temporary) workspace', async () => {
    const files = {
      Dockerfile: `FROM ${A2}:12.4.0\n`,
      'requirements.txt': 'pandas==2.2.0\n',
    };
    const real = await run(files, { targetVersion: '13.1.0' });
    const dry = await run(
      files,
      { targetVersion: '13.1.0' },
      { isDryRun: true },
    );
    expect(dry.outputs).toEqual(real.outputs);
    expect(await dry.read('Dockerfile')).toBe(`FROM ${A2}:13.1.0\n`);
    expect(await dry.read('requirements.txt')).toBe('pandas==2.2.0\n');
    expect(dry.logs.some(l => /dry run/i.test(l))).toBe(true);
    expect(dry.logs.some(l => l.includes(`+FROM ${A2}:13.1.0`))).toBe(true);
    // nothing but the workspace's own files
    expect((await fs.readdir(dry.workspacePath)).sort()).toEqual([
      'Dockerfile',
      'requirements.txt',
    ]);
  });

  it('a refused upgrade writes nothing, in a dry run too', async () => {
    const files = { Dockerfile: `FROM ${A2}:12.4.0\n` };
    const ws = await makeWorkspace(files);
    await expect(
      run(
        files,
        { targetVersion: '11.8.0' },
        { isDryRun: true, workspace: ws },
      ),
    ).rejects.toThrow(/downgrade/i);
    expect(await fs.readFile(path.join(ws, 'Dockerfile'), 'utf8')).toBe(
      files.Dockerfile,
    );
  });
});

describe('astro:runtime:upgrade: refusals', () => {
  const plain = { Dockerfile: `FROM ${A2}:12.4.0\n` };

  it('refuses a downgrade', async () => {
    await expect(run(plain, { targetVersion: '11.8.0' })).rejects.toThrow(
      /downgrade.*\[DOWNGRADE\]/i,
    );
    await expect(
      run(plain, { targetVersion: '11.8.0', force: true }),
    ).rejects.toThrow(/DOWNGRADE/);
  });

  it('refuses the same version', async () => {
    await expect(run(plain, { targetVersion: '12.4.0' })).rejects.toThrow(
      /SAME_VERSION/,
    );
  });

  it('refuses an unknown version and a non-version', async () => {
    await expect(run(plain, { targetVersion: '12.99.0' })).rejects.toThrow(
      /12\.99\.0.*not in the release catalog.*\[UNKNOWN_VERSION\]/,
    );
    await expect(run(plain, { targetVersion: 'latest' })).rejects.toThrow(
      /UNKNOWN_VERSION/,
    );
    await expect(run(plain, { targetVersion: '  ' })).rejects.toThrow(
      /targetVersion is required/,
    );
  });

  it('refuses a yanked target unless forced', async () => {
    const r8 = { Dockerfile: `FROM ${A2}:8.6.0\n` };
    await expect(run(r8, { targetVersion: '9.1.0' })).rejects.toThrow(
      /yanked.*\[YANKED_TARGET\]/,
    );
    const forced = await run(r8, { targetVersion: '9.1.0', force: true });
    expect(await forced.read('Dockerfile')).toBe(`FROM ${A2}:9.1.0\n`);
  });

  it('refuses Airflow 3 from below Runtime 12', async () => {
    await expect(
      run({ Dockerfile: `FROM ${A2}:11.8.0\n` }, { targetVersion: '3.1-12' }),
    ).rejects.toThrow(/AIRFLOW3_REQUIRES_12/);
  });

  it('refuses a project without a Dockerfile', async () => {
    await expect(
      run({ 'requirements.txt': '' }, { targetVersion: '13.1.0' }),
    ).rejects.toThrow(/No Dockerfile at Dockerfile/);
    await expect(
      run(
        { 'a/Dockerfile': `FROM ${A2}:12.4.0\n`, 'b/x': '' },
        { targetVersion: '13.1.0', projectPath: 'b' },
      ),
    ).rejects.toThrow(/No Dockerfile at b\/Dockerfile/);
    await expect(
      run(plain, { targetVersion: '13.1.0', projectPath: 'missing' }),
    ).rejects.toThrow(/folder does not exist/);
  });

  it('refuses a Dockerfile that is not Astro', async () => {
    await expect(
      run(
        { Dockerfile: 'FROM python:3.11-slim\nRUN pip install x\n' },
        { targetVersion: '13.1.0' },
      ),
    ).rejects.toThrow(
      /python:3\.11-slim.*not an Astro Runtime image.*\[NOT_ASTRO\]/,
    );
    await expect(
      run(
        { Dockerfile: 'FROM quay.io/astronomer/ap-airflow:2.3.0-5-onbuild\n' },
        { targetVersion: '13.1.0' },
      ),
    ).rejects.toThrow(/Astronomer Certified.*\[NOT_ASTRO\]/);
    await expect(
      run({ Dockerfile: '# nothing here\n' }, { targetVersion: '13.1.0' }),
    ).rejects.toThrow(/NO_FROM/);
  });

  it('refuses project paths that escape the workspace', async () => {
    await expect(
      run(plain, { targetVersion: '13.1.0', projectPath: '../other' }),
    ).rejects.toThrow(/must stay inside the workspace/);
    await expect(
      run(plain, { targetVersion: '13.1.0', projectPath: 'a/../../x' }),
    ).rejects.toThrow(/must stay inside the workspace/);
    await expect(
      run(plain, { targetVersion: '13.1.0', projectPath: '/etc' }),
    ).rejects.toThrow(/must be relative to the workspace/);
  });

  it('refuses a project folder that is a symlink out of the workspace', async () => {
    const outside = await makeWorkspace({ Dockerfile: `FROM ${A2}:12.4.0\n` });
    const ws = await makeWorkspace({});
    await fs.symlink(outside, path.join(ws, 'linked'), 'dir');
    await expect(
      run(
        {},
        { targetVersion: '13.1.0', projectPath: 'linked' },
        { workspace: ws },
      ),
    ).rejects.toThrow(/leads outside the workspace through a symbolic link/);
    expect(await fs.readFile(path.join(outside, 'Dockerfile'), 'utf8')).toBe(
      `FROM ${A2}:12.4.0\n`,
    );
  });

  it('refuses a Dockerfile or requirements.txt that is a symlink out of the workspace', async () => {
    const outside = await makeWorkspace({
      Dockerfile: `FROM ${A2}:12.4.0\n`,
      'requirements.txt': 'x==1\n',
    });
    const ws = await makeWorkspace({});
    await fs.symlink(
      path.join(outside, 'Dockerfile'),
      path.join(ws, 'Dockerfile'),
    );
    await expect(
      run({}, { targetVersion: '13.1.0' }, { workspace: ws }),
    ).rejects.toThrow(/Dockerfile is a symbolic link that leads outside/);

    const ws2 = await makeWorkspace({ Dockerfile: `FROM ${A3}:3.3-1\n` });
    await fs.symlink(
      path.join(outside, 'requirements.txt'),
      path.join(ws2, 'requirements.txt'),
    );
    await expect(
      run(
        {},
        { targetVersion: '3.3-2', pinProviders: true },
        { workspace: ws2 },
      ),
    ).rejects.toThrow(/requirements.txt is a symbolic link that leads outside/);
    expect(
      await fs.readFile(path.join(outside, 'requirements.txt'), 'utf8'),
    ).toBe('x==1\n');
    // nothing was written before the refusal
    expect(await fs.readFile(path.join(ws2, 'Dockerfile'), 'utf8')).toBe(
      `FROM ${A3}:3.3-1\n`,
    );
  });

  it('allows a symlink that stays inside the workspace', async () => {
    const ws = await makeWorkspace({
      'real/Dockerfile': `FROM ${A2}:12.4.0\n`,
    });
    await fs.symlink(path.join(ws, 'real'), path.join(ws, 'alias'), 'dir');
    const r = await run(
      {},
      { targetVersion: '12.6.0', projectPath: 'alias' },
      { workspace: ws },
    );
    expect(await r.read('real/Dockerfile')).toBe(`FROM ${A2}:12.6.0\n`);
  });
});

describe('astro:runtime:upgrade: provider pins', () => {
  const freeze = [
    'apache-airflow==2.10.2+astro.1',
    'apache-airflow-providers-amazon==9.0.0',
    'apache-airflow-providers-http==4.13.1',
    'Apache_Airflow_Providers-Common-SQL==1.18.0',
    'pandas==2.1.4',
    '',
  ].join('\n');
  /** `run` options with the freeze-file URL template configured. */
  const withFreezeUrl: RunOptions = {
    config: {
      astroRuntime: { providerPins: { urlTemplate: FREEZE_TEMPLATE } },
    },
  };
  /** Answers every freeze-file request with `body` and `status`; returns the URLs requested. */
  function serveFreeze(body = freeze, status = 200): string[] {
    const requested: string[] = [];
    server.use(
      http.get(
        'https://cdn.example.test/runtime-freeze/:file',
        ({ request }) => {
          requested.push(request.url);
          return HttpResponse.text(body, { status });
        },
      ),
    );
    return requested;
  }

  it('reads the freeze file from the configured URL template (tag and default Python)', async () => {
    const requested = serveFreeze();
    const r = await run(
      {
        Dockerfile: `FROM ${A2}:12.4.0\n`,
        'requirements.txt':
          '# mine\r\napache-airflow-providers-http==4.12.0\r\n',
      },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(requested).toEqual([
      'https://cdn.example.test/runtime-freeze/runtime-12.4.0-python-3.12.txt',
    ]);
    const req = await r.read('requirements.txt');
    // existing lines and CRLF kept, the existing http pin not duplicated
    expect(
      req.startsWith('# mine\r\napache-airflow-providers-http==4.12.0\r\n'),
    ).toBe(true);
    expect(req).toContain('apache-airflow-providers-amazon==9.0.0\r\n');
    expect(req).toContain('apache-airflow-providers-common-sql==1.18.0\r\n');
    expect(req).not.toContain('apache-airflow-providers-http==4.13.1');
    expect(req).not.toContain('pandas');
    expect(r.outputs.pinnedProviders).toEqual([
      'apache-airflow-providers-amazon==9.0.0',
      'apache-airflow-providers-common-sql==1.18.0',
    ]);
    expect(r.outputs.changedFiles).toEqual(['Dockerfile', 'requirements.txt']);
    expect(r.outputs.pinWarning).toBeUndefined();
    // the PR body says requirements.txt changes too and lists the pins
    const body: string = r.outputs.prBody;
    expect(body).not.toContain('Only the version in the Dockerfile changes');
    expect(body).toContain(
      '`requirements.txt` pins 2 provider packages of Runtime `12.4.0`',
    );
    expect(body).toContain('- `apache-airflow-providers-amazon==9.0.0`\n');
    expect(body).toContain('- `apache-airflow-providers-common-sql==1.18.0`\n');
    expect(body).not.toContain('apache-airflow-providers-http==');
    // the notes output stays upgradeDockerfile's
    expect(r.outputs.notes).toEqual([]);
  });

  it("names the project's requirements.txt in a monorepo", async () => {
    serveFreeze();
    const r = await run(
      { 'airflow/orders/Dockerfile': `FROM ${A2}:12.4.0\n` },
      {
        targetVersion: '13.1.0',
        projectPath: 'airflow/orders',
        pinProviders: true,
      },
      withFreezeUrl,
    );
    expect(r.outputs.changedFiles).toEqual([
      'airflow/orders/Dockerfile',
      'airflow/orders/requirements.txt',
    ]);
    expect(r.outputs.prBody).toContain(
      '`airflow/orders/requirements.txt` pins 3 provider packages of Runtime `12.4.0`',
    );
  });

  it('says only the Dockerfile changes when every provider is already declared', async () => {
    serveFreeze();
    const requirements = [
      'apache-airflow-providers-amazon',
      'apache-airflow-providers-http>=4',
      'apache-airflow-providers-common-sql==1.17.0',
      '',
    ].join('\n');
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n`, 'requirements.txt': requirements },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(await r.read('requirements.txt')).toBe(requirements);
    expect(r.outputs.changedFiles).toEqual(['Dockerfile']);
    expect(r.outputs.pinnedProviders).toEqual([]);
    expect(r.outputs.prBody).toContain(
      'Only the version in the Dockerfile changes.',
    );
    expect(r.outputs.prBody).not.toContain('## Provider pins');
  });

  it('uses the Python of a -python-X.Y tag', async () => {
    const requested = serveFreeze();
    await run(
      { Dockerfile: `FROM ${A2}:12.4.0-python-3.11\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(requested).toEqual([
      'https://cdn.example.test/runtime-freeze/runtime-12.4.0-python-3.11.txt',
    ]);
  });

  it('creates requirements.txt when the project has none', async () => {
    serveFreeze();
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(await r.read('requirements.txt')).toContain(
      'apache-airflow-providers-amazon==9.0.0',
    );
  });

  it('pins offline from the bundled provider reference, without reading the freeze file', async () => {
    const requested = serveFreeze('nope', 404);
    const r = await run(
      { Dockerfile: `FROM ${A3}:3.3-1-python-3.12\n`, 'requirements.txt': '' },
      { targetVersion: '3.3-2', pinProviders: true },
      withFreezeUrl,
    );
    expect(await r.read('requirements.txt')).toContain(
      'apache-airflow-providers-standard==1.15.0',
    );
    expect(requested).toEqual([]);
    expect(r.outputs.pinWarning).toBeUndefined();
  });

  it('pins the providers of Runtime 7.4.1 offline (databricks 4.0.0)', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:7.4.1\n` },
      { targetVersion: '11.8.0', pinProviders: true },
    );
    expect(await r.read('requirements.txt')).toContain(
      'apache-airflow-providers-databricks==4.0.0',
    );
  });

  it('pins no Airflow 2 providers into an Airflow 3 target, and says what to do', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:11.8.0\n`, 'requirements.txt': 'x==1\n' },
      { targetVersion: '3.3-2', pinProviders: true, force: true },
    ).catch(e => e);
    // 11.8.0 cannot move to Airflow 3 in one step: the upgrade itself is refused.
    expect(String(r)).toMatch(/12\.0\.0/);
    const ok = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n`, 'requirements.txt': 'x==1\n' },
      { targetVersion: '3.3-2', pinProviders: true },
    );
    expect(await ok.read('requirements.txt')).toBe('x==1\n');
    expect(ok.outputs.pinWarning).toMatch(
      /not pinned for 3\.3-2 \(Airflow 3\).*requirements\.txt was not changed/,
    );
  });

  it('cannot build the freeze URL without a Python version, and says so', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A3}:3.2-6\n` },
      { targetVersion: '3.3-2', pinProviders: true },
      withFreezeUrl,
    );
    expect(
      r.logs.some(l => /Python version of 3\.2-6 is unknown/.test(l)),
    ).toBe(true);
    expect(r.outputs.pinWarning).toMatch(/3\.2-6 are unknown/);
  });

  it('uses the bundled list when no URL template is configured', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A3}:3.1-12\n` },
      { targetVersion: '3.3-2', pinProviders: true },
    );
    expect(await r.read('requirements.txt')).toContain(
      'apache-airflow-providers-celery==3.15.2',
    );
  });

  it('warns (and still upgrades) when no source knows the current Runtime', async () => {
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n`, 'requirements.txt': 'x==1\n' },
      { targetVersion: '13.1.0', pinProviders: true },
    );
    expect(r.outputs.pinWarning).toMatch(
      /Provider packages of Runtime 12\.4\.0 are unknown.*not configured.*bundled list does not cover 12\.4\.0/,
    );
    expect(r.logger.warn).toHaveBeenCalledWith(r.outputs.pinWarning);
    expect(await r.read('requirements.txt')).toBe('x==1\n');
    expect(await r.read('Dockerfile')).toBe(`FROM ${A2}:13.1.0\n`);
    expect(r.outputs.changedFiles).toEqual(['Dockerfile']);
    expect(r.outputs.prBody).toContain(
      'Only the version in the Dockerfile changes.',
    );
  });

  it('says why the configured URL did not help', async () => {
    serveFreeze('boom', 500);
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(r.outputs.pinWarning).toContain(
      'runtime-12.4.0-python-3.12.txt: HTTP 500',
    );
  });
  it('reads the freeze file through the UrlReader, so backend.reading.allow decides', async () => {
    const requested = serveFreeze();
    const reader = httpUrlReader(['cdn.example.test']);
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      { ...withFreezeUrl, actionOptions: { urlReader: reader } },
    );
    expect(reader.readUrl).toHaveBeenCalledWith(
      'https://cdn.example.test/runtime-freeze/runtime-12.4.0-python-3.12.txt',
      expect.anything(),
    );
    expect(requested).toEqual([]);
    expect(r.outputs.pinWarning).toContain(
      'runtime-12.4.0-python-3.12.txt: reading from its host is not allowed (add the host to backend.reading.allow or configure an integration for it)',
    );
    expect(await r.read('Dockerfile')).toBe(`FROM ${A2}:13.1.0\n`);
  });

  it('does not use the configured URL without a UrlReader', async () => {
    const requested = serveFreeze();
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      { ...withFreezeUrl, actionOptions: { urlReader: undefined } },
    );
    expect(requested).toEqual([]);
    expect(r.outputs.pinWarning).toContain('no UrlReader');
  });

  it('stops at the byte cap, and shows the URL without its query string', async () => {
    const requested = serveFreeze(
      `apache-airflow-providers-amazon==9.0.0\n${'#'.repeat(
        MAX_FREEZE_FILE_BYTES,
      )}\n`,
    );
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      {
        config: {
          astroRuntime: {
            providerPins: { urlTemplate: `${FREEZE_TEMPLATE}?token=s3cret` },
          },
        },
      },
    );
    expect(requested).toHaveLength(1);
    expect(r.outputs.pinWarning).toContain(
      `could not read the freeze file https://cdn.example.test/runtime-freeze/runtime-12.4.0-python-3.12.txt: it is larger than ${MAX_FREEZE_FILE_BYTES} bytes`,
    );
    expect(
      [...r.logs, r.outputs.pinWarning, r.outputs.prBody].join('\n'),
    ).not.toContain('s3cret');
  });

  it('does not repeat the body of an error answer', async () => {
    serveFreeze('<html>internal host inventory</html>', 503);
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0', pinProviders: true },
      withFreezeUrl,
    );
    expect(r.outputs.pinWarning).toContain('.txt: HTTP 503');
    expect([...r.logs, r.outputs.pinWarning].join('\n')).not.toContain(
      'inventory',
    );
  });
});

describe('astro:runtime:upgrade: release catalog', () => {
  const FEED_URL = 'https://mirror.example.test/astronomer-runtime';
  function feedWith(extra: Record<string, unknown>) {
    const feed = catalogToFeed(getBundledCatalog());
    Object.assign(feed.runtimeVersions, extra);
    return feed;
  }
  const newer = {
    '13.9.0': {
      metadata: { airflowVersion: '2.11.1', channel: 'stable', yanked: false },
      migrations: { airflowDatabase: false },
    },
  };

  it('refuses releasesUrl and never reads the address a template supplies', async () => {
    const files = { Dockerfile: `FROM ${A2}:13.1.0\n` };
    const requested: string[] = [];
    server.use(
      http.all(FEED_URL, ({ request }) => {
        requested.push(request.url);
        return HttpResponse.json(feedWith(newer));
      }),
      http.all('http://169.254.169.254/*', ({ request }) => {
        requested.push(request.url);
        return HttpResponse.text('instance credentials');
      }),
    );
    for (const releasesUrl of [
      FEED_URL,
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      '',
    ]) {
      await expect(
        run(files, { targetVersion: '13.9.0', releasesUrl }),
      ).rejects.toThrow(
        /releasesUrl is no longer accepted.*astro-runtime backend's configured release source/,
      );
    }
    expect(requested).toEqual([]);
    // the workspace is untouched
    const ws = await makeWorkspace(files);
    await expect(
      run(
        files,
        { targetVersion: '13.9.0', releasesUrl: FEED_URL },
        { workspace: ws },
      ),
    ).rejects.toThrow(/no longer accepted/);
    expect(await fs.readFile(path.join(ws, 'Dockerfile'), 'utf8')).toBe(
      files.Dockerfile,
    );
  });

  it('declares no releasesUrl input and admits no input it does not declare', () => {
    const action = createAstroRuntimeUpgradeAction({
      config: new ConfigReader({}),
    });
    const input = action.schema?.input as {
      properties: Record<string, unknown>;
      additionalProperties?: unknown;
    };
    expect(Object.keys(input.properties).sort()).toEqual([
      'applyCodeFixes',
      'deployments',
      'force',
      'pinProviders',
      'projectPath',
      'targetVersion',
    ]);
    expect(input.additionalProperties).toBe(false);
    // the documented examples use only declared inputs
    for (const example of examples) {
      for (const step of yaml.parse(example.example).steps) {
        if (step.action !== 'astro:runtime:upgrade') continue;
        for (const key of Object.keys(step.input)) {
          expect(Object.keys(input.properties)).toContain(key);
        }
      }
    }
  });

  it("uses the astro-runtime backend's catalog when that plugin answers", async () => {
    const base = 'http://backend.test/api/astro-runtime';
    let authorization: string | null = null;
    server.use(
      http.get(`${base}/releases`, ({ request }) => {
        authorization = request.headers.get('authorization');
        const catalog = getBundledCatalog();
        catalog.source = 'url';
        catalog.location =
          'https://mirror-user:s3cret@mirror.test/astronomer-runtime?token=abc';
        catalog.releases.push({
          version: '13.9.0',
          line: 'airflow2',
          channel: 'stable',
          yanked: false,
          airflowDatabaseMigration: false,
        });
        return HttpResponse.json({ catalog, ageSeconds: 1 });
      }),
    );
    const actionOptions = {
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => base,
      }),
      auth: mockServices.auth(),
    };
    const r = await run(
      { Dockerfile: `FROM ${A2}:13.1.0\n` },
      { targetVersion: '13.9.0' },
      { actionOptions },
    );
    expect(await r.read('Dockerfile')).toBe(`FROM ${A2}:13.9.0\n`);
    expect(authorization).toMatch(/^Bearer /);
    // the catalog's location is logged without user info or query string
    expect(
      r.logs.some(l =>
        l.startsWith(
          'Release catalog: url https://mirror.test/astronomer-runtime,',
        ),
      ),
    ).toBe(true);
    expect(r.logs.join('\n')).not.toMatch(/s3cret|token=abc/);
  });

  describe('when the backend answers badly', () => {
    const base = 'http://backend.test/api/astro-runtime';
    const actionOptions = () => ({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => base,
      }),
      auth: mockServices.auth(),
    });
    async function upgradeWith(answer: () => Response) {
      server.use(http.get(`${base}/releases`, answer));
      const r = await run(
        { Dockerfile: `FROM ${A2}:12.4.0\n` },
        { targetVersion: '13.1.0' },
        { actionOptions: actionOptions() },
      );
      // the bundled snapshot decided
      expect(r.outputs.toVersion).toBe('13.1.0');
      expect(r.logs.some(l => l.startsWith('Release catalog: bundled'))).toBe(
        true,
      );
      return r;
    }

    it('falls back on an error status and does not repeat the body', async () => {
      const r = await upgradeWith(() =>
        HttpResponse.text('upstream detail: password=hunter2', {
          status: 500,
        }),
      );
      expect(r.logger.warn).toHaveBeenCalledWith(
        'astro-runtime backend release catalog not available (HTTP 500); using the bundled snapshot',
      );
      expect(r.logs.join('\n')).not.toContain('hunter2');
    });

    it('falls back on an answer that is not JSON, without quoting it', async () => {
      const r = await upgradeWith(() =>
        HttpResponse.text('<html>secret login page</html>'),
      );
      expect(
        r.logs.some(l =>
          /not available \(the answer is not valid JSON\)/.test(l),
        ),
      ).toBe(true);
      expect(r.logs.join('\n')).not.toContain('secret login page');
    });

    it('stops reading an answer past the byte cap', async () => {
      // a real server, with msw out of the way (it tees responses, and one
      // branch of a tee cannot be cancelled alone): an endless chunked answer
      // without content-length
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      let closed = false;
      const endless = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const pump = () => {
          while (!closed) {
            sent += chunk.length;
            if (!res.write(chunk)) break;
          }
          if (!closed) res.once('drain', pump);
        };
        res.on('close', () => {
          closed = true;
        });
        pump();
      });
      await new Promise<void>(resolve =>
        endless.listen(0, '127.0.0.1', resolve),
      );
      const port = (endless.address() as AddressInfo).port;
      const local = `http://127.0.0.1:${port}/api/astro-runtime`;
      server.close();
      try {
        const r = await run(
          { Dockerfile: `FROM ${A2}:12.4.0\n` },
          { targetVersion: '13.1.0' },
          {
            actionOptions: {
              discovery: mockServices.discovery.mock({
                getBaseUrl: async () => local,
              }),
              auth: mockServices.auth(),
            },
          },
        );
        expect(r.outputs.toVersion).toBe('13.1.0');
        expect(
          r.logs.some(l =>
            l.includes(
              `not available (the answer is larger than ${MAX_RELEASES_RESPONSE_BYTES} bytes)`,
            ),
          ),
        ).toBe(true);
        // the connection was dropped soon after the cap (socket buffers aside)
        for (let i = 0; i < 100 && !closed; i++) {
          await new Promise(resolve => setTimeout(resolve, 20));
        }
        expect(closed).toBe(true);
        expect(sent).toBeLessThan(
          MAX_RELEASES_RESPONSE_BYTES + 16 * 1024 * 1024,
        );
      } finally {
        server.listen({ onUnhandledRequest: 'error' });
        endless.closeAllConnections();
        await new Promise(resolve => endless.close(resolve));
      }
    });

    it('says so at info level when the plugin is not installed', async () => {
      const r = await upgradeWith(() =>
        HttpResponse.json({ error: { message: 'Not Found' } }, { status: 404 }),
      );
      expect(r.logger.warn).not.toHaveBeenCalled();
      expect(r.logger.info).toHaveBeenCalledWith(
        'astro-runtime backend release catalog not available (HTTP 404: the astro-runtime backend plugin is not installed); using the bundled snapshot',
      );
    });
  });

  it('falls back to the bundled snapshot when the backend plugin is absent', async () => {
    const base = 'http://backend.test/api/astro-runtime';
    server.use(
      http.get(`${base}/releases`, () =>
        HttpResponse.text('', { status: 404 }),
      ),
    );
    const r = await run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '13.1.0' },
      {
        actionOptions: {
          discovery: mockServices.discovery.mock({
            getBaseUrl: async () => base,
          }),
          auth: mockServices.auth(),
        },
      },
    );
    expect(r.outputs.toVersion).toBe('13.1.0');
    expect(
      r.logs.some(l =>
        /backend release catalog not available \(HTTP 404: the astro-runtime backend plugin is not installed\)/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(r.logs.some(l => l.startsWith('Release catalog: bundled'))).toBe(
      true,
    );
  });
});

describe('astro:runtime:upgrade: audit', () => {
  it('records a run with who, which template, what was asked and the outcome', async () => {
    const auditor = mockServices.auditor.mock();
    const success = jest.fn();
    const fail = jest.fn();
    auditor.createEvent.mockResolvedValue({ success, fail });
    const workspacePath = await makeWorkspace({
      Dockerfile: `FROM ${A2}:12.4.0\n`,
    });
    const action = createAstroRuntimeUpgradeAction({
      config: new ConfigReader({}),
      auditor,
    });
    const ctx = createMockActionContext({
      input: { targetVersion: '13.1.0', projectPath: '.' } as any,
      workspacePath,
      logger: mockServices.logger.mock(),
      templateInfo: { entityRef: 'template:default/upgrade-astro-runtime' },
      user: { ref: 'user:default/ada' },
    });
    await action.handler(ctx as any);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'astro-runtime-upgrade',
      severityLevel: 'medium',
      meta: expect.objectContaining({
        actionId: 'astro:runtime:upgrade',
        templateRef: 'template:default/upgrade-astro-runtime',
        userRef: 'user:default/ada',
        dryRun: false,
        targetVersion: '13.1.0',
        projectPath: '.',
      }),
    });
    expect(success).toHaveBeenCalledWith({
      meta: {
        fromVersion: '12.4.0',
        toVersion: '13.1.0',
        changedFiles: ['Dockerfile'],
      },
    });
    expect(fail).not.toHaveBeenCalled();
    // the outputs still reach the scaffolder
    expect(ctx.output).toHaveBeenCalledWith('toVersion', '13.1.0');
  });

  it('records a refused run as failed, with the reason', async () => {
    const auditor = mockServices.auditor.mock();
    const success = jest.fn();
    const fail = jest.fn();
    auditor.createEvent.mockResolvedValue({ success, fail });
    const r = run(
      { Dockerfile: `FROM ${A2}:12.4.0\n` },
      { targetVersion: '11.8.0' },
      { isDryRun: true, actionOptions: { auditor } },
    );
    await expect(r).rejects.toThrow(/DOWNGRADE/);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        severityLevel: 'low',
        meta: expect.objectContaining({ dryRun: true }),
      }),
    );
    expect(fail).toHaveBeenCalledWith({
      error: expect.objectContaining({
        message: expect.stringMatching(/DOWNGRADE/),
      }),
    });
    expect(success).not.toHaveBeenCalled();
  });
});
