import { CallerRef, EgressTarget } from './contract';

/** What the policies are generated from: the service and its declared flows. */
export interface NetworkPolicyPlan {
  name: string;
  namespace: string;
  port: number;
  callers: CallerRef[];
  /** CIDRs admitted besides the callers (a load balancer's subnets). */
  sources: string[];
  egress: EgressTarget[];
}

/** Address ranges never meant by an external host name: the cluster's and the VPC's. */
export const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
];

/** The namespace and name of the undeclared peers the checks try. */
export const PROBE_NAMESPACE = 'cs-probe-other';
export const PROBE_NAME = 'cs-probe-undeclared';

const NAME_LABEL = 'app.kubernetes.io/name';
const NS_LABEL = 'kubernetes.io/metadata.name';

/** A pod in a namespace chosen by its `app.kubernetes.io/name` label (callers, services). */
function workloadPeer(namespace: string, name: string) {
  return {
    namespaceSelector: { matchLabels: { [NS_LABEL]: namespace } },
    podSelector: { matchLabels: { [NAME_LABEL]: name } },
  };
}

const tcp = (port: number) => [{ port, protocol: 'TCP' }];

/**
 * The service's network policies: a default deny in both directions for its pods, one
 * policy admitting exactly the declared callers and sources on the container port, one
 * allowing exactly DNS and the declared egress. Each direction has its own policy, so
 * loosening one never opens the other, and each policy names the service's pods only
 * (a shared namespace keeps its other workloads' policies).
 */
export function buildNetworkPolicies(plan: NetworkPolicyPlan) {
  const { name, namespace, port } = plan;
  const metadata = (suffix: string) => ({
    name: `${name}-${suffix}`,
    namespace,
    labels: { [NAME_LABEL]: name, 'backstage.io/kubernetes-id': name },
  });
  const podSelector = { matchLabels: { [NAME_LABEL]: name } };

  const defaultDeny = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata('default-deny'),
    spec: { podSelector, policyTypes: ['Ingress', 'Egress'] },
  };

  const ingressRules = [
    ...plan.callers.map(c => ({
      from: [workloadPeer(c.namespace, c.workload)],
      ports: tcp(port),
    })),
    ...(plan.sources.length > 0
      ? [
          {
            from: plan.sources.map(cidr => ({ ipBlock: { cidr } })),
            ports: tcp(port),
          },
        ]
      : []),
  ];
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata('ingress'),
    spec: { podSelector, policyTypes: ['Ingress'], ingress: ingressRules },
  };

  const egressRules = [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { [NS_LABEL]: 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
    },
    ...plan.egress.map(e => {
      if (e.type === 'cidr')
        return { to: [{ ipBlock: { cidr: e.cidr } }], ports: tcp(e.port) };
      if (e.type === 'service')
        return {
          to: [workloadPeer(e.namespace, e.service)],
          ports: tcp(e.port),
        };
      // A NetworkPolicy cannot name a host: the port is allowed to public addresses only.
      return {
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }],
        ports: tcp(e.port),
      };
    }),
  ];
  const egress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata('egress'),
    spec: { podSelector, policyTypes: ['Egress'], egress: egressRules },
  };
  return { defaultDeny, ingress, egress };
}

/** One comment line per rule, in rule order, for the generated file. */
export function describeNetworkPolicies(plan: NetworkPolicyPlan): string[] {
  return [
    `${plan.name}-default-deny: no traffic in or out of ${plan.namespace}/${plan.name} unless a rule below allows it.`,
    `${plan.name}-ingress: on TCP ${plan.port} only, from ${
      [
        ...plan.callers.map(c => `${c.namespace}/${c.workload}`),
        ...plan.sources.map(s => `${s} (load balancer)`),
      ].join(', ') || 'nobody (no callers declared)'
    }.`,
    `${plan.name}-egress: DNS (kube-system/kube-dns, 53), then ${
      plan.egress
        .map(e =>
          e.type === 'host'
            ? `${e.text} (public addresses on port ${e.port}: a NetworkPolicy cannot name a host)`
            : e.text,
        )
        .join(', ') || 'nothing else'
    }.`,
  ];
}

/**
 * Stand-in pods for the CI network check: the declared callers (which live in other
 * repositories) and strangers in the service's namespace and in another one.
 */
export function buildProbePods(plan: NetworkPolicyPlan) {
  const pod = (namespace: string, name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { [NAME_LABEL]: name } },
    spec: { containers: [{ name: 'probe', image: 'probe' }] },
  });
  const namespaces = new Set([
    ...plan.callers.map(c => c.namespace),
    PROBE_NAMESPACE,
    plan.namespace,
  ]);
  return [
    ...[...namespaces].map(ns => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { [NS_LABEL]: ns } },
    })),
    ...plan.callers.map(c => pod(c.namespace, c.workload)),
    pod(plan.namespace, PROBE_NAME),
    pod(PROBE_NAMESPACE, PROBE_NAME),
  ];
}

const calicoSelector = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k} == '${v}'`)
    .join(' && ');

/**
 * The same three policies as Calico `projectcalico.org/v3` NetworkPolicies, for clusters
 * that enforce with Calico (and want its tiers, ordering and logging later). Calico OSS
 * cannot name a host either: `host:port` egress allows the port to public addresses.
 */
export function buildCalicoPolicies(plan: NetworkPolicyPlan) {
  const { name, namespace, port } = plan;
  const metadata = (suffix: string) => ({
    name: `${name}-${suffix}`,
    namespace,
    labels: { [NAME_LABEL]: name, 'backstage.io/kubernetes-id': name },
  });
  const selector = calicoSelector({ [NAME_LABEL]: name });
  const peer = (ns: string, workload: string) => ({
    namespaceSelector: calicoSelector({ [NS_LABEL]: ns }),
    selector: calicoSelector({ [NAME_LABEL]: workload }),
  });
  const base = (suffix: string, types: string[], extra: object) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkPolicy',
    metadata: metadata(suffix),
    // Calico orders policies; Kubernetes ones sit at 1000. Same order: no precedence games.
    spec: { order: 1000, selector, types, ...extra },
  });
  const defaultDeny = base('default-deny', ['Ingress', 'Egress'], {});
  const ingress = base('ingress', ['Ingress'], {
    ingress: [
      ...plan.callers.map(c => ({
        action: 'Allow',
        protocol: 'TCP',
        source: peer(c.namespace, c.workload),
        destination: { ports: [port] },
      })),
      ...(plan.sources.length > 0
        ? [
            {
              action: 'Allow',
              protocol: 'TCP',
              source: { nets: plan.sources },
              destination: { ports: [port] },
            },
          ]
        : []),
    ],
  });
  const dns = (protocol: string) => ({
    action: 'Allow',
    protocol,
    destination: {
      namespaceSelector: calicoSelector({ [NS_LABEL]: 'kube-system' }),
      selector: calicoSelector({ 'k8s-app': 'kube-dns' }),
      ports: [53],
    },
  });
  const egress = base('egress', ['Egress'], {
    egress: [
      dns('UDP'),
      dns('TCP'),
      ...plan.egress.map(e => {
        if (e.type === 'cidr')
          return {
            action: 'Allow',
            protocol: 'TCP',
            destination: { nets: [e.cidr], ports: [e.port] },
          };
        if (e.type === 'service')
          return {
            action: 'Allow',
            protocol: 'TCP',
            destination: { ...peer(e.namespace, e.service), ports: [e.port] },
          };
        return {
          action: 'Allow',
          protocol: 'TCP',
          destination: {
            nets: ['0.0.0.0/0'],
            notNets: PRIVATE_RANGES,
            ports: [e.port],
          },
        };
      }),
    ],
  });
  return { defaultDeny, ingress, egress };
}
