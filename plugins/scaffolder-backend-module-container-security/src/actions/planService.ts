import { applyDefaults } from './applyDefaults';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  callerText,
  EgressTarget,
  parseCaller,
  parseCidr,
  parseEgress,
  parseList,
} from '../service/contract';
import { AWS_PERMISSION_PRESETS, resourceArn } from '../service/iamPolicy';

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const PLAN_SERVICE_ACTION_ID = 'container-security:service:plan';

/**
 * Responder functions a service can opt in to (RESPONDERS_ANNOTATION).
 *
 * @public
 */
export const RESPONDER_FUNCTIONS = [
  'cs-quarantine-pod',
  'cs-scale-to-zero',
  'cs-delete-pod',
  'cs-deactivate-access-key',
] as const;

const ZERO_DIGEST = `sha256:${'0'.repeat(64)}`;
const ECR_IMAGE =
  /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com)\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** `component:default/x` refs → callers, from the Kubernetes annotations the suite reads. */
async function resolveCallerComponents(
  catalog: CatalogService,
  refs: string[],
  credentials: Parameters<CatalogService['getEntityByRef']>[1]['credentials'],
): Promise<string[]> {
  const out: string[] = [];
  for (const ref of refs) {
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new InputError(`callerComponents: no entity ${ref} in the catalog`);
    const a = entity.metadata.annotations ?? {};
    const namespace = a['backstage.io/kubernetes-namespace'];
    const workload = a['backstage.io/kubernetes-id'];
    if (!namespace || !workload) {
      throw new InputError(
        `callerComponents: ${ref} has no backstage.io/kubernetes-namespace and backstage.io/kubernetes-id annotations; name its workload as namespace/workload in callers instead`,
      );
    }
    out.push(`${namespace}/${workload}`);
  }
  return out;
}

/**
 * Everything the skeleton and the later steps need that is computed from the parameters:
 * callers (typed ones and catalog components resolved to `namespace/workload`), the
 * normalised egress with the AWS endpoints the pods need, the image reference pinned by
 * digest (or a placeholder digest CI replaces), hostnames, log targets and ARNs. It
 * validates the automation contract so a bad value fails here, naming the field, before
 * any file is written. Pure apart from catalog reads, so a retry gives the same plan.
 *
 * @public
 */
export function createPlanServiceAction(options: { catalog?: CatalogService }) {
  return createTemplateAction({
    id: PLAN_SERVICE_ACTION_ID,
    description:
      'Validates the secured-service parameters and computes the values the skeleton and the generation steps use',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Plan an internal service called by the storefront checkout',
        example: [
          'steps:',
          '  - id: plan',
          `    action: ${PLAN_SERVICE_ACTION_ID}`,
          '    input:',
          '      name: orders',
          '      namespace: orders',
          '      image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.0.0',
          '      port: 8080',
          '      exposure: internal',
          '      callers: [storefront/checkout-web]',
          "      egress: ['10.20.0.0/16:5432']",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(
              /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/,
              'a lower-case DNS label of at most 40 characters',
            ),
        namespace: z =>
          z
            .string()
            .regex(
              /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
              'a lower-case DNS label',
            ),
        image: z =>
          z.string().describe('ECR repository with optional tag and digest'),
        port: z => z.number().int().min(1024).max(65535),
        exposure: z => z.enum(['internal', 'internal-lb', 'public']),
        hostname: z => z.string().optional(),
        callers: z => z.array(z.string()).optional(),
        callerComponents: z => z.array(z.string()).optional(),
        egress: z => z.array(z.string()).optional(),
        loadBalancerCidrs: z => z.array(z.string()).optional(),
        awsEndpointCidrs: z => z.array(z.string()).optional(),
        awsAccountId: z => z.string().regex(/^\d{12}$/, '12 digits'),
        awsRegion: z =>
          z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region'),
        cluster: z => z.string().min(1),
        awsPermissions: z =>
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
        logBucket: z => z.string().optional(),
        responders: z => z.array(z.enum(RESPONDER_FUNCTIONS)).optional(),
      },
      output: {
        callers: z =>
          z.array(z.string()).describe('namespace/workload, deduplicated'),
        egress: z =>
          z
            .array(z.string())
            .describe(
              'Normalised CIDR:port / host:port, with the AWS endpoints on 443',
            ),
        ingressSources: z =>
          z.array(z.string()).describe('CIDRs admitted besides the callers'),
        imageRef: z => z.string(),
        imagePinned: z => z.boolean(),
        imageNote: z => z.string(),
        ecrRepository: z => z.string(),
        hostname: z => z.string(),
        logGroup: z => z.string(),
        logBucket: z => z.string(),
        logTarget: z => z.string(),
        roleArn: z => z.string(),
        awsArns: z =>
          z
            .string()
            .describe('Comma-separated ARNs of the resources the presets name'),
        responders: z =>
          z
            .string()
            .describe('Comma-separated responder functions, empty when none'),
        ruleKey: z => z.string(),
        egressPorts: z => z.string(),
      },
    },
    async handler(ctx) {
      const input = applyDefaults(ctx.input, {
        hostname: '',
        callers: [] as string[],
        callerComponents: [] as string[],
        egress: [] as string[],
        loadBalancerCidrs: [] as string[],
        awsEndpointCidrs: [] as string[],
        awsPermissions: [],
        logDestination: 'cloudwatch' as const,
        logBucket: '',
        responders: [],
      });
      const image = ECR_IMAGE.exec(input.image);
      if (!image) {
        throw new InputError(
          `image: "${input.image}" is not an ECR image (<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:<digest>])`,
        );
      }
      const [, registry, repository, tag, digest] = image;
      const cidrs = (field: string, list: string[]) =>
        [...new Set(list)].map(c => {
          const parsed = parseCidr(c);
          if (!parsed)
            throw new InputError(`${field}: "${c}" is not an IPv4 CIDR`);
          return parsed;
        });
      const fromCatalog =
        input.callerComponents.length > 0
          ? await resolveCallerComponents(
              requireCatalog(options.catalog),
              input.callerComponents,
              await ctx.getInitiatorCredentials(),
            )
          : [];
      const callers = parseList(
        [...input.callers, ...fromCatalog],
        parseCaller,
        callerText,
      );
      const awsEndpoints = cidrs(
        'awsEndpointCidrs',
        input.awsEndpointCidrs,
      ).map(c => `${c}:443`);
      const egress = parseList<EgressTarget>(
        [...input.egress, ...awsEndpoints],
        parseEgress,
        e => e.text,
      );
      const ingressSources =
        input.exposure === 'internal'
          ? []
          : cidrs('loadBalancerCidrs', input.loadBalancerCidrs);
      if (input.exposure !== 'internal' && ingressSources.length === 0) {
        throw new InputError(
          `loadBalancerCidrs: ${input.exposure} exposure needs the load balancer's subnets`,
        );
      }
      // The log router ships through CloudWatch Logs or S3 and the pods take their role
      // through STS: with no egress on 443 the default deny would silently stop both.
      if (!egress.some(e => e.port === 443)) {
        throw new InputError(
          `awsEndpointCidrs: the log router ships to ${
            input.logDestination === 's3' ? 'S3' : 'CloudWatch Logs'
          } through AWS APIs on 443 (and IRSA needs STS), but the egress allows no port 443: list the subnets of the VPC interface endpoints, or declare an egress on 443 that reaches AWS`,
        );
      }
      const hostname =
        input.hostname || `${input.name}.${input.namespace}.example.com`;
      const logBucket = input.logBucket || `${input.name}-logs`;
      const logGroup = `/eks/${input.cluster}/${input.namespace}/${input.name}`;
      const arns = input.awsPermissions.map(p =>
        resourceArn(input, p.preset, p.resource),
      );

      ctx.output('callers', callers.map(callerText));
      ctx.output(
        'egress',
        egress.map(e => e.text),
      );
      ctx.output('ingressSources', ingressSources);
      ctx.output(
        'imageRef',
        `${registry}/${repository}:${tag ?? 'latest'}@${digest ?? ZERO_DIGEST}`,
      );
      ctx.output('imagePinned', Boolean(digest));
      ctx.output(
        'imageNote',
        digest
          ? 'Pinned by digest: the tag is informational.'
          : 'PLACEHOLDER digest (all zeros): the image pipeline pins the pushed image with `kustomize edit set image <repository>@<digest>`; until then the pods cannot start.',
      );
      ctx.output('ecrRepository', repository);
      ctx.output('hostname', hostname);
      ctx.output('logGroup', logGroup);
      ctx.output('logBucket', logBucket);
      ctx.output(
        'logTarget',
        input.logDestination === 's3'
          ? `s3://${logBucket}/${input.namespace}/${input.name}/`
          : `CloudWatch Logs ${logGroup}`,
      );
      ctx.output(
        'roleArn',
        `arn:aws:iam::${input.awsAccountId}:role/irsa/${input.namespace}-${input.name}`,
      );
      ctx.output('awsArns', [...new Set(arns)].join(','));
      ctx.output('responders', [...new Set(input.responders)].join(','));
      ctx.output('ruleKey', input.name.replace(/-/g, '_'));
      ctx.output(
        'egressPorts',
        [...new Set([53, ...egress.map(e => e.port)])].join(', '),
      );
      ctx.logger.info(
        `Planned ${input.namespace}/${input.name}: ${callers.length} caller(s), ${egress.length} egress destination(s)`,
      );
    },
  });
}

function requireCatalog(catalog: CatalogService | undefined): CatalogService {
  if (!catalog)
    throw new InputError(
      'callerComponents: no catalog available to resolve components; use callers',
    );
  return catalog;
}
