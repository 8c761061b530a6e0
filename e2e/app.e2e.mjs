// The product as a user meets it: the demo app in headless Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, launchBrowser, startApp, stopApp } from './lib/app.mjs';

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
mkdirSync(shots, { recursive: true });

let app;
let browser;
let page;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  await page.goto(appUrl);
  // guest sign-in (auto when only guest is configured; click if a button shows)
  const enter = page.getByRole('button', { name: /enter/i });
  if (await enter.isVisible({ timeout: 5000 }).catch(() => false)) await enter.click();
}, { timeout: 600_000 });

after(async () => {
  await browser?.close();
  stopApp(app?.proc);
});

describe('catalog', () => {
  test('lists the example Astro projects', async () => {
    await page.goto(`${appUrl}/catalog?filters[kind]=component`);
    await page.getByText('orders-pipeline').first().waitFor({ timeout: 60_000 });
    assert.ok(await page.getByText('crm-sync').first().isVisible());
  });
});
