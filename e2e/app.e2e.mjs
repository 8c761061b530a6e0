// The product as a user meets it: the demo app (`yarn start`) in headless
// Chromium. Each example Astro project was made for one state; the card, the
// org page, the upgrade template and the scorecard must show it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appUrl,
  backendUrl,
  launchBrowser,
  startApp,
  stopApp,
  visitSignedIn,
} from './lib/app.mjs';
import {
  copyExample,
  publishPush,
  repoUrlOf,
  scmEntityName,
  serveFolder,
} from '../scripts/demo-push.mjs';

/** The demo's local git host (backend.reading.allow lists it). */
const SCM_PORT = 7108;

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../docs/screenshots');
mkdirSync(shots, { recursive: true });

// example entity -> what its card must say (the scenario it was made for)
const scenarios = [
  {
    name: 'orders-pipeline',
    current: '3.3-2',
    state: 'Up to date',
    story: 'up to date on the Airflow 3 line',
  },
  {
    name: 'marketing-etl',
    current: '3.3-1',
    state: 'Patch available',
    story: 'a patch behind',
  },
  {
    name: 'finance-reporting',
    current: '11.8.0',
    state: 'Unsupported',
    story: 'LTS line past end of maintenance, a major behind',
  },
  {
    name: 'ml-features',
    current: '9.1.0',
    state: 'Yanked',
    story: 'a yanked Runtime',
  },
  {
    name: 'ingest-gateway',
    current: '12.4.0',
    state: 'Major upgrade available',
    story: 'ARG-templated Dockerfile',
  },
  {
    name: 'dbt-transform',
    current: '13.0.0',
    state: 'Minor upgrade available',
    story: 'multi-stage Dockerfile',
  },
  {
    name: 'crm-sync',
    current: '12.6.0',
    state: 'Downgrade blocked',
    story: 'a Deployment runs a newer Runtime than the repo',
  },
  {
    name: 'legacy-reports',
    current: '2.3.0',
    state: 'Astronomer Certified',
    story: 'a Certified image',
  },
];

let app;
let browser;
let context;
let page;
let token;

/**
 * A guest token. The dev backend restarts when a file of the workspace
 * changes (and then forgets its sessions): wait for it to answer.
 */
async function signIn() {
  const guest = await until(
    'a guest token',
    async () => {
      const res = await fetch(`${backendUrl}/api/auth/guest/refresh`);
      return res.ok ? res.json() : undefined;
    },
    180_000,
  );
  token = guest.backstageIdentity.token;
}

/** The code scan stored with a demo Component's status (the card shows it). */
async function storedCodeScan(name) {
  const { json } = await api(
    'GET',
    `/api/astro-runtime/entities/component/default/${name}/status`,
  );
  return json?.status?.code;
}

/** Calls the backend as the guest; signs in again once after a restart. */
async function api(method, url, body, retried = false) {
  let res;
  try {
    res = await fetch(`${backendUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    if (retried) throw e;
    await signIn();
    return api(method, url, body, true);
  }
  if (res.status === 401 && !retried) {
    await signIn();
    return api(method, url, body, true);
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/**
 * A screenshot of a whole element: the app scrolls inside its own container,
 * so an element taller than the window is drawn cut off; the window grows to
 * hold it for the shot.
 */
async function shootWhole(locator, file) {
  await locator.scrollIntoViewIfNeeded();
  const size = page.viewportSize();
  const box = await locator.boundingBox();
  const needed = Math.ceil((box?.y ?? 0) + (box?.height ?? 0) + 24);
  if (needed > size.height) {
    await page.setViewportSize({ width: size.width, height: needed });
  }
  try {
    await locator.screenshot({ path: file });
  } finally {
    await page.setViewportSize(size);
  }
}

/** Runs a test body; on failure keeps a screenshot under test-results/ for diagnosis. */
function withShot(name, fn) {
  return async () => {
    try {
      await fn();
    } catch (e) {
      mkdirSync(path.resolve(here, '../test-results'), { recursive: true });
      await page
        ?.screenshot({
          path: path.resolve(here, `../test-results/${name}.png`),
          fullPage: true,
        })
        .catch(() => {});
      throw e;
    }
  };
}

/** Navigates like a user; signs in as guest again when the app asks. */
function visit(url) {
  return visitSignedIn(page, url, p =>
    p.getByRole('link', { name: 'Astro Runtime' }).first(),
  );
}

async function until(what, fn, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `timed out waiting for ${what}: ${
      last?.message ?? JSON.stringify(last)?.slice(0, 300)
    }`,
  );
}

before(
  async () => {
    app = await startApp();
    await signIn();
    // the catalog ingests examples/ from files; wait until it has all of them
    await until('the example entities in the catalog', async () => {
      const { json } = await api(
        'GET',
        '/api/catalog/entities?filter=kind=component,metadata.tags=airflow',
      );
      return Array.isArray(json) && json.length >= scenarios.length;
    });
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(appUrl);
    // guest sign-in, as a user does
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.waitFor({ timeout: 120_000 });
    await enter.click();
    await page
      .getByText('Astro Runtime', { exact: true })
      .first()
      .waitFor({ timeout: 300_000 });
  },
  { timeout: 900_000 },
);

after(async () => {
  await browser?.close();
  await stopApp(app?.proc);
});

describe('entity card', () => {
  for (const s of scenarios) {
    test(
      `${s.name}: ${s.story} → ${s.state}`,
      withShot(`card-${s.name}`, async () => {
        await visit(`${appUrl}/catalog/default/component/${s.name}`);
        const card = page.getByTestId('astro-runtime-card');
        await card.waitFor();
        await card.getByTestId('astro-runtime-state').first().waitFor();
        const stateText = await card
          .getByTestId('astro-runtime-state')
          .first()
          .innerText();
        assert.match(stateText, new RegExp(s.state, 'i'), `state of ${s.name}`);
        const current = await card
          .getByTestId('astro-runtime-current')
          .first()
          .innerText();
        assert.ok(
          current.includes(s.current),
          `current Runtime of ${s.name}: ${current}`,
        );
        if (s.state !== 'Astronomer Certified') {
          const latest = await card
            .getByTestId('astro-runtime-latest')
            .first()
            .innerText();
          assert.ok(
            latest.includes('3.3-2'),
            `latest shown on ${s.name}: ${latest}`,
          );
        }
        if (
          ['orders-pipeline', 'crm-sync', 'finance-reporting'].includes(s.name)
        ) {
          await shootWhole(card, path.join(shots, `card-${s.name}.png`));
        }
      }),
    );
  }

  test(
    'web-dashboard (not an Astro project) shows no Astro Runtime card',
    withShot(
      'web-dashboard-not-an-astro-project-shows-no-astro-runtime-ca',
      async () => {
        await visit(`${appUrl}/catalog/default/component/web-dashboard`);
        await page
          .getByText('The analytics dashboard web app')
          .first()
          .waitFor();
        assert.equal(await page.getByTestId('astro-runtime-card').count(), 0);
      },
    ),
  );

  test(
    'crm-sync lists its Deployments and the downgrade that the next deploy would hit',
    withShot(
      'crm-sync-lists-its-deployments-and-the-downgrade-that-the-ne',
      async () => {
        await visit(`${appUrl}/catalog/default/component/crm-sync`);
        const deployments = page.getByTestId('astro-runtime-deployments');
        await deployments.waitFor();
        const text = await deployments.innerText();
        assert.match(text, /crm-prod/);
        assert.match(text, /13\.1\.0/);
        assert.match(text, /downgrade/i);
      },
    ),
  );
  test(
    "finance-reporting: the code section shows ruff's Airflow 3 findings as the stored status has them, blocking first",
    withShot('card-code-changes', async () => {
      const code = await storedCodeScan('finance-reporting');
      assert.ok(code, 'finance-reporting has a code scan');
      assert.ok(code.blocking > 0, 'its Airflow 2 DAGs have blocking findings');
      await visit(`${appUrl}/catalog/default/component/finance-reporting`);
      const section = page.getByTestId('astro-runtime-code');
      await section.waitFor();
      assert.match(
        await section.innerText(),
        /Code changes for Airflow 3/,
        'the section title',
      );
      // one chip per rule with the stored count, the blocking rules first
      const chips = section.getByTestId('astro-runtime-code-total');
      const labels = await chips.allInnerTexts();
      const expected = Object.entries(code.totals).map(
        ([rule, n]) => `${rule} × ${n}`,
      );
      assert.deepEqual([...labels].sort(), [...expected].sort(), 'rule totals');
      const severities = await chips.evaluateAll(els =>
        els.map(el => el.getAttribute('data-severity')),
      );
      assert.deepEqual(
        severities,
        [...severities].sort((a, b) =>
          a === b ? 0 : a === 'blocking' ? -1 : 1,
        ),
        `blocking rules first: ${severities}`,
      );
      if (code.fixable > 0) {
        assert.match(
          await section.getByTestId('astro-runtime-code-fixable').innerText(),
          new RegExp(`^${code.fixable} can be fixed automatically`),
        );
      } else {
        assert.equal(
          await section.getByTestId('astro-runtime-code-fixable').count(),
          0,
        );
      }
      // each finding shown is one of the stored ones, as file:line and rule
      const items = section.getByTestId('astro-runtime-code-finding');
      assert.ok((await items.count()) > 0, 'findings are listed');
      assert.equal(
        await items.first().getAttribute('data-severity'),
        'blocking',
        'the first finding shown is blocking',
      );
      const stored = new Set(
        code.findings.map(f => `${f.file}:${f.line} ${f.rule}`),
      );
      for (const text of await items.allInnerTexts()) {
        const m = /(\S+:\d+) (AIR\d+)/.exec(text);
        assert.ok(
          m && stored.has(`${m[1]} ${m[2]}`),
          `stored finding: ${text}`,
        );
      }
      await shootWhole(section, path.join(shots, 'card-code-changes.png'));
    }),
  );

  test(
    'orders-pipeline (Airflow 3, clean DAGs): the code section lists nothing to change',
    withShot('card-code-clean', async () => {
      const code = await storedCodeScan('orders-pipeline');
      assert.ok(code, 'orders-pipeline has a code scan');
      assert.ok(code.scanned.files > 0, 'its DAG files were scanned');
      assert.equal(
        code.findings.length,
        0,
        'the clean example has no findings',
      );
      await visit(`${appUrl}/catalog/default/component/orders-pipeline`);
      await page.getByTestId('astro-runtime-card').first().waitFor();
      const section = page.getByTestId('astro-runtime-code');
      await section.waitFor();
      assert.equal(
        await section.getByTestId('astro-runtime-code-finding').count(),
        0,
      );
      assert.equal(
        await section.getByTestId('astro-runtime-code-total').count(),
        0,
      );
    }),
  );
});

describe('org-wide page', () => {
  test(
    'lists every Astro project after a refresh, with the versions chart',
    withShot(
      'lists-every-astro-project-after-a-refresh-with-the-versions-',
      async () => {
        await visit(`${appUrl}/astro-runtime`);
        await page.getByTestId('astro-runtime-page').waitFor();
        // ask for a refresh the way a user would, then wait for the table
        await page.getByTestId('astro-runtime-refresh-now').click();
        await until('the refresh to finish', async () => {
          const { json } = await api('GET', '/api/astro-runtime/refresh');
          return (
            json &&
            !json.running &&
            json.finishedAt &&
            json.done >= scenarios.length
          );
        });
        await page.reload();
        const table = page.getByTestId('astro-runtime-table');
        await table.waitFor();
        for (const s of scenarios) {
          await table.getByText(s.name, { exact: true }).first().waitFor();
        }
        await page
          .getByTestId('astro-runtime-versions-chart')
          .locator('svg')
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(shots, 'page.png'),
          fullPage: true,
        });
      },
    ),
  );

  test(
    'filters by owner and by state',
    withShot('filters-by-owner-and-by-state', async () => {
      const table = page.getByTestId('astro-runtime-table');
      const owner = page.getByTestId('astro-runtime-filter-owner');
      const ownerSelect =
        (await owner.evaluate(el => el.tagName)) === 'SELECT'
          ? owner
          : owner.locator('select');
      const ownerValue = await ownerSelect.evaluate(sel =>
        [...sel.options]
          .map(o => o.value)
          .find(v => v.includes('team-analytics')),
      );
      assert.ok(ownerValue, 'team-analytics is an owner option');
      await ownerSelect.selectOption(ownerValue);
      await table
        .getByText('finance-reporting', { exact: true })
        .first()
        .waitFor();
      await until(
        'owner filter to apply',
        async () =>
          (await table
            .getByText('orders-pipeline', { exact: true })
            .count()) === 0,
        30_000,
      );
      await ownerSelect.selectOption('');

      const state = page.getByTestId('astro-runtime-filter-state');
      const stateSelect =
        (await state.evaluate(el => el.tagName)) === 'SELECT'
          ? state
          : state.locator('select');
      await stateSelect.selectOption('yanked');
      await table.getByText('ml-features', { exact: true }).first().waitFor();
      await until(
        'state filter to apply',
        async () =>
          (await table.getByText('crm-sync', { exact: true }).count()) === 0,
        30_000,
      );
      await stateSelect.selectOption('');
    }),
  );

  test(
    'shows the Airflow 3 blockers per project and in total, and filters on them',
    withShot('page-airflow3-blockers', async () => {
      const { json: summary } = await api(
        'GET',
        '/api/astro-runtime/summary?days=90',
      );
      const counts = summary?.codeBlockers;
      assert.ok(counts && counts.findings > 0, 'the summary counts blockers');
      const { json: rows } = await api(
        'GET',
        '/api/astro-runtime/statuses?view=rows&limit=100',
      );
      const byName = new Map(
        rows.items.map(r => [r.entityRef.split('/').pop(), r.airflow3Blockers]),
      );
      const withBlockers = [...byName].filter(([, n]) => n > 0);
      const without = [...byName].filter(([, n]) => !(n > 0));
      assert.ok(withBlockers.length && without.length, 'both kinds of project');
      assert.equal(
        withBlockers.reduce((a, [, n]) => a + n, 0),
        counts.findings,
        'the total is the sum of the rows',
      );
      assert.equal(withBlockers.length, counts.projects);

      await visit(`${appUrl}/astro-runtime`);
      assert.equal(
        await page.getByTestId('astro-runtime-code-blockers').innerText(),
        `${counts.findings} Airflow 3 blocker${
          counts.findings === 1 ? '' : 's'
        } in ${counts.projects} project${counts.projects === 1 ? '' : 's'}`,
      );
      const table = page.getByTestId('astro-runtime-table');
      await table.waitFor();
      await table
        .getByRole('columnheader', { name: /Airflow 3 blockers/i })
        .waitFor();
      for (const [name, n] of withBlockers) {
        const cell = table
          .locator('tr', {
            has: page.getByText(name, { exact: true }),
          })
          .getByTestId('astro-runtime-airflow3-blockers');
        assert.equal(await cell.innerText(), n.toLocaleString('en-US'), name);
      }
      // the filter keeps exactly the projects with a blocker
      await page.getByTestId('astro-runtime-filter-airflow3-blockers').check();
      await until(
        'the blockers filter to apply',
        async () => {
          for (const [name] of without) {
            if ((await table.getByText(name, { exact: true }).count()) > 0) {
              return false;
            }
          }
          return true;
        },
        30_000,
      );
      for (const [name] of withBlockers) {
        await table.getByText(name, { exact: true }).first().waitFor();
      }
      await page
        .getByTestId('astro-runtime-filter-airflow3-blockers')
        .uncheck();
      await table.getByText(without[0][0], { exact: true }).first().waitFor();
    }),
  );

  test(
    'exports the table as CSV',
    withShot('exports-the-table-as-csv', async () => {
      const table = page.getByTestId('astro-runtime-table');
      await table
        .getByText('orders-pipeline', { exact: true })
        .first()
        .waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('astro-runtime-export-csv').click(),
      ]);
      const file = await download.path();
      const csv = readFileSync(file, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      assert.ok(
        lines.length >= scenarios.length + 1,
        `CSV has a header and the rows (${lines.length} lines)`,
      );
      assert.match(lines[0], /entity/i);
      assert.match(csv, /crm-sync/);
    }),
  );
});

describe('upgrade pull request', () => {
  test(
    'the card button opens the upgrade template pre-filled; the picker offers only valid targets',
    withShot(
      'the-card-button-opens-the-upgrade-template-pre-filled-the-pi',
      async () => {
        await visit(`${appUrl}/catalog/default/component/ingest-gateway`);
        const button = page.getByTestId('astro-runtime-upgrade-button');
        await button.waitFor();
        await button.click();
        await page.waitForURL(
          /\/create\/templates\/default\/upgrade-astro-runtime/,
        );
        const url = new URL(page.url());
        const formData = JSON.parse(url.searchParams.get('formData') ?? '{}');
        assert.equal(formData.entity, 'component:default/ingest-gateway');
        // on the demo's date (astroRuntime.clock.startAt, 2026-12-02) Runtime
        // 13 is out of maintenance: the card recommends the Airflow 3 path
        assert.equal(formData.targetVersion, '3.3-2');
        const picker = page.getByTestId('astro-runtime-version-picker');
        await picker.waitFor();
        // the picker is a native select: read what it offers once the versions loaded
        const select = picker.locator('select');
        await until(
          'the picker to load versions',
          async () => (await select.locator('option').count()) > 2,
          60_000,
        );
        const options = await select.locator('option').evaluateAll(os =>
          os.map(o => ({
            value: o.value,
            disabled: o.disabled,
            group: o.parentElement?.getAttribute('label') ?? '',
          })),
        );
        const offered = options
          .filter(o => o.value && !o.disabled)
          .map(o => o.value);
        assert.equal(
          await select.inputValue(),
          '3.3-2',
          'the pre-filled target is selected',
        );
        await page.screenshot({ path: path.join(shots, 'template.png') });
        assert.ok(offered.includes('13.1.0'), `13.1.0 offered: ${offered}`);
        assert.ok(
          offered.includes('3.3-2'),
          `the Airflow 3 line is offered from 12.4.0: ${offered}`,
        );
        assert.ok(
          !offered.includes('12.4.0'),
          'the current version is not offered',
        );
        assert.ok(
          !offered.includes('12.1.0'),
          'older versions are not offered',
        );
        assert.ok(
          !offered.some(v => v.startsWith('11.') || v.startsWith('9.')),
          'nothing below the current version',
        );
        assert.ok(
          options.some(o => /Airflow 3/.test(o.group)) &&
            options.some(o => /Airflow 2/.test(o.group)),
          'grouped by line',
        );
        // truthful support labels, judged at the entity's assessment time
        const labels = await select
          .locator('option')
          .evaluateAll(os =>
            Object.fromEntries(os.map(o => [o.value, o.text])),
          );
        assert.match(
          labels['13.1.0'],
          /maintenance ended 2026-11-30, basic support until 2027-11-30/,
          labels['13.1.0'],
        );
        assert.doesNotMatch(labels['13.1.0'], /recommended/);
        assert.match(
          labels['3.3-2'],
          /recommended.*maintained at least until 2027-04-30 \(policy\)/,
          labels['3.3-2'],
        );
        // show every option (a native select's list is not drawn in a
        // screenshot): the picker as a list box, then back
        await select.evaluate(el => {
          el.size = el.options.length + el.querySelectorAll('optgroup').length;
          el.style.height = 'auto';
        });
        await shootWhole(picker, path.join(shots, 'picker.png'));
        await select.evaluate(el => {
          el.size = 0;
          el.style.height = '';
        });
      },
    ),
  );

  test(
    'a dry run of the template shows the rewritten Dockerfile',
    withShot(
      'a-dry-run-of-the-template-shows-the-rewritten-dockerfile',
      async () => {
        const yaml = readFileSync(
          path.resolve(
            here,
            '../examples/templates/upgrade-astro-runtime/template.yaml',
          ),
          'utf8',
        );
        const { parse } = await import('yaml');
        const template = parse(yaml);
        const res = await api('POST', '/api/scaffolder/v2/dry-run', {
          template,
          values: {
            entity: 'component:default/ingest-gateway',
            targetVersion: '13.1.0',
            pinProviders: false,
            branchName: 'astro-runtime-upgrade',
          },
          secrets: {},
          directoryContents: [],
        });
        assert.equal(res.status, 200, res.text.slice(0, 500));
        const files = res.json.directoryContents ?? [];
        const dockerfile = files.find(f => f.path.endsWith('Dockerfile'));
        assert.ok(
          dockerfile,
          `a Dockerfile in the dry-run output: ${files.map(f => f.path)}`,
        );
        const text = Buffer.from(dockerfile.base64Content, 'base64').toString(
          'utf8',
        );
        assert.match(text, /ARG ASTRO_RUNTIME_VERSION=13\.1\.0/);
        assert.match(
          text,
          /FROM quay\.io\/astronomer\/astro-runtime:\$\{ASTRO_RUNTIME_VERSION\}/,
        );
      },
    ),
  );

  test(
    "a dry run to Airflow 3 with ruff's safe fixes shows a fixed DAG",
    withShot(
      'a-dry-run-to-airflow-3-with-ruffs-safe-fixes-shows-a-fixed-dag',
      async () => {
        const yaml = readFileSync(
          path.resolve(
            here,
            '../examples/templates/upgrade-astro-runtime/template.yaml',
          ),
          'utf8',
        );
        const { parse } = await import('yaml');
        const template = parse(yaml);
        const res = await api('POST', '/api/scaffolder/v2/dry-run', {
          template,
          values: {
            entity: 'component:default/ingest-gateway',
            targetVersion: '3.3-2',
            pinProviders: false,
            applyCodeFixes: true,
            branchName: 'astro-runtime-upgrade',
          },
          secrets: {},
          directoryContents: [],
        });
        assert.equal(res.status, 200, res.text.slice(0, 500));
        const files = res.json.directoryContents ?? [];
        const dag = files.find(f => f.path.endsWith('dags/ingest_gateway.py'));
        assert.ok(
          dag,
          `the DAG in the dry-run output: ${files.map(f => f.path)}`,
        );
        const text = Buffer.from(dag.base64Content, 'base64').toString('utf8');
        const original = readFileSync(
          path.resolve(
            here,
            '../examples/projects/ingest-gateway/dags/ingest_gateway.py',
          ),
          'utf8',
        );
        assert.match(original, /schedule_interval=/);
        // the safe fix renamed the argument; the rest of the file is kept
        assert.doesNotMatch(text, /schedule_interval=/);
        assert.match(text, /schedule="@hourly"/);
        const log = (res.json.log ?? []).map(l => l.body?.message ?? '');
        assert.ok(
          log.some(l => l.includes('+    schedule="@hourly"')),
          'the diff of the fixed DAG is in the dry-run log',
        );
      },
    ),
  );
});

describe('scorecard', () => {
  test(
    'shows pass/fail per check on an entity page',
    withShot('shows-pass-fail-per-check-on-an-entity-page', async () => {
      // the fact retriever runs every 2 minutes; wait until it has facts for crm-sync
      await until(
        'tech-insights facts for crm-sync',
        async () => {
          const { json } = await api(
            'POST',
            '/api/tech-insights/checks/run/default/component/crm-sync',
            {},
          );
          return Array.isArray(json) &&
            json.length >= 5 &&
            json.every(r => r.result !== undefined)
            ? json
            : undefined;
        },
        300_000,
      );
      await visit(`${appUrl}/catalog/default/component/crm-sync`);
      const card = page.getByTestId('astro-runtime-scorecard');
      await card.waitFor();
      const rows = card.locator('[data-testid^="astro-runtime-check-"]');
      await until(
        'the scorecard rows',
        async () => (await rows.count()) >= 5,
        60_000,
      );
      const outcomes = Object.fromEntries(
        await rows.evaluateAll(els =>
          els.map(el => [
            el.innerText
              .split('\n')
              .find(t => /[a-z]/i.test(t) && !/^(pass|fail)/i.test(t.trim())) ??
              el.innerText,
            el.getAttribute('data-outcome'),
          ]),
        ),
      );
      const byName = name =>
        Object.entries(outcomes).find(([k]) => k.includes(name))?.[1];
      assert.match(
        String(byName('Deployments match the repo')),
        /fail/i,
        JSON.stringify(outcomes),
      );
      assert.match(
        String(byName('Not on a yanked Runtime')),
        /pass/i,
        JSON.stringify(outcomes),
      );
      await card.screenshot({
        path: path.join(shots, 'scorecard-crm-sync.png'),
      });
    }),
  );

  test(
    'the org page shows the pass rate of each check across the Astro projects',
    withShot('scorecard-overview', async () => {
      await visit(`${appUrl}/astro-runtime`);
      const overview = page.getByTestId('astro-runtime-scorecard-overview');
      await overview.waitFor();
      await until(
        'pass rates in the overview',
        async () => (await overview.getByTestId('pass-rate').count()) >= 5,
        60_000,
      );
      const text = await overview.innerText();
      assert.match(text, /On a maintained Runtime/i);
      assert.match(text, /Not on a yanked Runtime/i);
      assert.match(
        text,
        /ml-features/,
        'the yanked project is listed as failing',
      );
      await overview.screenshot({
        path: path.join(shots, 'scorecard-overview.png'),
      });
    }),
  );
});

describe('upgrade paths', () => {
  for (const example of [
    { name: 'dbt-transform', current: '13.0.0', blocked: false },
    { name: 'finance-reporting', current: '11.8.0', blocked: true },
  ]) {
    test(
      `${example.name} (Airflow 2, ${example.current}): both paths on the card, the Airflow 3 one recommended on the demo's date`,
      withShot(`upgrade-paths-${example.name}`, async () => {
        await visit(`${appUrl}/catalog/default/component/${example.name}`);
        const card = page.getByTestId('astro-runtime-card');
        await card.waitFor();
        const paths = card.getByTestId('astro-runtime-path');
        await until(
          'two upgrade paths on the card',
          async () => (await paths.count()) === 2,
          60_000,
        );
        const shown = await paths.evaluateAll(els =>
          els.map(el => ({
            kind: el.getAttribute('data-kind'),
            recommended: el.getAttribute('data-recommended'),
            text: el.innerText,
          })),
        );
        const [inLine, af3] = shown;
        assert.equal(inLine.kind, 'in-line', JSON.stringify(shown));
        assert.match(
          inLine.text,
          /Stay on Airflow 2 until 2027-11-30: 13\.1\.0/,
        );
        assert.match(inLine.text, /maintenance ended 2026-11-30/);
        assert.equal(inLine.recommended, 'false');
        assert.equal(af3.kind, 'airflow3', JSON.stringify(shown));
        assert.match(af3.text, /Move to Airflow 3: 3\.3-2/);
        assert.match(
          af3.text,
          /maintained at least until 2027-04-30 \(policy\)/,
        );
        assert.equal(af3.recommended, 'true');
        assert.match(af3.text, /Recommended/);
        // each path has its own upgrade pull request button; below Runtime 12
        // the Airflow 3 one opens the interim upgrade first
        const targets = await card
          .getByTestId('astro-runtime-path-upgrade-button')
          .evaluateAll(els =>
            els.map(
              el =>
                /"targetVersion":"([^"]+)"/.exec(
                  decodeURIComponent(el.getAttribute('href') ?? ''),
                )?.[1],
            ),
          );
        assert.deepEqual(targets, [
          '13.1.0',
          example.blocked ? '13.1.0' : '3.3-2',
        ]);
        if (example.blocked) {
          assert.match(af3.text, /Upgrade to 13\.1\.0 and deploy it first/);
        }
        if (example.name === 'dbt-transform') {
          await shootWhole(card, path.join(shots, 'card-upgrade-paths.png'));
        }
      }),
    );
  }
});

describe('project location', () => {
  test(
    'warehouse-loads (catalog file in catalog/, project in airflow/loads/): the card and the dry-run pull request name the same Dockerfile',
    withShot('project-location-same-dockerfile', async () => {
      await visit(`${appUrl}/catalog/default/component/warehouse-loads`);
      const card = page.getByTestId('astro-runtime-card');
      await card.waitFor();
      const fact = card.getByTestId('astro-runtime-dockerfile');
      await fact.waitFor();
      const shown = /(\S*Dockerfile)/.exec(await fact.innerText())?.[1];
      assert.equal(
        shown,
        'projects/warehouse-loads/airflow/loads/Dockerfile',
        'the card names the Dockerfile relative to the repository',
      );
      const current = await card
        .getByTestId('astro-runtime-current')
        .first()
        .innerText();
      assert.ok(current.includes('13.0.0'), `current Runtime: ${current}`);

      const { parse } = await import('yaml');
      const template = parse(
        readFileSync(
          path.resolve(
            here,
            '../examples/templates/upgrade-astro-runtime/template.yaml',
          ),
          'utf8',
        ),
      );
      const res = await api('POST', '/api/scaffolder/v2/dry-run', {
        template,
        values: {
          entity: 'component:default/warehouse-loads',
          targetVersion: '13.1.0',
          pinProviders: false,
          branchName: 'astro-runtime-upgrade',
        },
        secrets: {},
        directoryContents: [],
      });
      assert.equal(res.status, 200, res.text.slice(0, 500));
      const files = res.json.directoryContents ?? [];
      const edited = files.filter(f => f.path.endsWith('Dockerfile'));
      assert.deepEqual(
        edited.map(f => f.path),
        [shown],
        'the dry run edits the Dockerfile the card assessed',
      );
      assert.match(
        Buffer.from(edited[0].base64Content, 'base64').toString('utf8'),
        /FROM quay\.io\/astronomer\/astro-runtime:13\.1\.0/,
      );
    }),
  );
});

describe('push freshness', () => {
  test(
    'a push of an edited Dockerfile reassesses the project and its card within 2 s',
    withShot('push-freshness', async () => {
      // a copy of marketing-etl on the demo's local git host (port 7108, as
      // `yarn demo:push serve`), in a temp folder: examples/ stays untouched
      const example = 'marketing-etl';
      const repos = mkdtempSync(path.join(os.tmpdir(), 'astro-e2e-scm-'));
      const copy = copyExample(repos, example);
      const server = await serveFolder(repos, SCM_PORT);
      const repoUrl = repoUrlOf(SCM_PORT, example);
      const ref = `component/default/${scmEntityName(example)}`;
      let locationId;
      try {
        const reg = await api('POST', '/api/catalog/locations', {
          type: 'url',
          target: `${repoUrl}/catalog-info.yaml`,
        });
        assert.equal(reg.status, 201, reg.text.slice(0, 300));
        locationId = reg.json.location.id;
        await until(
          'the copy in the catalog',
          async () =>
            (
              await api('GET', `/api/catalog/entities/by-name/${ref}`)
            ).status === 200,
          120_000,
        );
        const status = async (fresh = false) =>
          (
            await api(
              'GET',
              `/api/astro-runtime/entities/${ref}/status${
                fresh ? '?fresh=true' : ''
              }`,
            )
          ).json;
        // as committed: 3.3-1, a patch behind; read from the git host's URL
        const first = await until(
          'the first assessment',
          async () => ((await status(true))?.status ? status() : undefined),
          60_000,
        );
        assert.equal(first.status.runtime.raw, '3.3-1');
        assert.equal(first.status.updateKind, 'patch');
        assert.equal(first.dockerfileUrl, `${repoUrl}/Dockerfile`);

        // the edit alone changes nothing stored: the push does
        writeFileSync(
          path.join(copy, 'Dockerfile'),
          'FROM astrocrpublic.azurecr.io/runtime:3.3-2\n',
        );
        assert.equal((await status()).status.runtime.raw, '3.3-1');
        const start = Date.now();
        await publishPush({
          backend: backendUrl,
          repoUrl,
          paths: ['Dockerfile'],
        });
        const deadline = start + 10_000;
        let now;
        while (Date.now() < deadline) {
          now = await status();
          if (now?.status?.runtime?.raw === '3.3-2') break;
          await new Promise(r => setTimeout(r, 50));
        }
        const took = Date.now() - start;
        console.log(`push freshness: status updated ${took} ms after the push`);
        assert.equal(now?.status?.runtime?.raw, '3.3-2', 'reassessed');
        assert.equal(now.status.updateKind, 'none');
        assert.ok(took < 2000, `the push took ${took} ms to show`);

        await visit(
          `${appUrl}/catalog/default/component/${scmEntityName(example)}`,
        );
        const card = page.getByTestId('astro-runtime-card');
        await card.getByTestId('astro-runtime-state').first().waitFor();
        assert.match(
          await card.getByTestId('astro-runtime-state').first().innerText(),
          /up to date/i,
        );
        assert.ok(
          (
            await card.getByTestId('astro-runtime-current').first().innerText()
          ).includes('3.3-2'),
        );
      } finally {
        server.close();
        rmSync(repos, { recursive: true, force: true });
        if (locationId) {
          await api('DELETE', `/api/catalog/locations/${locationId}`);
        }
      }
    }),
  );
});
