/**
 * The whole secured-eks-service template through the scaffolder backend's dry-run (the
 * template editor's path: real fetch:template, real actions), then its output graded by
 * the posture engine and probed flow by flow with the network-policy engine.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import {
  buildNetpolModel,
  evaluateNetpolFlow,
  findNetpolEndpoints,
  KubernetesObject,
  NetpolPeer,
  parseManifests,
  scanPosture,
  sharedPostureChecksServiceRef,
} from '@containersec/plugin-container-security-node';
import { promises as fs } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { scaffolderModuleContainerSecurity } from './module';

const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../examples/templates/secured-eks-service',
);
// The demo cluster's manifests, as app-config.yaml configures demo-eks for the backend.
const DEMO_MANIFESTS = path.resolve(__dirname, '../../../examples/manifests');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, prefix), {
    withFileTypes: true,
  });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(dir, path.posix.join(prefix, e.name))
        : [path.posix.join(prefix, e.name)],
    ),
  );
  return nested.flat();
}

/** The form's defaults (the frontend fills them in; the dry-run endpoint does not). */
function defaultsOf(template: any): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [key, prop] of Object.entries<any>(page.properties ?? {})) {
      if (prop.default !== undefined) values[key] = prop.default;
    }
  }
  return values;
}

// The demo's publish step, as a stand-in: the test stops before publishing.
const fakePublish = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'test-publish',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createTemplateAction({
            id: 'demo:publish:local',
            supportsDryRun: true,
            schema: {
              input: {
                repoName: z => z.string(),
                description: z => z.string(),
                manifestsPath: z => z.string(),
              },
            },
            async handler(ctx) {
              ctx.output('registered', true);
              ctx.output('remoteUrl', 'file:///dev/null');
              ctx.output(
                'entityRef',
                `component:default/${ctx.input.repoName}`,
              );
            },
          }),
        );
      },
    });
  },
});

// Stands in for the container-security backend, which publishes the checks added
// through its extension point: this one refuses the namespace "forbidden".
const backendWithExtraCheck = createBackendPlugin({
  pluginId: 'container-security',
  register(reg) {
    reg.registerInit({
      deps: { shared: sharedPostureChecksServiceRef },
      async init({ shared }) {
        shared.publish([
          {
            definition: {
              id: 'acme-forbidden-namespace',
              title: 'Forbidden namespace',
              category: 'isolation',
              severity: 'critical',
              rationale: 'An adopter rule added through the extension point.',
              remediation: 'Use another namespace.',
              references: [],
            } as any,
            kinds: ['Deployment'],
            evaluate: ({ object }) =>
              object.metadata.namespace === 'forbidden'
                ? [{ message: 'the namespace "forbidden" is reserved' }]
                : [],
          },
        ]);
      },
    });
  },
});

interface DryRun {
  files: Map<string, string>;
  output: any;
  log: string;
}

const BASE = {
  description: 'Takes orders from the storefront checkout',
  owner: 'group:default/storefront-team',
  system: 'system:default/storefront',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/orders:1.4.0',
  port: 8080,
};

describe('the secured-eks-service template', () => {
  const workspace = createMockDirectory();
  // stands in for .demo-scaffolder/manifests: services published earlier
  const published = createMockDirectory();
  let server: any;
  let template: any;
  let directoryContents: Array<{ path: string; base64Content: string }>;

  beforeAll(async () => {
    template = parse(
      await fs.readFile(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    directoryContents = await Promise.all(
      (
        await listFiles(TEMPLATE_DIR)
      ).map(async p => ({
        path: p,
        base64Content: (
          await fs.readFile(path.join(TEMPLATE_DIR, p))
        ).toString('base64'),
      })),
    );
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleContainerSecurity,
        fakePublish,
        backendWithExtraCheck,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: workspace.path },
            containerSecurity: {
              posture: {},
              workloads: {
                manifests: [
                  {
                    name: 'demo-eks',
                    paths: [DEMO_MANIFESTS, published.path],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
  }, 60_000);

  async function dryRun(values: Record<string, unknown>): Promise<DryRun> {
    const address = server.address();
    const res = await fetch(
      `http://localhost:${address.port}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({
          template,
          values: { ...defaultsOf(template), ...values },
          directoryContents,
        }),
      },
    );
    const body = await res.json();
    if (res.status !== 200)
      throw new Error(
        `dry-run answered ${res.status}: ${JSON.stringify(body)}`,
      );
    const log = body.log.map((l: any) => l.body.message).join('\n');
    const files = new Map<string, string>(
      body.directoryContents.map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    return { files, output: body.output, log };
  }

  const manifestsOf = (run: DryRun) =>
    [...run.files.entries()]
      .filter(
        ([p]) =>
          p.startsWith('k8s/') &&
          p.endsWith('.yaml') &&
          !p.endsWith('kustomization.yaml'),
      )
      .flatMap(([p, text]) => parseManifests(text, p));

  /** Namespace and probe pods around the generated objects, for flows. */
  function networkModel(
    objects: KubernetesObject[],
    extra: KubernetesObject[],
  ) {
    return buildNetpolModel([...objects, ...extra]);
  }
  const pod = (
    namespace: string,
    name: string,
    labels?: Record<string, string>,
  ): KubernetesObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      name,
      labels: labels ?? { 'app.kubernetes.io/name': name },
    },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  });

  const CASES = [
    {
      label: 'internal, no AWS presets, one caller, a database CIDR',
      values: {
        ...BASE,
        name: 'orders',
        namespace: 'orders',
        exposure: 'internal',
        callers: ['storefront/checkout-web'],
        egress: ['10.20.0.0/16:5432'],
      },
      declared: [{ ns: 'storefront', name: 'checkout-web' }],
      egressAllowed: [{ ip: '10.20.3.4', port: 5432 }],
      blockedCallers: [],
    },
    {
      label:
        'public through an ALB, S3 and SQS presets, logs to S3, scale to zero, spot, responders',
      values: {
        ...BASE,
        name: 'receipts',
        namespace: 'receipts',
        exposure: 'public',
        hostname: 'receipts.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        callers: ['payments/payments-api'],
        egress: [
          'api.stripe.com:443',
          'ledger.payments.svc.cluster.local:8443',
        ],
        awsPermissions: [
          { preset: 's3-write', resource: 'receipts-archive' },
          { preset: 'sqs-consume', resource: 'receipts-events' },
        ],
        logDestination: 's3',
        spot: true,
        scaleToZeroOffHours: true,
        responders: ['cs-quarantine-pod', 'cs-scale-to-zero'],
      },
      declared: [{ ns: 'payments', name: 'payments-api' }],
      egressAllowed: [{ ip: '10.0.64.9', port: 443 }],
      // In demo-eks, payments-api's own policy limits its egress: the call is blocked on
      // the caller's side, which the run reports by policy name without failing.
      blockedCallers: [
        {
          caller: 'payments/payments-api',
          policy: 'NetworkPolicy payments/payments-api',
        },
      ],
    },
    {
      label: 'internal load balancer, DynamoDB preset, two callers',
      values: {
        ...BASE,
        name: 'inventory',
        namespace: 'stock',
        exposure: 'internal-lb',
        callers: ['storefront/cart-service', 'stock/restocker'],
        egress: [],
        awsPermissions: [{ preset: 'dynamodb-read', resource: 'inventory' }],
      },
      declared: [
        { ns: 'storefront', name: 'cart-service' },
        { ns: 'stock', name: 'restocker' },
      ],
      egressAllowed: [{ ip: '10.0.64.9', port: 443 }],
      blockedCallers: [],
    },
    {
      label:
        'internal with Calico policies, a service and a CIDR egress, no AWS presets',
      values: {
        ...BASE,
        name: 'search',
        namespace: 'search',
        exposure: 'internal',
        networkPolicyFlavor: 'calico',
        callers: ['storefront/catalog-search'],
        egress: ['opensearch.data.svc.cluster.local:9200', '10.30.0.0/24:6379'],
      },
      declared: [{ ns: 'storefront', name: 'catalog-search' }],
      egressAllowed: [{ ip: '10.30.0.9', port: 6379 }],
      blockedCallers: [
        {
          caller: 'storefront/catalog-search',
          policy: 'NetworkPolicy storefront/catalog-search',
        },
      ],
    },
  ];

  describe.each(CASES)('$label', c => {
    let run: DryRun;
    beforeAll(async () => {
      run = await dryRun(c.values);
    }, 60_000);

    it('runs every step, the validations included, and previews every file', () => {
      for (const file of [
        'catalog-info.yaml',
        'README.md',
        'k8s/kustomization.yaml',
        'k8s/namespace.yaml',
        'k8s/deployment.yaml',
        'k8s/network-policy.yaml',
        'aws/iam-policy.json',
        'aws/irsa-trust-policy.json',
        'falco/rules.yaml',
        'ci/probes.yaml',
        '.github/workflows/security.yaml',
      ]) {
        expect([...run.files.keys()]).toContain(file);
      }
      expect(run.log).toMatch(/Posture A/);
      expect(run.log).not.toMatch(/FAIL /);
      // Every file kustomize is told about exists, and no other manifest is left out.
      const kustomization = parse(run.files.get('k8s/kustomization.yaml')!);
      const listed = kustomization.resources
        .map((r: string) => `k8s/${r}`)
        .sort();
      const present = [...run.files.keys()]
        .filter(p => p.startsWith('k8s/') && p !== 'k8s/kustomization.yaml')
        .sort();
      expect(listed).toEqual(present);
    });

    it("proves the network against the demo cluster and names a declared caller's blocking egress policy", () => {
      // the proof ran with the cluster's real objects (template input cluster: demo-eks)
      const summary = run.output.text[0].content as string;
      expect(summary).toMatch(/Network: isolated in both directions/);
      const blocked = [
        ...run.log.matchAll(
          /Declared caller (\S+) is admitted here, but its own egress policy (.+?) blocks the call/g,
        ),
      ].map(m => ({ caller: m[1], policy: m[2] }));
      expect(blocked).toEqual(c.blockedCallers);
      for (const b of c.blockedCallers) {
        expect(summary).toContain(
          `declared caller ${b.caller} is blocked by its own egress policy ${b.policy}`,
        );
      }
      expect(/blocked/.test(summary)).toBe(c.blockedCallers.length > 0);
    });

    it('writes the chosen policy flavour', () => {
      const text = run.files.get('k8s/network-policy.yaml')!;
      const calico = (c.values as any).networkPolicyFlavor === 'calico';
      expect(text.includes('apiVersion: projectcalico.org/v3')).toBe(calico);
      expect(text.includes('apiVersion: networking.k8s.io/v1')).toBe(!calico);
    });

    it('grades A with no finding above low', () => {
      const result = scanPosture(manifestsOf(run), {
        rules: {
          rules: [],
          exemptions: [],
          customChecks: [],
          allowedRegistries: [],
        },
        now: new Date('2026-01-01T00:00:00Z'),
      });
      expect(result.grade).toBe('A');
      expect(
        result.findings.filter(f => !['low', 'info'].includes(f.severity)),
      ).toEqual([]);
    });

    it('admits only the declared callers and reaches only the declared egress', () => {
      const { name, namespace, port } = c.values as any;
      const objects = manifestsOf(run).map(m => m.object);
      const model = networkModel(objects, [
        ...c.declared.map(d => pod(d.ns, d.name)),
        pod(namespace, 'stranger'),
        pod('elsewhere', 'stranger'),
        // the declared caller's name in the wrong namespace
        pod('elsewhere', c.declared[0].name),
        pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
      ]);
      const at = (ref: string): NetpolPeer => ({
        endpoint: findNetpolEndpoints(model, ref)[0],
      });
      const service = at(`${namespace}/Deployment/${name}`);
      const reach = (
        from: NetpolPeer,
        to: NetpolPeer,
        p: number,
        protocol = 'TCP',
      ) => evaluateNetpolFlow(model, { from, to, port: p, protocol }).allowed;

      for (const d of c.declared) {
        expect(reach(at(`${d.ns}/${d.name}`), service, port)).toBe(true);
        expect(reach(at(`${d.ns}/${d.name}`), service, port + 1)).toBe(false);
      }
      expect(reach(at(`${namespace}/stranger`), service, port)).toBe(false);
      expect(reach(at('elsewhere/stranger'), service, port)).toBe(false);
      expect(reach(at(`elsewhere/${c.declared[0].name}`), service, port)).toBe(
        false,
      );
      // a load balancer's subnet: admitted only when exposed through one
      expect(reach({ ip: '10.0.0.10' }, service, port)).toBe(
        c.values.exposure !== 'internal',
      );
      expect(reach({ ip: '10.9.0.10' }, service, port)).toBe(false);

      expect(reach(service, at('kube-system/coredns'), 53, 'UDP')).toBe(true);
      for (const e of c.egressAllowed) {
        expect(reach(service, { ip: e.ip }, e.port)).toBe(true);
      }
      expect(reach(service, at(`${namespace}/stranger`), port)).toBe(false);
      expect(reach(service, at('elsewhere/stranger'), 443)).toBe(false);
      expect(reach(service, { ip: '203.0.113.10' }, 22)).toBe(false);
      expect(reach(service, { ip: '10.20.3.4' }, 6379)).toBe(false);
    });

    it('grants IAM actions only on named resources', () => {
      const policy = JSON.parse(run.files.get('aws/iam-policy.json')!);
      for (const s of policy.Statement) {
        for (const a of s.Action) expect(a).not.toMatch(/\*/);
        for (const r of s.Resource) expect(r).not.toBe('*');
      }
      const trust = JSON.parse(run.files.get('aws/irsa-trust-policy.json')!);
      expect(JSON.stringify(trust)).toContain(
        `system:serviceaccount:${(c.values as any).namespace}:${
          (c.values as any).name
        }`,
      );
    });
  });

  it('keeps the parameter contract of the README: its keys and types, a default for every other parameter', async () => {
    const properties: Record<string, any> = Object.assign(
      {},
      ...template.spec.parameters.map((page: any) => page.properties ?? {}),
    );
    const readme = await fs.readFile(
      path.resolve(__dirname, '../../../README.md'),
      'utf8',
    );
    const section = readme.slice(
      readme.indexOf('## Secured EKS service template'),
      readme.indexOf('### What it generates'),
    );
    // the contract table: | `key` | type (pipes escaped) | meaning |
    const contract = [
      ...section.matchAll(/^\| `([a-zA-Z]+)` \| ((?:[^|\\]|\\\|)+) \|/gm),
    ].map(m => [m[1], m[2].trim()]);
    expect(contract.map(([k]) => k)).toEqual([
      'name',
      'description',
      'owner',
      'system',
      'namespace',
      'image',
      'port',
      'exposure',
      'callers',
      'egress',
    ]);
    for (const [key] of contract) expect(properties).toHaveProperty(key);
    expect(properties.port.type).toBe('number');
    expect(properties.exposure.enum).toEqual([
      'internal',
      'internal-lb',
      'public',
    ]);
    for (const key of ['callers', 'egress']) {
      expect(properties[key].type).toBe('array');
      expect(properties[key].items.type).toBe('string');
    }
    // callers are namespace/workload strings
    const caller = new RegExp(properties.callers.items.pattern);
    expect(caller.test('storefront/checkout-web')).toBe(true);
    expect(caller.test('checkout-web')).toBe(false);
    // every other parameter has a default and is listed in the README
    const others = section.slice(section.indexOf('Other parameters'));
    for (const [key, prop] of Object.entries(properties)) {
      if (contract.some(([k]) => k === key)) continue;
      expect({ key, hasDefault: prop.default !== undefined }).toEqual({
        key,
        hasDefault: true,
      });
      expect(others).toContain(`\`${key}\``);
    }
  });

  it('gives an internal load balancer TLS on 443 only with a certificate, plain 80 without', async () => {
    const serviceOf = async (certificateArn: string) => {
      const run = await dryRun({
        ...CASES[2].values,
        certificateArn,
      });
      return parse(run.files.get('k8s/service.yaml')!);
    };
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    const withTls = await serviceOf(arn);
    expect(withTls.spec.type).toBe('LoadBalancer');
    expect(withTls.spec.ports[0].port).toBe(443);
    expect(withTls.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': arn,
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
    });
    const plain = await serviceOf('');
    expect(plain.spec.ports[0].port).toBe(80);
    expect(Object.keys(plain.metadata.annotations)).not.toContain(
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
    );
  }, 60_000);

  it('refuses a caller that is not namespace/workload before running', async () => {
    await expect(
      dryRun({ ...CASES[0].values, callers: ['storefront'] }),
    ).rejects.toThrow(
      /answered 400.*instance\.callers\[0\] does not match pattern/,
    );
  }, 60_000);

  it('fails the run at the plan step, naming the field, on a bad egress entry', async () => {
    await expect(
      dryRun({ ...CASES[0].values, egress: ['db.internal:99999'] }),
    ).rejects.toThrow(/egress: \\"db.internal:99999\\" has no port 1-65535/);
  }, 60_000);

  it('grades with the checks the backend added through its extension point', async () => {
    await expect(
      dryRun({ ...CASES[0].values, namespace: 'forbidden' }),
    ).rejects.toThrow(/acme-forbidden-namespace/);
  }, 60_000);
});
