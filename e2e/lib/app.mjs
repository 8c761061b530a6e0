// Starts and stops the demo app for the end-to-end suite, and launches Chromium.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter(Boolean);
  return candidates.find(c => existsSync(c));
}

export const ports = {
  app: Number(process.env.E2E_APP_PORT ?? 3100),
  backend: Number(process.env.E2E_BACKEND_PORT ?? 7107),
};
export const appUrl = `http://localhost:${ports.app}`;
export const backendUrl = `http://localhost:${ports.backend}`;

async function waitFor(url, timeoutMs, proc) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(
        `the app exited with code ${proc.exitCode} before ${url} answered`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
      lastErr = new Error(`HTTP ${res.status}`);
    } catch (e) {
      lastErr = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${url}: ${lastErr?.message}`);
}

/**
 * Builds the app's production bundle (packages/app/dist), which the
 * backend's app-backend serves at its own address.
 */
export function buildAppBundle() {
  const t0 = Date.now();
  const res = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) {
    throw new Error(
      `building the app bundle (yarn workspace app build) failed with code ${res.status}`,
    );
  }
  return Date.now() - t0;
}

/**
 * Starts the demo app on the e2e ports: `yarn start` (backend + frontend dev
 * server; the app at `appUrl`), or with `bundle: true` the backend alone
 * serving the production bundle of `buildAppBundle()` (the app at
 * `backendUrl`), as a deployed Backstage serves it. `configs` (paths) replace
 * app-config.yaml, as `yarn start --config` does. Returns the process, its
 * log tail and the app's `url`.
 */
export async function startApp({ configs = [], bundle = false } = {}) {
  const url = bundle ? backendUrl : appUrl;
  for (const port of bundle ? [ports.backend] : [ports.app, ports.backend]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is in use: stop what runs there or set E2E_APP_PORT / E2E_BACKEND_PORT`,
      );
    }
  }
  const env = {
    ...process.env,
    BROWSER: 'none',
    APP_CONFIG_app_baseUrl: JSON.stringify(url),
    APP_CONFIG_backend_baseUrl: JSON.stringify(backendUrl),
    APP_CONFIG_backend_listen_port: String(ports.backend),
    APP_CONFIG_backend_cors_origin: JSON.stringify(url),
  };
  const logs = [];
  const args = configs.flatMap(c => ['--config', c]);
  const proc = spawn(
    'yarn',
    ['start', ...(bundle ? ['backend'] : []), ...args],
    {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = chunk => {
    logs.push(chunk.toString());
    if (logs.length > 400) logs.shift();
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  try {
    await waitFor(`${backendUrl}/api/astro-runtime/health`, 240_000, proc);
    await waitFor(url, 300_000, proc);
    if (bundle) {
      const html = await (await fetch(url)).text();
      if (!/<script/i.test(html)) {
        throw new Error(
          `${url} does not serve the app bundle (no <script> in its page)`,
        );
      }
    }
  } catch (e) {
    await stopApp(proc);
    throw new Error(
      `${e.message}\n--- app output (tail) ---\n${logs.join('').slice(-4000)}`,
    );
  }
  return { proc, logs, url };
}

export async function stopApp(proc) {
  if (!proc) return;
  const kill = signal => {
    try {
      process.kill(-proc.pid, signal);
    } catch {
      /* already gone */
    }
  };
  kill('SIGTERM');
  for (let i = 0; i < 20; i++) {
    if (!(await portInUse(ports.app)) && !(await portInUse(ports.backend)))
      return;
    await new Promise(r => setTimeout(r, 500));
  }
  kill('SIGKILL');
  // a dev-server child can outlive its group: free our ports for the next run
  for (const port of [ports.app, ports.backend]) {
    if (await portInUse(port)) {
      spawnSync('fuser', ['-k', '-n', 'tcp', String(port)], {
        stdio: 'ignore',
      });
    }
  }
}

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Navigates like a user and signs in as guest when the app asks (a backend
 * restart forgets sessions; a production build may show the sign-in page
 * again). It waits for either the sign-in button or `shell(page)`, a locator
 * of something every signed-in page shows, because a check made at once
 * races the app's first render and a missed sign-in page then shows as a
 * timeout on whatever the test waits for next.
 */
export async function visitSignedIn(page, url, shell, timeoutMs = 60_000) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: /^enter$/i });
  const signedIn = shell(page);
  // attached, not visible: a collapsed sidebar is in the page but hidden
  await enter
    .or(signedIn)
    .first()
    .waitFor({ state: 'attached', timeout: timeoutMs });
  if (await enter.isVisible()) {
    await enter.click();
    await signedIn.waitFor({ state: 'attached', timeout: timeoutMs });
    await page.goto(url);
  }
}
