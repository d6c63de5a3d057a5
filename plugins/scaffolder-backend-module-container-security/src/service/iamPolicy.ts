import { InputError } from '@backstage/errors';

/**
 * Least-privilege presets a service can ask for. Each grants the fewest actions its use
 * needs, on the one named resource; none has a wildcard action.
 *
 * @public
 */
export const AWS_PERMISSION_PRESETS = [
  's3-read',
  's3-write',
  'dynamodb-read',
  'dynamodb-write',
  'sqs-consume',
  'sqs-send',
] as const;

/** @public */
export type AwsPermissionPreset = (typeof AWS_PERMISSION_PRESETS)[number];

/** What the IAM policy is generated from. */
export interface IamPlan {
  name: string;
  namespace: string;
  awsAccountId: string;
  awsRegion: string;
  /** Issuer of the cluster's OIDC provider, without `https://`. */
  oidcProvider: string;
  permissions: Array<{ preset: AwsPermissionPreset; resource: string }>;
  logDestination: 'cloudwatch' | 's3';
  logGroup: string;
  logBucket: string;
}

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
}

const sid = (text: string) =>
  text.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _p, c: string) =>
    c.toUpperCase(),
  );

/** The ARN of a preset's resource. */
export function resourceArn(
  plan: Pick<IamPlan, 'awsAccountId' | 'awsRegion'>,
  preset: AwsPermissionPreset,
  resource: string,
): string {
  const { awsAccountId: account, awsRegion: region } = plan;
  if (preset.startsWith('s3-')) return `arn:aws:s3:::${resource}`;
  if (preset.startsWith('dynamodb-'))
    return `arn:aws:dynamodb:${region}:${account}:table/${resource}`;
  return `arn:aws:sqs:${region}:${account}:${resource}`;
}

function presetStatement(
  plan: IamPlan,
  preset: AwsPermissionPreset,
  resource: string,
): Statement {
  const arn = resourceArn(plan, preset, resource);
  const base = { Sid: sid(`${preset} ${resource}`), Effect: 'Allow' as const };
  switch (preset) {
    case 's3-read':
      return {
        ...base,
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [arn, `${arn}/*`],
      };
    case 's3-write':
      return {
        ...base,
        Action: [
          's3:GetObject',
          's3:ListBucket',
          's3:PutObject',
          's3:DeleteObject',
        ],
        Resource: [arn, `${arn}/*`],
      };
    case 'dynamodb-read':
      return {
        ...base,
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
        ],
        Resource: [arn, `${arn}/index/*`],
      };
    case 'dynamodb-write':
      return {
        ...base,
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
        ],
        Resource: [arn, `${arn}/index/*`],
      };
    case 'sqs-consume':
      return {
        ...base,
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
        ],
        Resource: [arn],
      };
    case 'sqs-send':
      return {
        ...base,
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        Resource: [arn],
      };
    default:
      throw new InputError(`permissions: unknown preset "${preset}"`);
  }
}

/**
 * The role's permission policy: each preset on its named resource, then what the log
 * router needs for the chosen destination (its log group's streams, or its prefix in the
 * log bucket). No wildcard actions, no `*` resource.
 */
export function buildIamPolicy(plan: IamPlan) {
  const seen = new Set<string>();
  const statements: Statement[] = [];
  for (const p of plan.permissions) {
    const key = `${p.preset}\u0000${p.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    statements.push(presetStatement(plan, p.preset, p.resource));
  }
  if (plan.logDestination === 'cloudwatch') {
    const group = `arn:aws:logs:${plan.awsRegion}:${plan.awsAccountId}:log-group:${plan.logGroup}`;
    statements.push({
      Sid: 'ShipLogsToCloudWatch',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogStream',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
      ],
      Resource: [group, `${group}:log-stream:*`],
    });
  } else {
    statements.push({
      Sid: 'ShipLogsToS3',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [
        `arn:aws:s3:::${plan.logBucket}/${plan.namespace}/${plan.name}/*`,
      ],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** IRSA trust: only this namespace's service account of the service, through the cluster's OIDC provider. */
export function buildTrustPolicy(plan: IamPlan) {
  const provider = plan.oidcProvider.replace(/^https:\/\//, '');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'IrsaServiceAccount',
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${plan.awsAccountId}:oidc-provider/${provider}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${provider}:sub`]: `system:serviceaccount:${plan.namespace}:${plan.name}`,
            [`${provider}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}
