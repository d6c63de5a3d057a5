// Browser test of Falco alerts: an alert posted to the real webhook (with the static
// external-access token, a service credential) appears on the owning service's Security
// tab without a reload (Backstage signals), can be acknowledged with a comment, and the
// org-wide Alerts tab shows the period's counts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  api,
  baseUrl,
  openSignedInPage,
  screenshots,
  token,
} from './harness.mjs';

const marker = randomBytes(4).toString('hex');
const RULE = `E2E shell in container ${marker}`;

function falcoEvent() {
  const now = new Date();
  const iso = now.toISOString();
  return `{"time":"${iso.slice(
    0,
    -1,
  )}123456Z","rule":"${RULE}","priority":"Critical","source":"syscall","hostname":"ip-10-0-1-23","tags":["container","shell","mitre_execution"],"output":"${iso.slice(
    11,
    23,
  )}123456: Critical A shell was spawned in a container (user=root cmdline=sh -c <b>id</b> k8s_ns=storefront k8s_pod_name=cart-service-7c9d8f6b5-q2w4z)","output_fields":{"evt.time":${now.getTime()}123456,"k8s.ns.name":"storefront","k8s.pod.name":"cart-service-7c9d8f6b5-q2w4z","container.name":"cart-service","proc.cmdline":"sh -c <b>id</b>","user.name":"root"}}`;
}

export function registerFalcoTests() {
  describe('Falco alerts', () => {
    let context;
    let page;

    before(async () => {
      ({ context, page } = await openSignedInPage(
        '/catalog/default/component/cart-service/security/alerts',
      ));
    });

    after(async () => {
      await context?.close();
    });

    it('shows an alert posted to the webhook without a reload', async () => {
      const section = page.getByTestId('alerts-section');
      await section
        .getByRole('form', { name: 'Alert filters' })
        .waitFor({ timeout: 90_000 });
      // Anything that reloads the page drops this mark.
      await page.evaluate(() => {
        window.__falcoE2eMark = 'still here';
      });

      const res = await fetch(`${api}/falco/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: falcoEvent(),
      });
      assert.ok(res.ok, `webhook answered ${res.status}: ${await res.text()}`);

      const link = section.getByRole('button', { name: RULE });
      await link.waitFor({ timeout: 30_000 }).catch(async e => {
        await page.screenshot({
          path: join(screenshots, 'failure-falco-alerts.png'),
          fullPage: true,
        });
        throw e;
      });
      assert.equal(
        await page.evaluate(() => window.__falcoE2eMark),
        'still here',
        'the page was reloaded',
      );
      // Event text is shown as text, never as markup.
      assert.equal(await section.locator('b').count(), 0);
      await section.getByTestId('alert-histogram').waitFor();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(screenshots, 'falco-alerts.png') });

      await link.click();
      const drawer = page.getByTestId('alert-detail');
      await drawer.getByText('proc.cmdline').waitFor({ timeout: 30_000 });
      await drawer.getByText('sh -c <b>id</b>').first().waitFor();
      await drawer.getByLabel('Comment').fill('e2e: expected debug shell');
      await drawer.getByRole('button', { name: 'Acknowledge' }).click();
      await drawer
        .getByText(/acknowledged by user:/)
        .waitFor({ timeout: 30_000 });
      await drawer.getByText('e2e: expected debug shell').waitFor();
      await page.screenshot({
        path: join(screenshots, 'falco-alert-detail.png'),
      });
      await drawer.getByRole('button', { name: 'Close' }).click();
    });

    it('shows the org-wide Alerts tab with counts, top rules and unattributed alerts', async () => {
      // An alert from a namespace no service runs in stays unattributed.
      const res = await fetch(`${api}/falco/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: falcoEvent().replaceAll('storefront', `sandbox-${marker}`),
      });
      assert.ok(res.ok, `webhook answered ${res.status}`);
      await page.goto(`${baseUrl}/container-security/alerts`);
      await page.getByTestId('alerts-total').waitFor({ timeout: 60_000 });
      const total = Number(await page.getByTestId('alerts-total').innerText());
      assert.ok(total >= 1, `total ${total}`);
      await page
        .getByTestId('top-rules-row')
        .filter({ hasText: RULE })
        .waitFor({ timeout: 30_000 });
      await page
        .getByRole('table', { name: 'Unattributed alerts' })
        .getByText(`sandbox-${marker}`)
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: join(screenshots, 'falco-overview.png'),
        fullPage: true,
      });
    });
  });
}
