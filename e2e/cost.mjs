// Browser test of the cost hints: the demo reads illustrative metric snapshots
// (examples/metrics), so a service's Security tab shows its Cost section with hints,
// its Overview tab the Cost card, and the org-wide Security page totals savings by team.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  api,
  guestToken,
  openSignedInPage,
  screenshots,
  token,
  waitFor,
} from './harness.mjs';

const SERVICE = 'fraud-scoring';

export function registerCostTests() {
  describe('cost hints', () => {
    let context;
    let page;
    let user;

    before(async () => {
      ({ context, page } = await openSignedInPage(
        `/catalog/default/component/${SERVICE}`,
      ));
      user = {
        headers: { authorization: `Bearer ${await guestToken(context)}` },
      };
      // The first metrics pull runs a few seconds after start-up.
      await waitFor(
        'the first cost pull',
        async () => {
          const res = await fetch(
            `${api}/entities/default/component/${SERVICE}/cost`,
            user,
          );
          return res.ok && (await res.json()).hints.length > 0;
        },
        90_000,
      );
      await page.goto(page.url().replace(/\/?$/, '/security/cost'));
    });

    after(async () => {
      await context?.close();
    });

    it('serves cost only to signed-in callers, from the store', async () => {
      const anonymous = await fetch(
        `${api}/entities/default/component/${SERVICE}/cost`,
      );
      assert.equal(anonymous.status, 401);
      // The static token is a service principal; the catalog refuses it the entity.
      const service = await fetch(
        `${api}/entities/default/component/${SERVICE}/cost`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      assert.equal(service.status, 403);
      const res = await fetch(
        `${api}/entities/default/component/${SERVICE}/cost`,
        user,
      );
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.deepEqual(body.hints.map(h => `${h.type}:${h.resource}`).sort(), [
        'right-size:cpu',
        'right-size:memory',
        'schedule:workload',
        'spot:workload',
      ]);
      assert.ok(body.potentialSavings > 0);
      assert.ok(body.potentialSavings < body.monthlyCost);
      const bad = await fetch(`${api}/cost/overview?team=x`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).error.stack, undefined);
    });

    it('lists the hints with their savings and reasons in the Cost section', async () => {
      const section = page.getByTestId('cost-section');
      await section
        .getByTestId('cost-hint-row')
        .first()
        .waitFor({ timeout: 90_000 });
      assert.equal(await section.getByTestId('cost-hint-row').count(), 4);
      assert.match(
        await section.getByTestId('cost-monthly').innerText(),
        /^\$\d+\.\d{2}/,
      );
      assert.match(
        await section.getByTestId('cost-savings').innerText(),
        /^\$\d+\.\d{2}/,
      );
      await section.getByText('Right-size CPU').first().waitFor();
      await section.getByText('Scale down off hours').first().waitFor();
      await section
        .getByText(/p95 CPU per pod was/)
        .first()
        .waitFor();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({
        path: join(screenshots, 'cost-section.png'),
      });
    });

    it('shows idle and limit-risk hints for other demo services', async () => {
      await page.goto(
        page
          .url()
          .replace(`/component/${SERVICE}/`, '/component/checkout-web/'),
      );
      const section = page.getByTestId('cost-section');
      await section.getByText('OOM risk').first().waitFor({ timeout: 90_000 });
      await page.goto(
        page
          .url()
          .replace(
            '/component/checkout-web/',
            '/component/image-scan-webhook/',
          ),
      );
      await page
        .getByTestId('cost-section')
        .getByText('Idle', { exact: true })
        .first()
        .waitFor({ timeout: 90_000 });
    });

    it('shows the Cost card on the Overview tab', async () => {
      await page.goto(
        page
          .url()
          .replace(
            /\/component\/[^/]+\/security\/cost$/,
            `/component/${SERVICE}`,
          ),
      );
      const monthly = page.getByTestId('cost-monthly');
      await monthly.waitFor({ timeout: 90_000 });
      assert.match(await monthly.innerText(), /^\$\d+\.\d{2}/);
      const card = page
        .locator('.MuiCard-root')
        .filter({ has: page.getByTestId('cost-monthly') });
      await card.screenshot({ path: join(screenshots, 'cost-card.png') });
    });

    it('totals savings by team on the org-wide Security page', async () => {
      await page.goto(
        page.url().replace(/\/catalog\/.*$/, '/container-security/cost'),
      );
      const teams = page.getByTestId('cost-by-team');
      await teams.waitFor({ timeout: 90_000 });
      await teams.getByText('group:default/payments-team').first().waitFor();
      assert.match(
        await page.getByTestId('cost-overview-savings').innerText(),
        /^\$\d+\.\d{2}/,
      );
      await page.screenshot({
        path: join(screenshots, 'cost-overview.png'),
        fullPage: true,
      });
    });
  });
}
