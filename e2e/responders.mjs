// Browser test of the Lambda responders, end to end on the demo loop (the local Lambda
// endpoint running the example handlers): a shell alert posted to the real webhook puts
// a quarantine in the approval queue of payments-api (the demo rule
// quarantine-on-terminal-shell runs in approval mode); the guest, who neither owns the
// service nor belongs to the security team, sees it but cannot approve it (disabled
// button, 403 from the API); a security-team member approves it and sees the handler's
// result; the owning team is notified; the org-wide Responses tab shows the state.
//
// Signing in as someone other than the guest goes through the demo-users auth provider
// that app-config.e2e.yaml enables (packages/backend/src/modules/demoUsersAuth.ts): the
// browser's guest sign-in request is routed to it with the user to sign in as.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import {
  api,
  baseUrl,
  getBrowser,
  guestToken,
  openSignedInPage,
  screenshots,
  token,
  waitFor,
} from './harness.mjs';

const SECURITY_MEMBER = 'user:default/whitfield.diffie'; // security-team
const PAYMENTS_MEMBER = 'user:default/ada.lovelace'; // payments-team, owns payments-api
const SERVICE = '/catalog/default/component/payments-api/security';
// Each area of the Security tab has its own URL.
const RESPONSE_AREA = `${SERVICE}/response`;
const ALERTS_AREA = `${SERVICE}/alerts`;

// A pod name of payments-api's Deployment (`<deployment>-<hash>-<5 chars>`), new for
// every run so that nothing earlier (a quarantine, a cooldown) touches it.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const POD = `payments-api-5d7f9c8b6-${Array.from(
  { length: 5 },
  () => ALPHABET[randomInt(ALPHABET.length)],
).join('')}`;

/** A Notice-priority shell: quarantine-on-terminal-shell (approval), not scale-to-zero (>=Critical). */
function shellEvent() {
  const now = new Date();
  const iso = now.toISOString();
  return `{"time":"${iso.slice(
    0,
    -1,
  )}123456Z","rule":"Terminal shell in container","priority":"Notice","source":"syscall","hostname":"ip-10-0-1-23","tags":["container","shell","mitre_execution"],"output":"${iso.slice(
    11,
    23,
  )}123456: Notice A shell was spawned in a container with an attached terminal (user=root shell=sh k8s_ns=payments k8s_pod_name=${POD})","output_fields":{"evt.time":${now.getTime()}123456,"k8s.ns.name":"payments","k8s.pod.name":"${POD}","container.name":"payments-api","proc.cmdline":"sh","user.name":"root"}}`;
}

/** A Backstage token of a demo user, from the demo-users provider. */
async function userToken(userRef) {
  const res = await fetch(`${baseUrl}/api/auth/demo-users/refresh`, {
    headers: { 'x-demo-user': userRef, 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.ok(res.ok, `demo-users refresh answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** A browser context signed in as `userRef` (the guest sign-in, routed to demo-users). */
async function openPageAs(userRef, path) {
  const context = await getBrowser().newContext({
    viewport: { width: 1400, height: 1000 },
  });
  await context.route('**/api/auth/guest/refresh*', async route => {
    const request = route.request();
    const response = await route.fetch({
      url: request.url().replace('/api/auth/guest/', '/api/auth/demo-users/'),
      headers: { ...request.headers(), 'x-demo-user': userRef },
    });
    await route.fulfill({ response });
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
  return { context, page };
}

/** Wide tables scroll inside their cards; the page never gets wider than the window. */
async function assertNoPageOverflow(page, where) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `${where} is ${overflow}px wider than the window`);
}

async function screenshotOnFailure(page, name, promise) {
  try {
    return await promise;
  } catch (e) {
    await page.screenshot({
      path: join(screenshots, `failure-${name}.png`),
      fullPage: true,
    });
    throw e;
  }
}

const pendingRow = page =>
  page
    .getByTestId('responder-pending')
    .getByTestId('responder-action-row')
    .filter({ hasText: POD });

export function registerResponderTests() {
  describe('Lambda responders', () => {
    const contexts = [];
    let action;

    after(async () => {
      for (const context of contexts) await context.close();
    });

    it('puts the demo quarantine of a shell on payments-api in the approval queue', async () => {
      const res = await fetch(`${api}/falco/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: shellEvent(),
      });
      assert.ok(res.ok, `webhook answered ${res.status}: ${await res.text()}`);

      const security = {
        authorization: `Bearer ${await userToken(SECURITY_MEMBER)}`,
      };
      await waitFor(
        `a pending action on ${POD}`,
        async () => {
          const r = await fetch(
            `${api}/entities/default/component/payments-api/responders`,
            { headers: security },
          );
          const body = await r.json();
          action = body.pending?.find(a => a.target?.pod === POD);
          return Boolean(action);
        },
        60_000,
      );
      assert.equal(action.status, 'pending-approval');
      assert.equal(action.ruleName, 'quarantine-on-terminal-shell');
      assert.equal(action.mode, 'approval');
      assert.equal(action.functionName, 'cs-quarantine-pod');
      assert.equal(action.entityRef, 'component:default/payments-api');
    });

    it('lets the guest, who neither owns payments-api nor is in the security team, see it but not approve it', async () => {
      assert.ok(action, 'no pending action');
      const { context, page } = await openSignedInPage(RESPONSE_AREA);
      contexts.push(context);
      const row = pendingRow(page);
      await screenshotOnFailure(
        page,
        'responders-guest',
        row.waitFor({ timeout: 90_000 }),
      );
      const approve = row.getByRole('button', { name: 'Approve' });
      // Disabled once the permission answer is in (it starts disabled while loading).
      await row
        .getByLabel(/may not approve or reject responder actions/)
        .waitFor({ timeout: 30_000 });
      assert.equal(await approve.isDisabled(), true);
      assert.equal(
        await row.getByRole('button', { name: 'Reject' }).isDisabled(),
        true,
      );
      await row.getByTestId('approval-disabled-reason').hover();
      await page
        .getByRole('tooltip')
        .filter({ hasText: 'container-security.responder.approve' })
        .waitFor({ timeout: 10_000 });
      await page.getByTestId('response-section').scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(screenshots, 'responders-not-allowed.png'),
      });

      // The route refuses it too, and the action stays pending.
      for (const who of [
        await guestToken(context),
        await userToken(PAYMENTS_MEMBER),
      ]) {
        const res = await fetch(
          `${api}/responder-actions/${encodeURIComponent(action.id)}/approve`,
          { method: 'POST', headers: { authorization: `Bearer ${who}` } },
        );
        const text = await res.text();
        assert.equal(res.status, 403, text);
        const body = JSON.parse(text);
        assert.match(body.error.message, /responder\.approve/);
        assert.equal(body.error.stack, undefined);
      }
      // The page is still there, not an error screen.
      assert.ok(await page.getByTestId('response-section').isVisible());
      assert.ok(await row.isVisible());
    });

    it('lets a security-team member approve it and shows the handler’s result', async () => {
      assert.ok(action, 'no pending action');
      const { context, page } = await openPageAs(
        SECURITY_MEMBER,
        RESPONSE_AREA,
      );
      contexts.push(context);
      const row = pendingRow(page);
      await screenshotOnFailure(
        page,
        'responders-security',
        row.waitFor({ timeout: 90_000 }),
      );
      const approve = row.getByRole('button', { name: 'Approve' });
      await screenshotOnFailure(
        page,
        'responders-approve-enabled',
        waitFor('Approve to be enabled', () => approve.isEnabled(), 30_000),
      );
      const section = page.getByTestId('response-section');
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(screenshots, 'responders-pending.png'),
      });
      // The payload the function gets and the trigger are there before approving.
      await row.getByRole('button', { name: 'Show details' }).click();
      await page
        .getByTestId('action-details')
        .filter({ hasText: POD })
        .first()
        .waitFor({ timeout: 10_000 });

      await approve.click();
      await page
        .getByText(/Approved: cs-quarantine-pod is now Succeeded/)
        .waitFor({ timeout: 60_000 });
      await screenshotOnFailure(
        page,
        'responders-approved',
        pendingRow(page).waitFor({ state: 'detached', timeout: 30_000 }),
      );
      const done = page
        .getByTestId('responder-history')
        .getByTestId('responder-action-row')
        .filter({ hasText: POD });
      await done
        .getByTestId('action-result-message')
        .filter({
          hasText: /labelled and isolated by a deny-all NetworkPolicy/,
        })
        .waitFor({ timeout: 30_000 });
      assert.match(await done.innerText(), /Succeeded/);
      assert.match(await done.innerText(), /StatusCode 200/);
      await done.getByRole('button', { name: 'Show details' }).click();
      await page
        .getByTestId('action-log-tail')
        .first()
        .waitFor({ timeout: 10_000 });
      await page
        .getByText(/Approved by user:default\/whitfield\.diffie/)
        .first()
        .waitFor();
      await page.getByTestId('responder-history').scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(screenshots, 'responders-approved.png'),
      });
      await assertNoPageOverflow(page, 'the Security tab');

      const res = await fetch(
        `${api}/entities/default/component/payments-api/responder-actions?limit=50`,
        {
          headers: {
            authorization: `Bearer ${await userToken(SECURITY_MEMBER)}`,
          },
        },
      );
      const stored = (await res.json()).items.find(a => a.id === action.id);
      assert.equal(stored.status, 'succeeded');
      assert.equal(stored.decidedBy, SECURITY_MEMBER);
    });

    it('notifies the owning team', async () => {
      const { context, page } = await openPageAs(
        PAYMENTS_MEMBER,
        '/notifications',
      );
      contexts.push(context);
      await screenshotOnFailure(
        page,
        'responders-notification',
        page
          .getByText('Responder succeeded: cs-quarantine-pod on payments-api')
          .first()
          .waitFor({ timeout: 60_000 }),
      );
      await page.screenshot({
        path: join(screenshots, 'responders-notification.png'),
      });
    });

    it('lets an owner respond to the alert by hand: dry-run preview, then run', async () => {
      const { context, page } = await openPageAs(PAYMENTS_MEMBER, ALERTS_AREA);
      contexts.push(context);
      const alerts = page.getByTestId('alerts-section');
      const alertLink = alerts
        .getByTestId('alert-row')
        .filter({ hasText: POD })
        .getByRole('button', { name: 'Terminal shell in container' });
      await screenshotOnFailure(
        page,
        'responders-respond',
        alertLink.waitFor({ timeout: 90_000 }),
      );
      await alertLink.click();
      const respond = page
        .getByTestId('alert-detail')
        .getByRole('button', { name: 'Respond' });
      await respond.waitFor({ timeout: 30_000 });
      await waitFor('Respond to be enabled', () => respond.isEnabled(), 30_000);
      await respond.click();
      const dialog = page.getByTestId('respond-dialog');
      await dialog.getByLabel(/cs-delete-pod/).check({ timeout: 30_000 });
      const run = page.getByRole('button', { name: 'Run', exact: true });
      assert.equal(await run.isDisabled(), true, 'Run before a preview');
      await page.getByRole('button', { name: 'Preview (dry run)' }).click();
      const preview = dialog.getByTestId('respond-preview');
      await screenshotOnFailure(
        page,
        'responders-respond-preview',
        preview
          .getByTestId('respond-preview-payload')
          .waitFor({ timeout: 30_000 }),
      );
      assert.match(await preview.innerText(), new RegExp(POD));
      assert.match(await preview.innerText(), /Dry run/);
      await page.screenshot({
        path: join(screenshots, 'responders-respond-dialog.png'),
      });
      await run.click();
      const outcome = dialog.getByTestId('respond-outcome');
      await outcome
        .getByTestId('action-result-message')
        .filter({
          hasText: /deleted; its controller replaces it|no longer exists/,
        })
        .waitFor({ timeout: 60_000 });
      assert.match(await outcome.innerText(), /Succeeded/);
    });

    it('shows the org-wide Responses tab: state, rules, the queue and every action', async () => {
      const { context, page } = await openPageAs(
        SECURITY_MEMBER,
        '/container-security/responses',
      );
      contexts.push(context);
      await screenshotOnFailure(
        page,
        'responders-overview',
        page.getByTestId('responders-kill-switch').waitFor({ timeout: 60_000 }),
      );
      assert.match(
        await page.getByTestId('responders-kill-switch').innerText(),
        /^Off/,
      );
      await page
        .getByTestId('rule-row')
        .filter({ hasText: 'quarantine-on-terminal-shell' })
        .filter({ hasText: 'approval' })
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('approval-queue').waitFor();
      await page
        .getByTestId('all-responder-actions')
        .locator(`[data-action-id="${action.id}"]`)
        .filter({ hasText: 'Succeeded' })
        .waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: join(screenshots, 'responders-overview.png'),
        fullPage: true,
      });
      await assertNoPageOverflow(page, 'the Responses tab');
    });
  });
}
