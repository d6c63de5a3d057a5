import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import { createGenerateNetworkPolicyAction } from './generateNetworkPolicy';

describe('container-security:netpol:generate', () => {
  const workspace = createMockDirectory();
  const input = {
    path: 'k8s/network-policy.yaml',
    name: 'orders',
    namespace: 'shop',
    port: 8080,
    callers: ['storefront/checkout-web'],
    sources: ['10.0.0.0/24'],
    egress: [
      '10.20.0.0/16:5432',
      'ledger.payments.svc:9000',
      'api.example.com:443',
    ],
  };

  it('writes a default deny and one policy per direction with exactly the declared peers', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await createGenerateNetworkPolicyAction().handler(ctx);
    const text = workspace.content()!.k8s as Record<string, string>;
    const docs = parseAllDocuments(text['network-policy.yaml']).map(d =>
      d.toJS(),
    );
    expect(docs.map(d => d.metadata.name)).toEqual([
      'orders-default-deny',
      'orders-ingress',
      'orders-egress',
    ]);
    expect(docs[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(docs[1].spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'storefront' },
            },
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'checkout-web' },
            },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
      {
        from: [{ ipBlock: { cidr: '10.0.0.0/24' } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    const egress = docs[2].spec.egress;
    expect(egress).toHaveLength(4); // DNS + three declared
    expect(egress[3].to[0].ipBlock.except).toContain('10.0.0.0/8');
    expect(text['network-policy.yaml']).toMatch(
      /a NetworkPolicy cannot name a host/,
    );
    expect(ctx.output).toHaveBeenCalledWith('policies', [
      'orders-default-deny',
      'orders-ingress',
      'orders-egress',
    ]);
    // probe pods for the CI check: the caller and the two strangers
    const probes = (workspace.content()!.ci as Record<string, string>)[
      'probes.yaml'
    ];
    expect(probes).toMatch(/name: checkout-web/);
    expect(probes).toMatch(/cs-probe-undeclared/);
  });

  it('writes the same bytes on a retry', async () => {
    workspace.clear();
    const run = async () => {
      await createGenerateNetworkPolicyAction().handler(
        createMockActionContext({ input, workspacePath: workspace.path }),
      );
      return JSON.stringify(workspace.content());
    };
    expect(await run()).toBe(await run());
  });

  it('refuses a path outside the workspace and a bad source', async () => {
    await expect(
      createGenerateNetworkPolicyAction().handler(
        createMockActionContext({
          input: { ...input, path: '../x.yaml' },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/outside/);
    await expect(
      createGenerateNetworkPolicyAction().handler(
        createMockActionContext({
          input: { ...input, sources: ['nope'] },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/sources: "nope" is not an IPv4 CIDR/);
  });

  it('writes the same flows as Calico policies when asked', async () => {
    workspace.clear();
    await createGenerateNetworkPolicyAction().handler(
      createMockActionContext({
        input: { ...input, flavor: 'calico' as const },
        workspacePath: workspace.path,
      }),
    );
    const text = (workspace.content()!.k8s as Record<string, string>)[
      'network-policy.yaml'
    ];
    const docs = parseAllDocuments(text).map(d => d.toJS());
    expect(docs.map(d => `${d.apiVersion} ${d.kind}`)).toEqual([
      'projectcalico.org/v3 NetworkPolicy',
      'projectcalico.org/v3 NetworkPolicy',
      'projectcalico.org/v3 NetworkPolicy',
    ]);
    expect(docs[1].spec.ingress[0]).toEqual({
      action: 'Allow',
      protocol: 'TCP',
      source: {
        namespaceSelector: "kubernetes.io/metadata.name == 'storefront'",
        selector: "app.kubernetes.io/name == 'checkout-web'",
      },
      destination: { ports: [8080] },
    });
    expect(docs[2].spec.egress).toHaveLength(5); // DNS over UDP and TCP + three declared
  });
});
