// Browser test of the Secured EKS service template: fill in the form on the Create page,
// run it (the demo publishes to a local bare repository, demo:publish:local), open the
// created service and see its Security tab graded A and isolated.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { baseUrl, openSignedInPage, root, screenshots } from './harness.mjs';

const NAME = 'e2e-orders';

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, name), fullPage: true });
}

/** Types into a catalog picker (an autocomplete) and picks the option, shown by title. */
async function pick(page, label, text, option) {
  const box = page.getByRole('combobox', { name: label }).or(page.getByLabel(label)).first();
  await box.click();
  await box.fill(text);
  await page
    .getByRole('option', { name: option })
    .first()
    .click({ timeout: 30_000 })
    .catch(async e => {
      await shot(page, 'failure-scaffolder-picker.png');
      throw e;
    });
}

export function registerScaffolderTests() {
  describe('scaffolder: Secured EKS service', () => {
    let context;
    let page;

    before(async () => {
      ({ context, page } = await openSignedInPage('/create'));
    });

    after(async () => {
      await context?.close();
      // The demo keeps what it publishes (git-ignored): leave no test service behind.
      const demo = join(root, '.demo-scaffolder');
      for (const path of [
        join(demo, 'git', `${NAME}.git`),
        join(demo, 'manifests', NAME),
        join(demo, 'catalog', `${NAME}.yaml`),
      ]) {
        await rm(path, { recursive: true, force: true });
      }
    });

    it('creates a service from the Create page', async () => {
      await page
        .getByText('Secured EKS service')
        .first()
        .waitFor({ timeout: 60_000 });
      await shot(page, 'scaffolder-create-page.png');
      await page.getByRole('button', { name: 'Choose' }).first().click();

      // Service
      await page.getByRole('textbox', { name: /^Name/ }).fill(NAME);
      await page
        .getByRole('textbox', { name: /^Description/ })
        .fill('Takes orders from the storefront checkout');
      await pick(page, /^Owner/, 'storefront', /storefront/i);
      await pick(page, /^System/, 'storefront', /storefront/i);
      await shot(page, 'scaffolder-form-service.png');
      await page.getByRole('button', { name: 'Next' }).click();

      // Runtime
      await page.getByRole('textbox', { name: /^Kubernetes namespace/ }).fill(NAME);
      await page
        .getByRole('textbox', { name: /^Container image/ })
        .fill('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/orders:1.0.0');
      await page.getByRole('button', { name: 'Next' }).click();

      // Network: one declared caller
      // the first list on the page is the callers (RJSF ids: root_<field>_<index>)
      await page.getByRole('button', { name: /Add/ }).first().click();
      await page.locator('#root_callers_0').fill('storefront/checkout-web');
      await shot(page, 'scaffolder-form-network.png');
      await page.getByRole('button', { name: 'Next' }).click();

      // AWS, Operations: the defaults
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Review' }).click();
      await shot(page, 'scaffolder-review.png');
      await page.getByRole('button', { name: 'Create' }).click();

      const open = page.getByRole('link', { name: 'Open in catalog' });
      await open.waitFor({ timeout: 120_000 }).catch(async e => {
        await shot(page, 'failure-scaffolder-task.png');
        throw e;
      });
      await page.getByText(/Posture grade\s*A/).first().waitFor({ timeout: 10_000 });
      await shot(page, 'scaffolder-task-done.png');
      await open.click();
      await page.waitForURL(new RegExp(`/catalog/default/component/${NAME}`));
    });

    it("shows the new service's Security tab graded A and isolated", async () => {
      // Graded at the next workload sync (every 30 s in the demo): reload until it is.
      const deadline = Date.now() + 150_000;
      for (;;) {
        await page.goto(`${baseUrl}/catalog/default/component/${NAME}/security/posture`);
        const grade = page.getByTestId('posture-grade').first();
        const shown = await grade
          .waitFor({ timeout: 20_000 })
          .then(() => true)
          .catch(() => false);
        if (shown && /^A$/.test((await grade.innerText()).trim())) break;
        if (Date.now() > deadline) {
          await shot(page, 'failure-scaffolder-security.png');
          assert.fail(`no grade A on ${NAME}'s Security tab`);
        }
        await page.waitForTimeout(5_000);
      }
      // The Network area of the tab, through its link in the summary strip.
      await page.getByTestId('summary-network').click();
      await page.waitForURL(/\/security\/network$/);
      const section = page.getByTestId('network-section');
      await section.getByTestId('network-isolation-ingress').waitFor({ timeout: 60_000 });
      assert.match(
        await section.getByTestId('network-isolation-ingress').innerText(),
        /ingress: isolated/,
      );
      assert.match(
        await section.getByTestId('network-isolation-egress').innerText(),
        /egress: isolated/,
      );
      await section
        .getByTestId('network-reachable-from')
        .getByText('Deployment storefront/checkout-web')
        .first()
        .waitFor({ timeout: 30_000 });
      await shot(page, 'scaffolder-security-tab.png');
    });
  });
}
