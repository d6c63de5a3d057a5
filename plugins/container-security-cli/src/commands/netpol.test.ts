import path from 'path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { run } from '../main';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: t => (stdout += t),
    stderr: t => (stderr += t),
  });
  return { code, stdout, stderr };
}

const RECIPES = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/netpol/k8s',
);

const workloads = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: shop } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: example/api:1
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: example/web:1 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop, labels: { run: debug } }
spec: { containers: [{ name: sh, image: busybox }] }
`;

const policies = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-allow-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: http }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: block-metadata }
spec:
  selector: all()
  order: 10
  types: [Egress]
  egress:
    - action: Deny
      destination: { nets: [169.254.169.254/32] }
    - action: Allow
`;

describe('container-security netpol reach', () => {
  const dir = createMockDirectory();
  beforeEach(() =>
    dir.setContent({
      'k8s/workloads.yaml': workloads,
      'k8s/policies/net.yaml': policies,
    }),
  );

  it('prints an allowed flow as JSON with both directions and exits 0', async () => {
    const { code, stdout } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      '--from',
      'shop/web',
      '--to',
      'shop/api',
      '--port',
      '8080',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      allowed: true,
      from: 'shop/Deployment/web',
      to: 'shop/Deployment/api',
      port: 8080,
      protocol: 'TCP',
      egress: {
        allowed: true,
        policy: {
          kind: 'GlobalNetworkPolicy',
          name: 'block-metadata',
          namespace: null,
          tier: 'default',
        },
        rule: { index: 1, text: 'Allow all traffic to anywhere' },
      },
      ingress: {
        allowed: true,
        policy: {
          kind: 'NetworkPolicy',
          namespace: 'shop',
          name: 'api-allow-web',
          file: dir.resolve('k8s/policies/net.yaml'),
          line: 2,
        },
        rule: { index: 0 },
        decidedBy: 'rule',
      },
    });
  });

  it('a denied flow exits 1; the deciding default is reported with policy null', async () => {
    const { code, stdout } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      '--from',
      'shop/debug',
      '--to',
      'shop/Deployment/api',
      '--port',
      'http/TCP',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.allowed).toBe(false);
    expect(report.egress.allowed).toBe(true);
    expect(report.ingress).toMatchObject({
      allowed: false,
      policy: null,
      rule: null,
      decidedBy: 'tier-default',
      tier: 'default',
    });
    expect(report.ingress.reason).toContain('default deny');
  });

  it('egress to an IP address is decided at the source only; table output', async () => {
    const { code, stdout } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      '--from',
      'shop/api',
      '--to',
      '169.254.169.254',
      '--port',
      '80',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'DENIED: shop/Deployment/api -> 169.254.169.254 TCP 80',
    );
    expect(stdout).toMatch(
      /egress\s+deny\s+GlobalNetworkPolicy block-metadata/,
    );
    expect(stdout).toMatch(/ingress\s+allow\s+\(default: not-applicable\)/);
  });

  it('reads the public recipes: 01 web-deny-all isolates web', async () => {
    dir.setContent({
      'pods.yaml': `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: default, labels: { app: web } }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: client, namespace: default }\n`,
    });
    const args = (file: string) => [
      'netpol',
      'reach',
      dir.resolve('pods.yaml'),
      path.join(RECIPES, file),
      '--from',
      'default/client',
      '--to',
      'default/web',
      '--port',
      '80',
      '--format',
      'json',
    ];
    expect(
      (await cli(args('01-deny-all-traffic-to-an-application.yaml'))).code,
    ).toBe(1);
    expect(
      (await cli(args('02a-allow-all-traffic-to-an-application.yaml'))).code,
    ).toBe(0);
  });

  it('a malformed policy names the file, the object and the field (exit 2)', async () => {
    dir.setContent({
      'k8s/workloads.yaml': workloads,
      'k8s/bad.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: broken, namespace: shop }\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{ port: 99999 }]\n`,
    });
    const { code, stderr } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      '--from',
      'shop/web',
      '--to',
      'shop/api',
      '--port',
      '80',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${dir.resolve(
        'k8s/bad.yaml',
      )}:5: NetworkPolicy shop/broken: spec.ingress[0].ports[0].port`,
    );
  });

  it.each([
    [
      ['--from', 'shop/nobody', '--to', 'shop/api', '--port', '80'],
      '--from shop/nobody: no Pod or workload',
    ],
    [
      ['--from', 'shop/web', '--to', 'shop/api', '--port', '80/ICMP'],
      'protocol must be TCP, UDP or SCTP',
    ],
    [
      ['--from', 'shop/web', '--to', '10.0.0.1', '--port', 'http'],
      'a named port needs a Pod or workload',
    ],
  ])('bad options exit 2: %j', async (options, message) => {
    const { code, stderr } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      ...options,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('names AdminNetworkPolicy and BaselineAdminNetworkPolicy decisions (decidedBy admin-policy / baseline-admin-policy)', async () => {
    dir.addContent({
      'k8s/policies/guardrails.yaml': `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: no-debug-to-api }
spec:
  priority: 10
  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: api } } } }
  ingress:
    - name: deny-debug
      action: Deny
      from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { run: debug } } } }]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
  subject: { namespaces: {} }
  ingress:
    - name: default-deny
      action: Deny
      from: [{ namespaces: {} }]
`,
    });
    const reach = (from: string, to: string, format = 'json') =>
      cli([
        'netpol',
        'reach',
        dir.resolve('k8s'),
        '--from',
        from,
        '--to',
        to,
        '--port',
        '8080',
        '--format',
        format,
      ]);
    const admin = await reach('shop/debug', 'shop/api');
    expect(admin.code).toBe(1);
    expect(JSON.parse(admin.stdout).ingress).toMatchObject({
      allowed: false,
      decidedBy: 'admin-policy',
      tier: 'adminnetworkpolicy',
      policy: {
        kind: 'AdminNetworkPolicy',
        name: 'no-debug-to-api',
        order: 10,
      },
      rule: { index: 0, text: expect.stringContaining('deny-debug') },
    });
    // web is selected by no NetworkPolicy: the baseline decides.
    const baseline = await reach('shop/api', 'shop/web');
    expect(JSON.parse(baseline.stdout).ingress).toMatchObject({
      allowed: false,
      decidedBy: 'baseline-admin-policy',
      policy: { kind: 'BaselineAdminNetworkPolicy', name: 'default' },
    });
    const table = await reach('shop/debug', 'shop/api', 'table');
    expect(table.stdout).toContain('AdminNetworkPolicy no-debug-to-api');
    expect(table.stdout).toContain('[cluster guardrail]');
  });

  it('a missing required option exits 2', async () => {
    const { code } = await cli([
      'netpol',
      'reach',
      dir.resolve('k8s'),
      '--from',
      'shop/web',
    ]);
    expect(code).toBe(2);
  });
});
