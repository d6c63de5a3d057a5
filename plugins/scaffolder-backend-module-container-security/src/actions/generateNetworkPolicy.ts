import { applyDefaults } from './applyDefaults';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  callerText,
  parseCaller,
  parseCidr,
  parseEgress,
  parseList,
} from '../service/contract';
import {
  buildCalicoPolicies,
  buildNetworkPolicies,
  buildProbePods,
  describeNetworkPolicies,
  NetworkPolicyPlan,
} from '../service/networkPolicies';
import { InputError } from '@backstage/errors';
import { writeWorkspaceFile } from './writeWorkspaceFile';

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const GENERATE_NETWORK_POLICY_ACTION_ID =
  'container-security:netpol:generate';

const toYaml = (objects: unknown[]) =>
  objects.map(o => stringify(o, { lineWidth: 0 })).join('---\n');

/**
 * Turns the declared callers, sources and egress into Kubernetes NetworkPolicies: a
 * default deny both ways for the service's pods, then exactly the declared flows and DNS.
 * Also writes the probe pods the generated CI network check stands in for callers with.
 *
 * @public
 */
export function createGenerateNetworkPolicyAction() {
  return createTemplateAction({
    id: GENERATE_NETWORK_POLICY_ACTION_ID,
    description:
      'Writes default-deny NetworkPolicies with explicit allows for the declared callers, egress and DNS',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Policies for an internal service with one caller and a database',
        example: [
          'steps:',
          '  - id: network-policy',
          `    action: ${GENERATE_NETWORK_POLICY_ACTION_ID}`,
          '    input:',
          '      path: k8s/network-policy.yaml',
          '      name: orders',
          '      namespace: orders',
          '      port: 8080',
          '      callers: [storefront/checkout-web]',
          "      egress: ['10.20.0.0/16:5432']",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe('File to write, relative to the workspace'),
        probesPath: z =>
          z.string().optional().describe('Probe pods for the CI network check'),
        name: z => z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/),
        namespace: z => z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/),
        port: z => z.number().int().min(1).max(65535),
        flavor: z =>
          z
            .enum(['kubernetes', 'calico'])
            .optional()
            .describe(
              'kubernetes (networking.k8s.io/v1, default) or calico (projectcalico.org/v3)',
            ),
        exposure: z =>
          z
            .enum(['internal', 'internal-lb', 'public'])
            .optional()
            .describe('Informational; sources carry the load balancer subnets'),
        callers: z =>
          z.array(z.string()).optional().describe('namespace/workload'),
        sources: z =>
          z
            .array(z.string())
            .optional()
            .describe('CIDRs admitted besides the callers'),
        egress: z =>
          z.array(z.string()).optional().describe('CIDR:port or host:port'),
      },
      output: {
        path: z => z.string(),
        policies: z =>
          z.array(z.string()).describe('Names of the NetworkPolicies written'),
        rules: z => z.array(z.string()).describe('The policies in words'),
      },
    },
    async handler(ctx) {
      const i = applyDefaults(ctx.input, {
        path: 'k8s/network-policy.yaml',
        probesPath: 'ci/probes.yaml',
        callers: [] as string[],
        sources: [] as string[],
        egress: [] as string[],
        flavor: 'kubernetes' as const,
      });
      const plan: NetworkPolicyPlan = {
        name: i.name,
        namespace: i.namespace,
        port: i.port,
        callers: parseList(i.callers, parseCaller, callerText),
        sources: [...new Set(i.sources)].map(s => {
          const c = parseCidr(s);
          if (!c) throw new InputError(`sources: "${s}" is not an IPv4 CIDR`);
          return c;
        }),
        egress: parseList(i.egress, parseEgress, e => e.text),
      };
      const { defaultDeny, ingress, egress } =
        i.flavor === 'calico'
          ? buildCalicoPolicies(plan)
          : buildNetworkPolicies(plan);
      const rules = describeNetworkPolicies(plan);
      const header = [
        `# Network policies of ${i.namespace}/${i.name}, generated from the declared callers and`,
        `# egress (container-security:netpol:generate), as ${
          i.flavor === 'calico' ? 'Calico' : 'Kubernetes'
        } policies. Allow rules add up, so the`,
        '# default deny stays in force for everything not listed:',
        ...rules.map(r => `#   ${r}`),
        '',
      ].join('\n');
      const path = await writeWorkspaceFile(
        ctx.workspacePath,
        i.path,
        header + toYaml([defaultDeny, ingress, egress]),
      );
      await writeWorkspaceFile(
        ctx.workspacePath,
        i.probesPath,
        [
          '# Stand-ins for peers that live in other repositories, for the CI network check only',
          '# (never applied): the declared callers, and undeclared pods in this namespace and in',
          '# another one, labelled as the policies select them.',
          '',
        ].join('\n') + toYaml(buildProbePods(plan)),
      );
      ctx.logger.info(`Wrote ${path}: ${rules.join(' ')}`);
      ctx.output('path', path);
      ctx.output(
        'policies',
        [defaultDeny, ingress, egress].map(p => p.metadata.name),
      );
      ctx.output('rules', rules);
    },
  });
}
