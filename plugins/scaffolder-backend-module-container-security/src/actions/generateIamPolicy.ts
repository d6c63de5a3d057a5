import { applyDefaults } from './applyDefaults';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'path';
import {
  AWS_PERMISSION_PRESETS,
  buildIamPolicy,
  buildTrustPolicy,
} from '../service/iamPolicy';
import { writeWorkspaceFile } from './writeWorkspaceFile';

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const GENERATE_IAM_POLICY_ACTION_ID = 'container-security:iam:generate';

/**
 * Writes the service role's least-privilege IAM policy (the chosen presets on their named
 * resources, plus log shipping) and its IRSA trust policy (this service account only).
 *
 * @public
 */
export function createGenerateIamPolicyAction() {
  return createTemplateAction({
    id: GENERATE_IAM_POLICY_ACTION_ID,
    description:
      'Writes a least-privilege IAM policy from presets and the IRSA trust policy of the service account',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Read one bucket and consume one queue, logs to CloudWatch',
        example: [
          'steps:',
          '  - id: iam',
          `    action: ${GENERATE_IAM_POLICY_ACTION_ID}`,
          '    input:',
          '      path: aws',
          '      name: orders',
          '      namespace: orders',
          "      awsAccountId: '123456789012'",
          '      awsRegion: eu-west-1',
          '      oidcProvider: oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
          '      permissions:',
          '        - { preset: s3-read, resource: orders-invoices }',
          '        - { preset: sqs-consume, resource: orders-events }',
          '      logGroup: /eks/demo-eks/orders/orders',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe('Folder to write the two policies into'),
        name: z => z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/),
        namespace: z => z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/),
        awsAccountId: z => z.string().regex(/^\d{12}$/, '12 digits'),
        awsRegion: z =>
          z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region'),
        oidcProvider: z =>
          z
            .string()
            .regex(
              /^(https:\/\/)?[a-z0-9.-]+\/id\/[A-Za-z0-9]+$/,
              'the OIDC issuer host/id/<id>',
            ),
        permissions: z =>
          z
            .array(
              z.object({
                preset: z.enum(AWS_PERMISSION_PRESETS),
                resource: z
                  .string()
                  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/),
              }),
            )
            .optional(),
        logDestination: z => z.enum(['cloudwatch', 's3']).optional(),
        logGroup: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9_\-/.#]{1,512}$/)
            .optional(),
        logBucket: z => z.string().optional(),
      },
      output: {
        policyPath: z => z.string(),
        trustPolicyPath: z => z.string(),
        actions: z =>
          z.array(z.string()).describe('Every action the role is granted'),
      },
    },
    async handler(ctx) {
      const i = applyDefaults(ctx.input, {
        path: 'aws',
        permissions: [],
        logDestination: 'cloudwatch' as const,
        logGroup: '',
        logBucket: '',
      });
      const plan = {
        ...i,
        logGroup: i.logGroup || `/eks/${i.namespace}/${i.name}`,
        logBucket: i.logBucket || `${i.name}-logs`,
      };
      const policy = buildIamPolicy(plan);
      const trust = buildTrustPolicy(plan);
      const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
      const policyPath = await writeWorkspaceFile(
        ctx.workspacePath,
        path.posix.join(i.path, 'iam-policy.json'),
        json(policy),
      );
      const trustPolicyPath = await writeWorkspaceFile(
        ctx.workspacePath,
        path.posix.join(i.path, 'irsa-trust-policy.json'),
        json(trust),
      );
      const actions = [...new Set(policy.Statement.flatMap(s => s.Action))];
      ctx.logger.info(
        `Wrote ${policyPath} (${policy.Statement.length} statements) and ${trustPolicyPath}`,
      );
      ctx.output('policyPath', policyPath);
      ctx.output('trustPolicyPath', trustPolicyPath);
      ctx.output('actions', actions);
    },
  });
}
