// Browser test of the Network section: a demo service's Security tab shows its policies,
// isolation and the graph of allowed flows, and a what-if previews a pasted policy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSignedInPage, screenshots } from './harness.mjs';

const DENY_CHECKOUT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: payments-api-from-checkout
  namespace: payments
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: payments-api
  policyTypes: [Ingress]
`;

export function registerNetworkTests() {
  describe('network section', () => {
    let context;
    let page;

    before(async () => {
      ({ context, page } = await openSignedInPage(
        '/catalog/default/component/payments-api/security/network',
      ));
    });

    after(async () => {
      await context?.close();
    });

    it('shows isolation, the flow graph and the policies on the Security tab', async () => {
      const section = page.getByTestId('network-section');
      await section
        .getByTestId('network-isolation-ingress')
        .waitFor({ timeout: 90_000 });
      assert.match(
        await section.getByTestId('network-isolation-ingress').innerText(),
        /ingress: isolated/,
      );
      // The graph is an SVG with the service's node in it.
      const serviceNode = section.locator(
        'svg [data-testid="network-node-service"]',
      );
      await serviceNode.waitFor({ timeout: 30_000 });
      assert.ok(
        (await section.locator('svg [data-testid^="network-node-"]').count()) >
          1,
      );
      await section
        .getByTestId('network-reachable-from')
        .getByText('Deployment storefront/checkout-web')
        .first()
        .waitFor();
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(screenshots, 'network-section.png'),
        fullPage: true,
      });
    });

    it('previews a pasted policy and shows the delta, applying nothing', async () => {
      const panel = page.getByTestId('network-what-if');
      await panel.scrollIntoViewIfNeeded();
      assert.match(
        await panel.innerText(),
        /nothing is applied to the cluster/,
      );
      await panel.getByTestId('network-what-if-input').fill(DENY_CHECKOUT);
      await panel.getByRole('button', { name: 'Preview' }).click();
      const result = page.getByTestId('network-what-if-result');
      await result.waitFor({ timeout: 30_000 });
      await page
        .getByTestId('network-what-if-from')
        .getByText(/lost: Deployment storefront\/checkout-web/)
        .waitFor({ timeout: 10_000 });
      await result.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(screenshots, 'network-what-if.png'),
        fullPage: true,
      });
      // Nothing was applied: after a reload, checkout-web still reaches the service.
      await page.reload();
      // A reload may land on the guest sign-in page again.
      const enter = page.getByRole('button', { name: 'Enter' });
      await enter
        .waitFor({ timeout: 15_000 })
        .then(() => enter.click())
        .catch(() => undefined);
      await page
        .getByTestId('network-reachable-from')
        .getByText('Deployment storefront/checkout-web')
        .first()
        .waitFor({ timeout: 90_000 });
    });
  });
}
