import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createGenerateIamPolicyAction } from './generateIamPolicy';

describe('container-security:iam:generate', () => {
  const workspace = createMockDirectory();
  const input = {
    path: 'aws',
    name: 'orders',
    namespace: 'shop',
    awsAccountId: '123456789012',
    awsRegion: 'eu-west-1',
    oidcProvider: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123',
    permissions: [
      { preset: 's3-read' as const, resource: 'invoices' },
      { preset: 'dynamodb-write' as const, resource: 'orders' },
      { preset: 'sqs-send' as const, resource: 'orders-events' },
      { preset: 's3-read' as const, resource: 'invoices' },
    ],
    logGroup: '/eks/demo/shop/orders',
  };

  const read = (file: string) =>
    JSON.parse((workspace.content()!.aws as Record<string, string>)[file]);

  it('grants each preset on its named resource only, plus log shipping', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await createGenerateIamPolicyAction().handler(ctx);
    const policy = read('iam-policy.json');
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual([
      'S3ReadInvoices',
      'DynamodbWriteOrders',
      'SqsSendOrdersEvents',
      'ShipLogsToCloudWatch',
    ]);
    for (const s of policy.Statement) {
      for (const a of s.Action) expect(a).not.toContain('*');
      for (const r of s.Resource) expect(r).not.toBe('*');
    }
    expect(policy.Statement[1].Resource).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*',
    ]);
    const trust = read('irsa-trust-policy.json');
    expect(trust.Statement[0].Principal.Federated).toBe(
      'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123',
    );
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub':
        'system:serviceaccount:shop:orders',
      'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud': 'sts.amazonaws.com',
    });
  });

  it('is idempotent on retry: same files, same outputs', async () => {
    workspace.clear();
    const run = async () => {
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace.path,
      });
      await createGenerateIamPolicyAction().handler(ctx);
      return {
        files: JSON.stringify(workspace.content()),
        outputs: (ctx.output as jest.Mock).mock.calls,
      };
    };
    const first = await run();
    const retry = await run();
    expect(retry).toEqual(first);
    expect(Object.keys(workspace.content()!.aws as object).sort()).toEqual([
      'iam-policy.json',
      'irsa-trust-policy.json',
    ]);
  });

  it('ships logs to the S3 prefix of the service only', async () => {
    workspace.clear();
    await createGenerateIamPolicyAction().handler(
      createMockActionContext({
        input: {
          ...input,
          permissions: [],
          logDestination: 's3' as const,
          logBucket: 'shop-logs',
        },
        workspacePath: workspace.path,
      }),
    );
    expect(read('iam-policy.json').Statement).toEqual([
      {
        Sid: 'ShipLogsToS3',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: ['arn:aws:s3:::shop-logs/shop/orders/*'],
      },
    ]);
  });
});
