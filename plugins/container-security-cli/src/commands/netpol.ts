import {
  buildNetpolModel,
  evaluateNetpolFlow,
  findNetpolEndpoints,
  ManifestObject,
  NetpolDirectionVerdict,
  NetpolFlowVerdict,
  NetpolModel,
  NetpolObjectError,
  NetpolPeer,
  readManifestFiles,
} from '@containersec/plugin-container-security-node';
import { UsageError } from './scan';

export type NetpolFormat = 'table' | 'json';

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)$/i;

/** `8080`, `8080/TCP`, `http`, `53/udp` → port and protocol. */
export function parsePortOption(text: string): {
  port: number | string;
  protocol: string;
} {
  const [port, protocol = 'TCP', extra] = text.split('/');
  if (extra !== undefined || port === '')
    throw new UsageError(`--port ${text}: expected <port>[/<protocol>]`);
  const proto = protocol.toUpperCase();
  if (!['TCP', 'UDP', 'SCTP'].includes(proto))
    throw new UsageError(`--port ${text}: protocol must be TCP, UDP or SCTP`);
  if (/^\d+$/.test(port)) {
    const n = Number(port);
    if (n < 1 || n > 65535)
      throw new UsageError(`--port ${text}: port out of range 1-65535`);
    return { port: n, protocol: proto };
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port))
    throw new UsageError(`--port ${text}: not a port number or name`);
  return { port, protocol: proto };
}

/** Reads the objects, naming the file of any malformed policy. */
function buildModel(manifests: ManifestObject[]): NetpolModel {
  for (const m of manifests) {
    try {
      buildNetpolModel([m.object]);
    } catch (e) {
      if (e instanceof NetpolObjectError)
        throw new UsageError(`${m.file}:${m.line}: ${e.message}`);
      throw e;
    }
  }
  return buildNetpolModel(manifests.map(m => m.object));
}

function resolve(model: NetpolModel, option: string, ref: string): NetpolPeer {
  if (IP.test(ref)) return { ip: ref };
  const found = findNetpolEndpoints(model, ref);
  if (found.length === 0) {
    throw new UsageError(
      `${option} ${ref}: no Pod or workload with that name (use <namespace>/<name>, <namespace>/<Kind>/<name> or an IP address)`,
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `${option} ${ref}: ambiguous, use one of ${found
        .map(e => e.id)
        .join(', ')}`,
    );
  }
  return { endpoint: found[0] };
}

/** The JSON shape of one direction. */
function directionJson(
  v: NetpolDirectionVerdict,
  files: Map<unknown, ManifestObject>,
) {
  const source = v.policy ? files.get(v.policy.object) : undefined;
  return {
    allowed: v.allowed,
    policy: v.policy
      ? {
          id: v.policy.id,
          kind: v.policy.kind,
          apiVersion: v.policy.apiVersion,
          namespace: v.policy.namespace ?? null,
          name: v.policy.name,
          tier: v.policy.tier,
          order: v.policy.order,
          ...(source ? { file: source.file, line: source.line } : {}),
        }
      : null,
    rule: v.ruleIndex !== null ? { index: v.ruleIndex, text: v.rule } : null,
    decidedBy: v.decidedBy,
    tier: v.tier ?? null,
    reason: v.reason,
  };
}

// Cluster guardrails (policy.networking.k8s.io) are named as such in the table.
const GUARDRAILS: Record<string, string> = {
  'admin-policy': ' [cluster guardrail]',
  'baseline-admin-policy': ' [cluster guardrail, baseline]',
};

const sideText = (p: NetpolPeer) => ('ip' in p ? p.ip : p.endpoint.id);

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows
    .map(r =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `container-security netpol reach`: the verdict of one flow, and its report. */
export async function netpolReach(options: {
  paths: string[];
  from: string;
  to: string;
  port: string;
  format: NetpolFormat;
}): Promise<{ output: string; verdict: NetpolFlowVerdict }> {
  const { port, protocol } = parsePortOption(options.port);
  const manifests = await readManifestFiles(options.paths);
  const model = buildModel(manifests);
  const from = resolve(model, '--from', options.from);
  const to = resolve(model, '--to', options.to);
  if (typeof port === 'string' && !('endpoint' in to)) {
    throw new UsageError(
      `--port ${options.port}: a named port needs a Pod or workload as --to`,
    );
  }
  const verdict = evaluateNetpolFlow(model, { from, to, port, protocol });
  const files = new Map<unknown, ManifestObject>(
    manifests.map(m => [m.object, m]),
  );
  const json = {
    allowed: verdict.allowed,
    from: sideText(from),
    to: sideText(to),
    port,
    protocol,
    egress: directionJson(verdict.egress, files),
    ingress: directionJson(verdict.ingress, files),
  };
  if (options.format === 'json')
    return { output: JSON.stringify(json, null, 2), verdict };
  const row = (direction: string, d: ReturnType<typeof directionJson>) => [
    direction,
    d.allowed ? 'allow' : 'deny',
    d.policy
      ? `${d.policy.kind} ${
          d.policy.namespace ? `${d.policy.namespace}/` : ''
        }${d.policy.name}${
          d.policy.file ? ` (${d.policy.file}:${d.policy.line})` : ''
        }${GUARDRAILS[d.decidedBy] ?? ''}`
      : `(default: ${d.decidedBy})`,
    d.rule ? `#${d.rule.index} ${d.rule.text}` : '-',
    d.reason,
  ];
  const output = [
    `${verdict.allowed ? 'ALLOWED' : 'DENIED'}: ${json.from} -> ${
      json.to
    } ${protocol} ${port}`,
    '',
    pad([
      ['DIRECTION', 'VERDICT', 'POLICY', 'RULE', 'REASON'],
      row('egress', json.egress),
      row('ingress', json.ingress),
    ]),
  ].join('\n');
  return { output, verdict };
}
