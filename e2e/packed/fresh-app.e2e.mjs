// The packed plugins in e2e/fresh-app (new frontend system), in headless
// Chromium: the card on two example projects, the org page, and the upgrade
// template (its version picker field, and a dry run). Started by
// scripts/test-packed.mjs, which passes FRESH_APP_URL and FRESH_BACKEND_URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, visitSignedIn } from '../lib/app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const appUrl = process.env.FRESH_APP_URL ?? 'http://localhost:3200';
const backendUrl = process.env.FRESH_BACKEND_URL ?? 'http://localhost:7207';

const examples = [
  { name: 'crm-sync', current: '12.6.0', state: 'Downgrade blocked' },
  { name: 'marketing-etl', current: '3.3-1', state: 'Patch available' },
];

let browser;
let page;
let token;

async function api(method, url, body) {
  const res = await fetch(`${backendUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
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
  throw new Error(`timed out waiting for ${what}: ${last?.message ?? last}`);
}

function withShot(name, fn) {
  return async () => {
    try {
      await fn();
    } catch (e) {
      const dir = path.resolve(here, '../../test-results');
      mkdirSync(dir, { recursive: true });
      await page
        ?.screenshot({
          path: path.join(dir, `fresh-app-${name}.png`),
          fullPage: true,
        })
        .catch(() => {});
      throw e;
    }
  };
}

/** Opens a page of the app; signs in as guest when the sign-in page shows. */
function visit(url) {
  // every signed-in page of the new frontend system has its sidebar
  return visitSignedIn(page, url, p =>
    p.getByRole('navigation', { name: 'sidebar nav' }).first(),
  );
}

before(
  async () => {
    const guest = await (
      await fetch(`${backendUrl}/api/auth/guest/refresh`)
    ).json();
    token = guest.backstageIdentity.token;
    await until('the example entities in the catalog', async () => {
      const { json } = await api(
        'GET',
        '/api/catalog/entities?filter=kind=component,metadata.tags=airflow',
      );
      return Array.isArray(json) && json.length >= 8;
    });
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(appUrl);
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.waitFor({ timeout: 120_000 });
    await enter.click();
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
});

describe('the entity card (entity-card:astro-runtime/runtime)', () => {
  for (const ex of examples) {
    test(
      `${ex.name}: ${ex.state}`,
      withShot(`card-${ex.name}`, async () => {
        await visit(`${appUrl}/catalog/default/component/${ex.name}`);
        const card = page.getByTestId('astro-runtime-card');
        await card.waitFor({ timeout: 120_000 });
        const state = card.getByTestId('astro-runtime-state').first();
        await state.waitFor();
        assert.match(await state.innerText(), new RegExp(ex.state, 'i'));
        const current = await card
          .getByTestId('astro-runtime-current')
          .first()
          .innerText();
        assert.ok(current.includes(ex.current), `current Runtime: ${current}`);
      }),
    );
  }
});

describe('the org page (page:astro-runtime)', () => {
  test(
    'lists the Astro projects after a refresh',
    withShot('page', async () => {
      await visit(`${appUrl}/astro-runtime`);
      await page.getByTestId('astro-runtime-page').waitFor();
      await page.getByTestId('astro-runtime-refresh-now').click();
      await until('the refresh to finish', async () => {
        const { json } = await api('GET', '/api/astro-runtime/refresh');
        return json && !json.running && json.finishedAt && json.done >= 8;
      });
      await page.reload();
      const table = page.getByTestId('astro-runtime-table');
      await table.waitFor();
      for (const ex of examples) {
        await table.getByText(ex.name, { exact: true }).first().waitFor();
      }
    }),
  );
});

describe('the upgrade template', () => {
  test(
    'the version picker field (scaffolder-form-field:astro-runtime/version-picker) renders in the template form',
    withShot('picker', async () => {
      const formData = encodeURIComponent(
        JSON.stringify({
          entity: 'component:default/ingest-gateway',
          targetVersion: '13.1.0',
        }),
      );
      await visit(
        `${appUrl}/create/templates/default/upgrade-astro-runtime?formData=${formData}`,
      );
      const picker = page.getByTestId('astro-runtime-version-picker');
      await picker.waitFor({ timeout: 120_000 });
      const select = picker.locator('select');
      await until(
        'the picker to load versions',
        async () => (await select.locator('option').count()) > 2,
        60_000,
      );
      assert.equal(await select.inputValue(), '13.1.0');
    }),
  );

  test('a dry run rewrites the Dockerfile', async () => {
    const { parse } = await import('yaml');
    const template = parse(
      readFileSync(
        path.resolve(
          here,
          '../../examples/templates/upgrade-astro-runtime/template.yaml',
        ),
        'utf8',
      ),
    );
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
      `a Dockerfile in the output: ${files.map(f => f.path)}`,
    );
    const text = Buffer.from(dockerfile.base64Content, 'base64').toString(
      'utf8',
    );
    assert.match(text, /ARG ASTRO_RUNTIME_VERSION=13\.1\.0/);
  });
});
