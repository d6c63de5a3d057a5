// Shared harness of the browser test: starts the backend (which serves the production
// build of the app) once, and launches Debian's Chromium through playwright-core.
// Area test modules (e2e/{network,falco,audit,cost}.mjs) import what they need from here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshots = join(root, 'e2e', 'screenshots');
export const baseUrl = 'http://localhost:7007';
export const api = `${baseUrl}/api/container-security`;
export const token = randomBytes(24).toString('hex');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let backend;
let browser;

/** The Chromium instance, once `setup` has run. */
export function getBrowser() {
  return browser;
}
let backendLog = '';

export async function waitFor(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `Timed out waiting for ${what}: ${last ?? ''}\n${backendLog.slice(-4000)}`,
  );
}

export async function setup() {
  assert.ok(
    existsSync(join(root, 'packages/app/dist/index.html')),
    'build the app first (yarn build:app)',
  );
  assert.ok(
    existsSync(CHROMIUM),
    `no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
  mkdirSync(screenshots, { recursive: true });
  // The backend runs from source without `backstage-cli package start`'s file watcher:
  // an edit anywhere in the tree during a run would otherwise restart it mid-test.
  backend = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      join(root, 'app-config.yaml'),
      '--config',
      join(root, 'app-config.e2e.yaml'),
      '--config',
      join(root, 'app-config.external-access.yaml'),
    ],
    {
      cwd: join(root, 'packages', 'backend'),
      detached: true,
      env: {
        // as `backstage-cli package start` sets it: the demo's guest sign-in needs it
        NODE_ENV: 'development',
        ...process.env,
        CONTAINER_SECURITY_API_TOKEN: token,
      },
    },
  );
  backend.stdout.on('data', d => (backendLog += d));
  backend.stderr.on('data', d => (backendLog += d));
  await waitFor(
    'the backend',
    async () => (await fetch(`${api}/health`)).ok,
    240_000,
  );
  await waitFor(
    'the first workload sync',
    async () => {
      const res = await fetch(`${api}/workloads?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.ok && (await res.json()).totalCount > 0;
    },
    60_000,
  );
  await waitFor(
    'the first posture snapshots',
    async () => {
      const res = await fetch(`${api}/scorecards`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.ok && (await res.json()).entries.length > 0;
    },
    120_000,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export async function teardown() {
  await browser?.close();
  if (backend?.pid) {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** A browser context signed in as the demo guest, on `path`. */
export async function openSignedInPage(path) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
  return { context, page };
}

/**
 * The Backstage token of the guest signed in to `context` (from its session cookie), for
 * API calls that need a user: entity routes check permissions against the catalog, which
 * refuses the static external-access token.
 */
export async function guestToken(context) {
  const res = await context.request.get(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.ok(res.ok(), `guest refresh answered ${res.status()}`);
  return (await res.json()).backstageIdentity.token;
}

/** Opens an entity's Security tab and waits for `ready` (a function of the page giving a locator). */
export async function openSecurityTab(page, path, ready) {
  await page.goto(`${baseUrl}${path}`);
  await ready(page).first().waitFor({ timeout: 60_000 });
}
