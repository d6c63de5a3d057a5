// End-to-end test of the demo portal in Debian's Chromium. The harness starts the
// backend once; each area registers its tests. Screenshots land in e2e/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  api,
  baseUrl,
  getBrowser,
  screenshots,
  setup,
  teardown,
  token,
  openSecurityTab,
} from './harness.mjs';
import { registerAuditTests } from './audit.mjs';
import { registerCostTests } from './cost.mjs';
import { registerFalcoTests } from './falco.mjs';
import { registerNetworkTests } from './network.mjs';
import { registerResponderTests } from './responders.mjs';
import { registerScaffolderTests } from './scaffolder.mjs';
import { registerSecurityTabTests } from './securityTab.mjs';

before(setup);
after(teardown);

describe('container-security API', () => {
  it('answers health checks without credentials', async () => {
    const res = await fetch(`${api}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('refuses every other route without credentials, without a stack trace', async () => {
    for (const path of [
      '/workloads',
      '/entities/default/component/payments-api/workloads',
      '/no-such-route',
    ]) {
      const res = await fetch(`${api}${path}`);
      assert.equal(res.status, 401, path);
      const body = await res.json();
      assert.equal(body.error.stack, undefined, path);
    }
  });

  it('accepts the static external-access token on this plugin only', async () => {
    const headers = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${api}/workloads`, { headers })).status, 200);
    assert.equal(
      (await fetch(`${baseUrl}/api/catalog/entities`, { headers })).status,
      403,
    );
    const bad = await fetch(`${api}/workloads?limit=abc`, { headers });
    assert.equal(bad.status, 400);
    const body = await bad.json();
    assert.match(body.error.message, /limit/);
    assert.equal(body.error.stack, undefined);
  });
});

describe('demo portal in Chromium', () => {
  let context;
  let page;

  before(async () => {
    context = await getBrowser().newContext({
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await page.goto(`${baseUrl}/catalog/default/component/payments-api`);
    // Guest sign-in; the session then holds for every page of this context.
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 60_000 });
  });

  after(async () => {
    await context?.close();
  });

  it('shows the Container security card on the Overview tab', async () => {
    await page.getByTestId('figure-Workloads').waitFor({ timeout: 60_000 });
    assert.match(
      await page.getByTestId('figure-Workloads').innerText(),
      /^1\s*Workloads/,
    );
    assert.match(
      await page.getByTestId('figure-Containers').innerText(),
      /^3\s*Containers/,
    );
    await page
      .getByTestId('posture-grade')
      .first()
      .waitFor({ timeout: 30_000 });
    assert.match(
      await page.getByTestId('posture-grade').first().innerText(),
      /^[A-F]$/,
    );
    await page.screenshot({ path: join(screenshots, 'overview-card.png') });
  });

  it('shows the workloads in the Security tab', async () => {
    await openSecurityTab(
      page,
      '/catalog/default/component/payments-api/security/workloads',
      p => p.getByRole('tab', { name: 'Workloads', selected: true }),
    );
    await page
      .getByRole('cell', { name: 'payments-api', exact: true })
      .last()
      .waitFor({ timeout: 30_000 });
    assert.ok(
      await page
        .getByText(/istio-proxy/)
        .first()
        .isVisible(),
    );
    await page.getByRole('button', { name: 'Rescan' }).waitFor();
    // long, digest-pinned image references must wrap rather than widen the page
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(
      overflow <= 0,
      `the Security tab is ${overflow}px wider than the window`,
    );
    await page.screenshot({
      path: join(screenshots, 'security-tab.png'),
      fullPage: true,
    });
  });

  it('shows the Posture section of a service with its findings and remediation', async () => {
    await openSecurityTab(
      page,
      '/catalog/default/component/cart-service/security/posture',
      p => p.getByTestId('resource-posture'),
    );
    // cart-service deliberately keeps a database password in an environment variable
    await page
      .getByText(/DB_PASSWORD/)
      .first()
      .waitFor({ timeout: 30_000 });
    assert.match(
      await page.getByTestId('posture-grade').first().innerText(),
      /^[A-F]$/,
    );
    await page.getByTestId('check-help').first().click();
    await page.getByTestId('remediation-yaml').first().waitFor();
    await page.screenshot({
      path: join(screenshots, 'posture-section.png'),
      fullPage: true,
    });
    // its image has an (illustrative) Trivy report under examples/trivy
    await page.getByRole('tab', { name: 'Vulnerabilities' }).click();
    await page.waitForURL(/\/security\/vulnerabilities$/);
    const vulnerabilities = page.getByTestId('vulnerabilities-section');
    await vulnerabilities
      .getByTestId('image-row')
      .first()
      .waitFor({ timeout: 30_000 });
    assert.match(await vulnerabilities.innerText(), /cart-service:latest/);
    await vulnerabilities
      .getByRole('button', { name: /Show vulnerabilities of .*cart-service/ })
      .click();
    await vulnerabilities.getByText('CVE-2024-5535').first().waitFor();
    await openSecurityTab(
      page,
      '/catalog/default/component/payments-api/security',
      p => p.getByRole('button', { name: 'Rescan' }),
    );
  });

  it("refuses a rescan of a service the guest's team does not own", async () => {
    // guest is in storefront-team; payments-api belongs to payments-team: the button is
    // disabled up front, with the reason on hover, instead of failing after a click.
    const notAllowed = page.getByTestId('rescan-not-allowed');
    await notAllowed.waitFor({ timeout: 30_000 });
    assert.ok(
      await page.getByRole('button', { name: 'Rescan' }).isDisabled(),
      'Rescan is disabled',
    );
    await notAllowed.hover();
    await page
      .getByText(/You may not rescan this entity/)
      .waitFor({ timeout: 30_000 });
  });

  it('lets the guest rescan a service of its own team', async () => {
    await openSecurityTab(
      page,
      '/catalog/default/component/cart-service/security',
      p => p.getByRole('button', { name: 'Rescan' }),
    );
    await page.getByRole('button', { name: 'Rescan' }).click();
    // The rescan shows it is running, and the page reloads when the sync's signal arrives.
    await page.getByTestId('rescan-progress').waitFor({ timeout: 30_000 });
    await page.getByText('Rescan finished').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('rescan-progress').count(), 0);
  });

  it('opens the org-wide Security page from the sidebar', async () => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Security', exact: true })
      .click();
    // The page opens on its first tab, the Scorecard, under the estate summary.
    await page.waitForURL(/\/container-security(\/scorecard)?$/);
    await page.getByTestId('org-summary-worst').waitFor({ timeout: 30_000 });
    // the Scorecard tab is the default: every annotated service, from stored snapshots
    const table = page.getByTestId('scorecard-table');
    await table.waitFor({ timeout: 30_000 }).catch(async e => {
      await page.screenshot({
        path: join(screenshots, 'failure-scorecards.png'),
        fullPage: true,
      });
      throw e;
    });
    await table.getByText('cart-service').first().waitFor();
    await page.getByTestId('risk-matrix').waitFor();
    const distribution = await page
      .getByTestId('grade-distribution')
      .innerText();
    assert.match(distribution, /A/);
    await page.screenshot({
      path: join(screenshots, 'scorecards.png'),
      fullPage: true,
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('csv-export').click(),
    ]);
    const csv = await (
      await import('node:fs/promises')
    ).readFile(await download.path(), 'utf8');
    assert.match(csv, /component:default\/payments-api/);

    await page.getByRole('tab', { name: 'Workloads' }).click();
    await page.getByText(/All workloads \(\d+\)/).waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: 'checkout-web' }).first().waitFor();
    await page.screenshot({
      path: join(screenshots, 'security-page.png'),
      fullPage: true,
    });
  });

  it('rolls the services of a team up on its group page', async () => {
    await page.goto(`${baseUrl}/catalog/default/group/payments-team`);
    await page.getByTestId('scorecard-grade').waitFor({ timeout: 60_000 });
    await page
      .getByTestId('entity-scorecard-table')
      .getByText('payments-api')
      .first()
      .waitFor();
    await page.screenshot({
      path: join(screenshots, 'group-scorecard.png'),
      fullPage: true,
    });
  });

  it('shows the missing-annotation state for a service without Kubernetes annotations', async () => {
    await page.goto(
      `${baseUrl}/catalog/default/component/legacy-reporting/security`,
    );
    // Either annotation is enough, and the empty state says so.
    await page
      .getByTestId('missing-kubernetes-annotation')
      .waitFor({ timeout: 60_000 });
    // The Overview carries no container-security card where the suite has nothing to say.
    await page.goto(`${baseUrl}/catalog/default/component/legacy-reporting`);
    await page.getByText('About').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    assert.equal(
      await page.getByText('Not linked to Kubernetes workloads').count(),
      0,
    );
  });
});

registerSecurityTabTests();
registerNetworkTests();
registerFalcoTests();
registerAuditTests();
registerCostTests();
registerResponderTests();
registerScaffolderTests();
