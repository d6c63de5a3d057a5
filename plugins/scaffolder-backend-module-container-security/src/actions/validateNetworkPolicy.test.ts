import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createGenerateNetworkPolicyAction } from './generateNetworkPolicy';
import { createValidateNetworkPolicyAction } from './validateNetworkPolicy';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: shop }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: orders } }
  template:
    metadata: { labels: { app.kubernetes.io/name: orders } }
    spec:
      containers:
        - name: app
          image: x
          ports: [{ name: http, containerPort: 8080 }]
`;

// The caller's own repository: it may only talk to DNS.
const CALLER_CLUSTER = `apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout-web, namespace: storefront }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: checkout-web } }
  template:
    metadata: { labels: { app.kubernetes.io/name: checkout-web } }
    spec: { containers: [{ name: app, image: y }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: checkout-web-egress, namespace: storefront }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: checkout-web } }
  policyTypes: [Egress]
  egress:
    - ports: [{ port: 53, protocol: UDP }]
`;

describe('container-security:netpol:validate', () => {
  const workspace = createMockDirectory();
  const contract = {
    port: 8080,
    callers: ['storefront/checkout-web'],
    egress: ['10.20.0.0/16:5432'],
  };

  async function generate(extra: Record<string, unknown> = {}) {
    workspace.setContent({ 'k8s/deployment.yaml': DEPLOYMENT });
    await createGenerateNetworkPolicyAction().handler(
      createMockActionContext({
        input: { name: 'orders', namespace: 'shop', ...contract, ...extra },
        workspacePath: workspace.path,
      }),
    );
  }

  const validate = (clusters = new Map<string, string[]>(), extra = {}) => {
    const ctx = createMockActionContext({
      input: { path: 'k8s', workload: 'shop/orders', ...contract, ...extra },
      workspacePath: workspace.path,
    });
    const warn = jest.spyOn(ctx.logger, 'warn');
    return {
      ctx,
      warn,
      run: createValidateNetworkPolicyAction({ clusters }).handler(ctx),
    };
  };

  it('proves the generated policies: isolated, declared callers in, declared egress out', async () => {
    await generate();
    const { ctx, run } = validate();
    await run;
    expect(ctx.output).toHaveBeenCalledWith('ok', true);
    expect(ctx.output).toHaveBeenCalledWith('isolated', {
      ingress: true,
      egress: true,
    });
    const checks = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'checks',
    )[1];
    expect(checks.map((c: any) => c.description)).toEqual(
      expect.arrayContaining([
        'declared caller storefront/checkout-web → port 8080',
        'undeclared pod in shop → port 8080',
        'undeclared pod in another namespace (cs-probe-other) → port 8080',
        'declared egress 10.20.0.0/16:5432',
      ]),
    );
  });

  it('is idempotent on retry: same report, workspace untouched', async () => {
    await generate();
    const cluster = createMockDirectory();
    cluster.setContent({ 'storefront.yaml': CALLER_CLUSTER });
    const clusters = new Map([['demo', [cluster.path]]]);
    const before = JSON.stringify(workspace.content());
    const run = async () => {
      const { ctx, run: done } = validate(clusters, { cluster: 'demo' });
      await done;
      return (ctx.output as jest.Mock).mock.calls;
    };
    const first = await run();
    expect(first).toContainEqual(['ok', true]);
    expect(await run()).toEqual(first);
    expect(JSON.stringify(workspace.content())).toBe(before);
  });

  it('fails with a readable report when the policies admit less than declared', async () => {
    await generate({ callers: [] });
    const { run } = validate();
    await expect(run).rejects.toThrow(
      /declared caller storefront\/checkout-web → port 8080: expected allowed, was denied/,
    );
  });

  it('fails when the workload is not isolated at all', async () => {
    workspace.setContent({ 'k8s/deployment.yaml': DEPLOYMENT });
    const { run } = validate();
    await expect(run).rejects.toThrow(
      /not isolated for ingress.*not isolated for egress/,
    );
  });

  it("names the caller's own egress policy that would block the call, without failing", async () => {
    await generate();
    const cluster = createMockDirectory();
    cluster.setContent({ 'storefront.yaml': CALLER_CLUSTER });
    const { ctx, run, warn } = validate(new Map([['demo', [cluster.path]]]), {
      cluster: 'demo',
    });
    await run;
    expect(ctx.output).toHaveBeenCalledWith('callerEgressBlocked', [
      expect.objectContaining({
        caller: 'storefront/checkout-web',
        policy: 'NetworkPolicy storefront/checkout-web-egress',
      }),
    ]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/change the caller's repository/),
    );
    // the summary the template shows names the policy too
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      expect.stringContaining(
        'declared caller storefront/checkout-web is blocked by its own egress policy NetworkPolicy storefront/checkout-web-egress',
      ),
    );
  });

  it('fails naming the cluster when its manifests cannot be read', async () => {
    await generate();
    const { run } = validate(
      new Map([['demo', [`${workspace.path}/no-such-folder`]]]),
      { cluster: 'demo' },
    );
    await expect(run).rejects.toThrow(
      /cluster: cannot read the manifests of "demo": .*no-such-folder/,
    );
  });

  it('refuses an unknown cluster', async () => {
    await generate();
    const { run } = validate(new Map(), { cluster: 'nope' });
    await expect(run).rejects.toThrow(
      /no containerSecurity.workloads.manifests entry named "nope"/,
    );
  });
});
