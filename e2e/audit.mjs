// Browser test of the audit activity: the demo reads CloudTrail log files from
// examples/cloudtrail (built from the public fixture records), so payments-api's Security
// tab shows its Audit section with the AdministratorAccess grant to its IRSA role
// highlighted, and the org-wide Security page lists risky events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  api,
  openSignedInPage,
  screenshots,
  token,
  waitFor,
} from './harness.mjs';

const AUDIT = `${api}/entities/default/component/payments-api/audit`;
const auth = { headers: { authorization: `Bearer ${token}` } };

export function registerAuditTests() {
  describe('audit activity', () => {
    let context;
    let page;

    before(async () => {
      // The first audit sync runs a few seconds after start-up. The static token may
      // read source statuses (no catalog call); entity routes need a signed-in user.
      await waitFor(
        'the first audit sync',
        async () => {
          const res = await fetch(`${api}/audit/sources`, auth);
          const body = res.ok ? await res.json() : { sources: [] };
          return body.sources.some(
            s => s.source === 'cloudtrail-logs:demo' && s.status === 'ok',
          );
        },
        90_000,
      );
      ({ context, page } = await openSignedInPage(
        '/catalog/default/component/payments-api/security/audit',
      ));
    });

    after(async () => {
      await context?.close();
    });

    it('refuses anonymous callers and malformed queries, without a stack trace', async () => {
      assert.equal((await fetch(AUDIT)).status, 401);
      assert.equal((await fetch(`${api}/audit/risky`)).status, 401);
      const bad = await fetch(`${AUDIT}?limit=0`, auth);
      assert.equal(bad.status, 400);
      const body = await bad.json();
      assert.match(body.error.message, /limit/);
      assert.equal(body.error.stack, undefined);
    });

    it('shows the Audit section with a highlighted risky event', async () => {
      const section = page.getByTestId('audit-section');
      await section.waitFor({ timeout: 60_000 });
      const risky = section
        .getByTestId('audit-row-risky')
        .filter({ hasText: 'AttachRolePolicy' });
      await risky.first().waitFor({ timeout: 30_000 });
      assert.match(
        await risky.first().innerText(),
        /AdministratorAccess was attached to payments-api/,
      );
      // Calls made by the payments-api pods' IRSA role sessions are on the timeline too.
      await section
        .getByTestId('audit-row')
        .filter({ hasText: 'GetCallerIdentity' })
        .first()
        .waitFor();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({
        path: join(screenshots, 'audit-section.png'),
      });
    });

    it('lists risky events org-wide with the services they touched', async () => {
      await page.goto(
        `${page.url().split('/catalog/')[0]}/container-security/risky-events`,
      );
      const list = page.getByTestId('risky-events');
      await list.waitFor({ timeout: 60_000 });
      await list
        .getByTestId('audit-row-risky')
        .filter({ hasText: 'StopLogging' })
        .first()
        .waitFor({ timeout: 30_000 });
      // The services are entity links with their names, not raw references.
      await list
        .getByRole('link', { name: 'payments-api' })
        .first()
        .waitFor({ timeout: 30_000 });
      assert.doesNotMatch(
        await list.innerText(),
        /component:default\/payments-api/,
      );
      await page.screenshot({
        path: join(screenshots, 'audit-risky-events.png'),
        fullPage: true,
      });
    });
  });
}
