import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPlanServiceAction } from './planService';

const input = {
  name: 'orders',
  namespace: 'shop',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/orders:1.2.0',
  port: 8080,
  exposure: 'internal' as const,
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
  cluster: 'demo-eks',
  awsEndpointCidrs: ['10.0.64.0/24'],
};

const outputs = (ctx: ReturnType<typeof createMockActionContext>) =>
  Object.fromEntries((ctx.output as jest.Mock).mock.calls);

describe('container-security:service:plan', () => {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout-web',
          annotations: {
            'backstage.io/kubernetes-id': 'checkout-web',
            'backstage.io/kubernetes-namespace': 'storefront',
          },
        },
        spec: { type: 'service', owner: 'x', lifecycle: 'production' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'legacy' },
        spec: { type: 'service', owner: 'x', lifecycle: 'production' },
      },
    ],
  });

  it('resolves catalog callers, normalises egress, adds the AWS endpoints and pins the image with a placeholder', async () => {
    const ctx = createMockActionContext({
      input: {
        ...input,
        callers: ['storefront/checkout-web', 'shop/admin'],
        callerComponents: ['component:default/checkout-web'],
        egress: ['10.20.1.7/16:5432', 'API.example.com:443'],
        awsEndpointCidrs: ['10.0.64.0/24'],
        awsPermissions: [{ preset: 's3-read' as const, resource: 'invoices' }],
        responders: ['cs-quarantine-pod' as const],
      },
    });
    await createPlanServiceAction({ catalog }).handler(ctx);
    const out = outputs(ctx);
    // the catalog component resolves to the typed caller: listed once
    expect(out.callers).toEqual(['storefront/checkout-web', 'shop/admin']);
    expect(out.egress).toEqual([
      '10.20.0.0/16:5432',
      'api.example.com:443',
      '10.0.64.0/24:443',
    ]);
    expect(out.ingressSources).toEqual([]);
    expect(out.imageRef).toBe(
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/orders:1.2.0@sha256:${'0'.repeat(
        64,
      )}`,
    );
    expect(out.imagePinned).toBe(false);
    expect(out.roleArn).toBe('arn:aws:iam::123456789012:role/irsa/shop-orders');
    expect(out.awsArns).toBe('arn:aws:s3:::invoices');
    expect(out.responders).toBe('cs-quarantine-pod');
    expect(out.egressPorts).toBe('53, 5432, 443');
  });

  it('accepts no AWS endpoint subnets when an egress on 443 reaches AWS another way', async () => {
    const ctx = createMockActionContext({
      input: {
        ...input,
        awsEndpointCidrs: [],
        egress: ['logs.eu-west-1.amazonaws.com:443'],
      },
    });
    await createPlanServiceAction({}).handler(ctx);
    expect(outputs(ctx).egress).toEqual(['logs.eu-west-1.amazonaws.com:443']);
  });

  it('gives the same plan on a retry', async () => {
    const run = async () => {
      const ctx = createMockActionContext({
        input: { ...input, egress: ['10.1.0.0/16:80'] },
      });
      await createPlanServiceAction({}).handler(ctx);
      return outputs(ctx);
    };
    expect(await run()).toEqual(await run());
  });

  it.each([
    [{ image: 'docker.io/library/nginx:1' }, /image: .* is not an ECR image/],
    [
      { callers: ['storefront'] },
      /callers: "storefront" is not namespace\/workload/,
    ],
    [
      { egress: ['10.0.0.0/33:80'] },
      /egress: "10.0.0.0\/33:80" has an invalid IPv4 CIDR/,
    ],
    [{ egress: ['db:70000'] }, /has no port 1-65535/],
    [
      { exposure: 'public' as const, loadBalancerCidrs: [] },
      /loadBalancerCidrs: public exposure needs/,
    ],
    [
      { callerComponents: ['component:default/legacy'] },
      /has no backstage.io\/kubernetes-namespace/,
    ],
    [
      { awsEndpointCidrs: [] },
      /awsEndpointCidrs: the log router ships .* through AWS APIs on 443/,
    ],
    [
      { awsEndpointCidrs: [], egress: ['10.1.0.0/16:5432'] },
      /awsEndpointCidrs: the log router ships/,
    ],
    [
      { callerComponents: ['component:default/nope'] },
      /no entity component:default\/nope/,
    ],
  ])('refuses %o with a clear error', async (extra, message) => {
    const ctx = createMockActionContext({ input: { ...input, ...extra } });
    await expect(
      createPlanServiceAction({ catalog }).handler(ctx),
    ).rejects.toThrow(message);
  });
});
