import { applyDefaults } from './applyDefaults';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readManifestFiles } from '@containersec/plugin-container-security-node';
import {
  callerText,
  parseCaller,
  parseCidr,
  parseEgress,
  parseList,
} from '../service/contract';
import { proveIsolation } from '../service/proveIsolation';
import { readWorkspaceManifests } from './readWorkspaceManifests';

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const VALIDATE_NETWORK_POLICY_ACTION_ID =
  'container-security:netpol:validate';

/**
 * Proves with the network-policy engine that the generated workload is isolated in both
 * directions, reachable only from its declared callers and sources on its port, and
 * reaches only DNS and its declared egress; fails the run with a readable report
 * otherwise. With `cluster` (a `containerSecurity.workloads.manifests` entry), the
 * cluster's own policies and workloads take part, and a declared caller whose egress
 * policy would still block the call is reported by policy name (its repository has to
 * change, not this one).
 *
 * @public
 */
export function createValidateNetworkPolicyAction(options: {
  /** Configured manifest sources by name: absolute paths. */
  clusters: Map<string, string[]>;
}) {
  return createTemplateAction({
    id: VALIDATE_NETWORK_POLICY_ACTION_ID,
    description:
      'Proves that a generated workload is isolated and reachable only as declared, with the network-policy engine',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Prove the isolation of a service called by the storefront checkout',
        example: [
          'steps:',
          '  - id: validate-network',
          `    action: ${VALIDATE_NETWORK_POLICY_ACTION_ID}`,
          '    input:',
          '      path: k8s',
          '      workload: orders/orders',
          '      port: 8080',
          '      callers: [storefront/checkout-web]',
          "      egress: ['10.20.0.0/16:5432']",
          '      cluster: demo-eks',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe('File or folder, relative to the workspace'),
        workload: z =>
          z
            .string()
            .regex(
              /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
              'namespace/name',
            ),
        port: z => z.number().int().min(1).max(65535),
        callers: z =>
          z.array(z.string()).optional().describe('namespace/workload'),
        sources: z =>
          z
            .array(z.string())
            .optional()
            .describe('CIDRs admitted besides the callers'),
        egress: z =>
          z.array(z.string()).optional().describe('CIDR:port or host:port'),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              'A configured containerSecurity.workloads.manifests entry to validate against',
            ),
      },
      output: {
        ok: z => z.boolean(),
        isolated: z => z.object({ ingress: z.boolean(), egress: z.boolean() }),
        summary: z => z.string(),
        checks: z =>
          z.array(
            z.object({
              description: z.string(),
              expected: z.enum(['allowed', 'denied']),
              allowed: z.boolean(),
              ok: z.boolean(),
              detail: z.string(),
            }),
          ),
        callerEgressBlocked: z =>
          z
            .array(
              z.object({
                caller: z.string(),
                policy: z.string().nullable(),
                reason: z.string(),
              }),
            )
            .describe(
              'Declared callers whose own egress policy blocks the call',
            ),
      },
    },
    async handler(ctx) {
      const i = applyDefaults(ctx.input, {
        path: '.',
        callers: [] as string[],
        sources: [] as string[],
        egress: [] as string[],
      });
      const generated = await readWorkspaceManifests(ctx.workspacePath, i.path);
      let cluster: { object: any }[] = [];
      if (i.cluster) {
        const paths = options.clusters.get(i.cluster);
        if (!paths) {
          throw new InputError(
            `cluster: no containerSecurity.workloads.manifests entry named "${
              i.cluster
            }" (configured: ${
              [...options.clusters.keys()].join(', ') || 'none'
            })`,
          );
        }
        // The generated objects replace the cluster's copies of themselves (a re-run).
        const key = (o: any) =>
          `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
        const ours = new Set(generated.map(m => key(m.object)));
        const synced = await readManifestFiles(paths).catch(e => {
          throw new InputError(
            `cluster: cannot read the manifests of "${i.cluster}": ${
              e instanceof Error ? e.message : String(e)
            }`,
          );
        });
        cluster = synced.filter(m => !ours.has(key(m.object)));
      }
      const sources = [...new Set(i.sources)].map(s => {
        const c = parseCidr(s);
        if (!c) throw new InputError(`sources: "${s}" is not an IPv4 CIDR`);
        return c;
      });
      const report = proveIsolation(
        [...cluster, ...generated].map(m => m.object),
        {
          workload: i.workload,
          port: i.port,
          callers: parseList(i.callers, parseCaller, callerText),
          sources,
          egress: parseList(i.egress, parseEgress, e => e.text),
        },
      );
      for (const c of report.checks) {
        ctx.logger.info(
          `${c.ok ? 'ok  ' : 'FAIL'} ${c.description}: ${
            c.allowed ? 'allowed' : 'denied'
          } (${c.detail})`,
        );
      }
      for (const b of report.callerEgressBlocked) {
        ctx.logger.warn(
          `Declared caller ${
            b.caller
          } is admitted here, but its own egress policy ${
            b.policy ?? '(none)'
          } blocks the call: change the caller's repository (${b.reason})`,
        );
      }
      ctx.output('ok', report.ok);
      ctx.output('isolated', report.isolated);
      ctx.output('summary', report.summary);
      ctx.output('checks', report.checks);
      ctx.output('callerEgressBlocked', report.callerEgressBlocked);
      if (!report.ok) {
        throw new InputError(
          `Network policies of ${i.workload} do not hold: ${report.summary}`,
        );
      }
    },
  });
}
