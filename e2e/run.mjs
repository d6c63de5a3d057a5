// End-to-end test of the demo portal: starts the backend (which serves the production
// build of the app), then drives Debian's Chromium through playwright-core.
// Screenshots land in e2e/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const screenshots = join(root, 'e2e', 'screenshots');
const baseUrl = 'http://localhost:7007';
const api = `${baseUrl}/api/container-security`;
const token = randomBytes(24).toString('hex');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let backend;
let browser;
let backendLog = '';

async function waitFor(what, fn, timeoutMs) {
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
  throw new Error(`Timed out waiting for ${what}: ${last ?? ''}\n${backendLog.slice(-4000)}`);
}

before(async () => {
  assert.ok(existsSync(join(root, 'packages/app/dist/index.html')), 'build the app first (yarn build:app)');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  mkdirSync(screenshots, { recursive: true });
  backend = spawn(
    'yarn',
    [
      'workspace', 'backend', 'start',
      '--config', join(root, 'app-config.yaml'),
      '--config', join(root, 'app-config.e2e.yaml'),
      '--config', join(root, 'app-config.external-access.yaml'),
    ],
    { cwd: root, detached: true, env: { ...process.env, CONTAINER_SECURITY_API_TOKEN: token } },
  );
  backend.stdout.on('data', d => (backendLog += d));
  backend.stderr.on('data', d => (backendLog += d));
  await waitFor('the backend', async () => (await fetch(`${api}/health`)).ok, 240_000);
  await waitFor(
    'the first workload sync',
    async () => {
      const res = await fetch(`${api}/workloads?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      return res.ok && (await res.json()).totalCount > 0;
    },
    60_000,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (backend?.pid) {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

describe('container-security API', () => {
  it('answers health checks without credentials', async () => {
    const res = await fetch(`${api}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('refuses every other route without credentials, without a stack trace', async () => {
    for (const path of ['/workloads', '/entities/default/component/payments-api/workloads', '/no-such-route']) {
      const res = await fetch(`${api}${path}`);
      assert.equal(res.status, 401, path);
      const body = await res.json();
      assert.equal(body.error.stack, undefined, path);
    }
  });

  it('accepts the static external-access token on this plugin only', async () => {
    const headers = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${api}/workloads`, { headers })).status, 200);
    assert.equal((await fetch(`${baseUrl}/api/catalog/entities`, { headers })).status, 403);
  });
});

describe('demo portal in Chromium', () => {
  it('shows the Security card, the Security tab and the org-wide page of a service', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${baseUrl}/catalog/default/component/payments-api`);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click({ timeout: 60_000 });

    const card = page.locator('article, div').filter({ hasText: /^Container security/ }).first();
    await page.getByText('Container security').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('figure-Workloads').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('figure-Workloads').innerText(), /^1\s*Workloads/);
    await card.isVisible();
    await page.screenshot({ path: join(screenshots, 'overview-card.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Workloads' }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: 'payments-api' }).first().waitFor({ timeout: 30_000 });
    assert.ok(await page.getByText(/istio-proxy/).first().isVisible());
    await page.screenshot({ path: join(screenshots, 'security-tab.png'), fullPage: true });

    await page.getByRole('link', { name: 'Security' }).first().click();
    await page.getByText(/All workloads \(\d+\)/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshots, 'security-page.png'), fullPage: true });
    await page.close();
  });

  it('shows the missing-annotation state for a service without Kubernetes annotations', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${baseUrl}/catalog/default/component/legacy-reporting/security`);
    const enter = page.getByRole('button', { name: 'Enter' });
    if (await enter.isVisible({ timeout: 5_000 }).catch(() => false)) await enter.click();
    await page.getByText('backstage.io/kubernetes-id').first().waitFor({ timeout: 60_000 });
    await page.close();
  });
});
