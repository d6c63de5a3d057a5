import {
  buildNetpolModel,
  computeNetpolExposure,
  evaluateNetpolFlow,
  findNetpolEndpoints,
  KubernetesObject,
  NetpolEndpoint,
  NetpolFlowVerdict,
  NetpolModel,
  NetpolPeer,
} from '@containersec/plugin-container-security-node';
import { CallerRef, callerText, EgressTarget, parseCidr } from './contract';
import { PROBE_NAME, PROBE_NAMESPACE } from './networkPolicies';

/** What the service promises about its network. */
export interface IsolationContract {
  /** `namespace/name` of the workload. */
  workload: string;
  port: number;
  callers: CallerRef[];
  /** CIDRs admitted besides the callers (load balancer subnets). */
  sources: string[];
  egress: EgressTarget[];
}

/** One flow the proof tried. */
export interface IsolationCheck {
  description: string;
  expected: 'allowed' | 'denied';
  allowed: boolean;
  ok: boolean;
  /** The deciding policy and reason of the direction that decided. */
  detail: string;
}

/** A declared caller whose own egress policy blocks the call (its repository must change). */
export interface CallerEgressBlock {
  caller: string;
  policy: string | null;
  reason: string;
}

/** The proof: every check, the caller-side blocks, and the verdict. */
export interface IsolationReport {
  ok: boolean;
  isolated: { ingress: boolean; egress: boolean };
  checks: IsolationCheck[];
  callerEgressBlocked: CallerEgressBlock[];
  summary: string;
}

const NAME_LABEL = 'app.kubernetes.io/name';

/** Addresses outside the cluster used as undeclared destinations (documentation ranges). */
const OUTSIDE_ADDRESSES = ['203.0.113.10', '198.51.100.10', '192.0.2.10'];
const OUTSIDE_PORTS = [443, 80, 8443, 25, 3306, 6379];

const probePod = (namespace: string, name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { [NAME_LABEL]: name } },
  spec: { containers: [{ name: 'probe', image: 'probe' }] },
});

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return (
    Math.floor(ipToNumber(ip) / size) === Math.floor(ipToNumber(base) / size)
  );
}
/** An address inside the CIDR (its first host where there is one). */
function addressIn(cidr: string): string {
  const [base, bits] = (parseCidr(cidr) ?? cidr).split('/');
  const n = ipToNumber(base) + (Number(bits) < 31 ? 1 : 0);
  return [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.');
}

function describe(v: NetpolFlowVerdict): string {
  const side = !v.egress.allowed ? v.egress : v.ingress;
  const where = !v.egress.allowed ? 'egress' : 'ingress';
  return `${where}: ${
    side.policy ? `${side.policy.namespace ?? ''}/${side.policy.name}: ` : ''
  }${side.reason}`;
}

/**
 * Proves with the network-policy engine that a workload is isolated in both directions,
 * reachable only from its declared callers and sources on its port, and reaches only DNS
 * and its declared egress. Callers, the cluster DNS and in-cluster egress targets that are
 * not among the objects are stood in for by probe pods labelled as the policies expect, so
 * the proof needs no cluster; with a cluster's manifests among the objects the real ones
 * are used, and a caller whose own egress policy blocks the call is reported.
 */
export function proveIsolation(
  objects: KubernetesObject[],
  contract: IsolationContract,
): IsolationReport {
  const base = buildNetpolModel(objects);
  const [namespace, name] = contract.workload.split('/');
  const has = (ns: string, n: string) =>
    findNetpolEndpoints(base, `${ns}/${n}`).length > 0;
  const probes: KubernetesObject[] = [];
  const want = (ns: string, n: string, labels?: Record<string, string>) => {
    if (has(ns, n)) return;
    const pod = probePod(ns, n);
    if (labels) pod.metadata.labels = labels;
    probes.push(pod);
  };
  for (const c of contract.callers) want(c.namespace, c.workload);
  for (const e of contract.egress)
    if (e.type === 'service') want(e.namespace, e.service);
  if (
    !base.endpoints.some(
      e => e.namespace === 'kube-system' && e.labels['k8s-app'] === 'kube-dns',
    )
  )
    want('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' });
  want(namespace, PROBE_NAME);
  want(PROBE_NAMESPACE, PROBE_NAME);
  const model: NetpolModel = buildNetpolModel([...objects, ...probes]);

  const [target] = findNetpolEndpoints(model, contract.workload);
  if (!target) {
    throw new Error(
      `no workload ${contract.workload} among the manifests (looked for a Pod or workload named ${name} in namespace ${namespace})`,
    );
  }
  const endpoint = (ns: string, n: string): NetpolEndpoint =>
    findNetpolEndpoints(model, `${ns}/${n}`)[0];
  const exposure = computeNetpolExposure(model, [target.id]);
  const isolated = {
    ingress: exposure.isolation.ingress.isolated,
    egress: exposure.isolation.egress.isolated,
  };

  const checks: IsolationCheck[] = [];
  const flow = (
    description: string,
    expected: 'allowed' | 'denied',
    from: NetpolPeer,
    to: NetpolPeer,
    port: number,
    protocol = 'TCP',
    side: 'ingress' | 'egress' | 'both' = 'both',
  ) => {
    const v = evaluateNetpolFlow(model, { from, to, port, protocol });
    const allowed = side === 'both' ? v.allowed : v[side].allowed;
    checks.push({
      description,
      expected,
      allowed,
      ok: allowed === (expected === 'allowed'),
      detail: describe(v),
    });
    return v;
  };
  const self = { endpoint: target };
  const port = contract.port;
  const otherPort = port === 65535 ? port - 1 : port + 1;

  const callerEgressBlocked: CallerEgressBlock[] = [];
  for (const c of contract.callers) {
    const from = { endpoint: endpoint(c.namespace, c.workload) };
    // Our side: the ingress policy admits the caller.
    const v = flow(
      `declared caller ${callerText(c)} → port ${port}`,
      'allowed',
      from,
      self,
      port,
      'TCP',
      'ingress',
    );
    if (!v.egress.allowed) {
      // A default deny has no deciding rule: name the policies that isolate the caller.
      const isolating = v.egress.policy
        ? [v.egress.policy]
        : computeNetpolExposure(model, [from.endpoint.id]).policies.filter(p =>
            p.types.includes('egress'),
          );
      callerEgressBlocked.push({
        caller: callerText(c),
        policy:
          isolating
            .map(p => `${p.kind} ${p.namespace ?? ''}/${p.name}`)
            .join(', ') || null,
        reason: v.egress.reason,
      });
    }
    flow(
      `declared caller ${callerText(c)} → port ${otherPort} (undeclared port)`,
      'denied',
      from,
      self,
      otherPort,
      'TCP',
      'ingress',
    );
  }
  for (const cidr of contract.sources) {
    flow(
      `source ${cidr} → port ${port}`,
      'allowed',
      { ip: addressIn(cidr) },
      self,
      port,
      'TCP',
      'ingress',
    );
  }
  flow(
    `undeclared pod in ${namespace} → port ${port}`,
    'denied',
    { endpoint: endpoint(namespace, PROBE_NAME) },
    self,
    port,
  );
  flow(
    `undeclared pod in another namespace (${PROBE_NAMESPACE}) → port ${port}`,
    'denied',
    { endpoint: endpoint(PROBE_NAMESPACE, PROBE_NAME) },
    self,
    port,
  );
  const outsideIn = OUTSIDE_ADDRESSES.find(
    ip => !contract.sources.some(s => inCidr(ip, s)),
  );
  if (outsideIn)
    flow(
      `address ${outsideIn} outside the declared sources → port ${port}`,
      'denied',
      { ip: outsideIn },
      self,
      port,
      'TCP',
      'ingress',
    );

  // Egress
  const dns = model.endpoints.find(
    e => e.namespace === 'kube-system' && e.labels['k8s-app'] === 'kube-dns',
  )!;
  flow(
    'DNS (kube-system/kube-dns, UDP 53)',
    'allowed',
    self,
    { endpoint: dns },
    53,
    'UDP',
    'egress',
  );
  for (const e of contract.egress) {
    let to: NetpolPeer = { ip: OUTSIDE_ADDRESSES[0] };
    if (e.type === 'cidr') to = { ip: addressIn(e.cidr) };
    if (e.type === 'service')
      to = { endpoint: endpoint(e.namespace, e.service) };
    flow(
      `declared egress ${e.text}`,
      'allowed',
      self,
      to,
      e.port,
      'TCP',
      'egress',
    );
  }
  const declaredPorts = new Set(contract.egress.map(e => e.port));
  flow(
    `undeclared pod in ${namespace} (egress, port ${port})`,
    'denied',
    self,
    { endpoint: endpoint(namespace, PROBE_NAME) },
    port,
    'TCP',
    'egress',
  );
  flow(
    `undeclared pod in ${PROBE_NAMESPACE} (egress, port ${port})`,
    'denied',
    self,
    { endpoint: endpoint(PROBE_NAMESPACE, PROBE_NAME) },
    port,
    'TCP',
    'egress',
  );
  const hostPorts = new Set(
    contract.egress.filter(e => e.type === 'host').map(e => e.port),
  );
  const outsideIp = OUTSIDE_ADDRESSES.find(
    ip => !contract.egress.some(e => e.type === 'cidr' && inCidr(ip, e.cidr)),
  );
  const outsidePort =
    OUTSIDE_PORTS.find(p => !hostPorts.has(p) && !declaredPorts.has(p)) ??
    OUTSIDE_PORTS.find(p => !hostPorts.has(p));
  if (outsideIp && outsidePort !== undefined) {
    flow(
      `undeclared destination ${outsideIp}:${outsidePort}`,
      'denied',
      self,
      { ip: outsideIp },
      outsidePort,
      'TCP',
      'egress',
    );
  }

  const failed = checks.filter(c => !c.ok);
  const ok = isolated.ingress && isolated.egress && failed.length === 0;
  const summary = ok
    ? `isolated in both directions; ${
        checks.length
      } flows checked, all as declared${
        callerEgressBlocked.length
          ? `; ${callerEgressBlocked
              .map(
                b =>
                  `declared caller ${
                    b.caller
                  } is blocked by its own egress policy ${
                    b.policy ?? '(none)'
                  }: change the caller's repository`,
              )
              .join('; ')}`
          : ''
      }`
    : [
        !isolated.ingress &&
          'not isolated for ingress (no policy selects the pods for ingress)',
        !isolated.egress &&
          'not isolated for egress (no policy selects the pods for egress)',
        ...failed.map(
          c =>
            `${c.description}: expected ${c.expected}, was ${
              c.allowed ? 'allowed' : 'denied'
            } (${c.detail})`,
        ),
      ]
        .filter(Boolean)
        .join('; ');
  return { ok, isolated, checks, callerEgressBlocked, summary };
}
