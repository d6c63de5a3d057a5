/*
 * A deterministic cluster for the network-policy benchmark: pods of workloads spread
 * over namespaces, under a mix of Kubernetes policies, namespaced Calico policies,
 * tiered GlobalNetworkPolicies with Deny, Pass and Log rules, and the cluster
 * guardrails: AdminNetworkPolicies (one per 100 policies) and a
 * BaselineAdminNetworkPolicy.
 */
import { KubernetesObject } from '@containersec/plugin-container-security-node';

const TIERS = ['default', 'application'];

export interface GeneratedCluster {
  objects: KubernetesObject[];
  /** Endpoint ids of one service per app, to time exposure on. */
  services: string[][];
}

export function generateCluster(
  pods: number,
  namespaces: number,
  policies: number,
  podsPerApp = 5,
): GeneratedCluster {
  const objects: KubernetesObject[] = [];
  const teams = ['a', 'b', 'c', 'd'];
  for (let n = 0; n < namespaces; n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: `ns-${n}`,
        labels: {
          team: teams[n % teams.length],
          env: n % 3 ? 'prod' : 'stage',
        },
      },
    });
  }
  objects.push({
    apiVersion: 'projectcalico.org/v3',
    kind: 'Tier',
    metadata: { name: 'security' },
    spec: { order: 100 },
  });
  objects.push({
    apiVersion: 'projectcalico.org/v3',
    kind: 'Tier',
    metadata: { name: 'platform' },
    spec: { order: 200, defaultAction: 'Pass' },
  });
  objects.push({
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkSet',
    metadata: { name: 'threat-feed', labels: { feed: 'threats' } },
    spec: { nets: ['198.51.100.0/24', '203.0.113.0/24'] },
  });
  const apps = Math.ceil(pods / podsPerApp);
  const services: string[][] = [];
  const tiers = ['web', 'api', 'db', 'worker'];
  for (let a = 0; a < apps; a++) {
    const ns = `ns-${a % namespaces}`;
    const app = `app-${a}`;
    const labels = { app, tier: tiers[a % tiers.length], version: `v${a % 3}` };
    const ids: string[] = [];
    for (let p = 0; p < podsPerApp && a * podsPerApp + p < pods; p++) {
      const name = `${app}-${p}`;
      ids.push(`${ns}/Pod/${name}`);
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels },
        spec: {
          serviceAccountName: `${app}-sa`,
          containers: [
            {
              name: 'main',
              image: 'example/app:1',
              ports: [
                { name: 'http', containerPort: 8080 },
                { name: 'metrics', containerPort: 9090 },
              ],
            },
          ],
        },
      });
    }
    services.push(ids);
  }
  for (let i = 0; i < policies; i++) {
    const ns = `ns-${(i + Math.floor(i / 10)) % namespaces}`;
    const app = `app-${(i * 7) % apps}`;
    const peerApp = `app-${(i * 13 + 1) % apps}`;
    switch (i % 10) {
      case 0:
        objects.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `default-deny-${i}`, namespace: ns },
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        });
        break;
      case 1:
      case 2:
        objects.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `allow-${i}`, namespace: ns },
          spec: {
            podSelector: { matchLabels: { tier: tiers[i % 4] } },
            ingress: [
              {
                from: [
                  { podSelector: { matchLabels: { app: peerApp } } },
                  {
                    namespaceSelector: { matchLabels: { team: teams[i % 4] } },
                    podSelector: {
                      matchExpressions: [
                        { key: 'tier', operator: 'In', values: ['web', 'api'] },
                      ],
                    },
                  },
                ],
                ports: [{ port: 'http' }, { port: 9000, endPort: 9100 }],
              },
            ],
            egress: [
              {
                to: [{ namespaceSelector: {} }],
                ports: [{ port: 53, protocol: 'UDP' }, { port: 8080 }],
              },
              {
                to: [
                  { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
                ],
              },
            ],
          },
        });
        break;
      case 3:
      case 4:
      case 5:
        objects.push({
          apiVersion: 'projectcalico.org/v3',
          kind: 'NetworkPolicy',
          metadata: { name: `calico-${i}`, namespace: ns },
          spec: {
            order: 100 + (i % 50),
            selector: `app == "${app}" || tier == "${tiers[(i + 1) % 4]}"`,
            ingress: [
              {
                action: 'Log',
                protocol: 'TCP',
                source: { selector: `version == "v${i % 3}"` },
              },
              {
                action: 'Deny',
                protocol: 'TCP',
                source: { selector: `app == "${peerApp}"` },
                destination: { ports: ['metrics'] },
              },
              {
                action: 'Allow',
                protocol: 'TCP',
                source: {
                  namespaceSelector: `team in {"${teams[i % 4]}", "${
                    teams[(i + 1) % 4]
                  }"}`,
                  selector: 'has(tier)',
                },
                destination: { ports: ['8000:8999', 'http'] },
              },
            ],
            egress: [
              {
                action: 'Deny',
                destination: {
                  selector: 'feed == "threats"',
                  namespaceSelector: 'global()',
                },
              },
              {
                action: 'Allow',
                protocol: 'TCP',
                destination: { selector: `tier != "db"`, notPorts: [22] },
              },
              {
                action: 'Allow',
                protocol: 'UDP',
                destination: { ports: [53] },
              },
            ],
            types: ['Ingress', 'Egress'],
          },
        });
        break;
      case 6:
      case 7:
        objects.push({
          apiVersion: 'projectcalico.org/v3',
          kind: 'GlobalNetworkPolicy',
          metadata: { name: `platform.gnp-${i}` },
          spec: {
            tier: 'platform',
            order: i,
            namespaceSelector: `env == "${i % 2 ? 'prod' : 'stage'}"`,
            selector: `tier == "${tiers[i % 4]}"`,
            ingress: [
              { action: 'Deny', source: { nets: ['192.0.2.0/24'] } },
              {
                action: 'Pass',
                source: { namespaceSelector: `team == "${teams[i % 4]}"` },
              },
            ],
            egress: [{ action: 'Pass' }],
          },
        });
        break;
      default:
        objects.push({
          apiVersion: 'projectcalico.org/v3',
          kind: 'GlobalNetworkPolicy',
          metadata: { name: `security.gnp-${i}` },
          spec: {
            tier: 'security',
            order: i,
            selector: `app == "${app}"`,
            ingress: [
              {
                action: 'Deny',
                protocol: 'TCP',
                source: { selector: `app == "${peerApp}"` },
                destination: { ports: [22] },
              },
              { action: 'Pass' },
            ],
            egress: [
              { action: 'Deny', destination: { nets: ['169.254.169.254/32'] } },
              { action: 'Pass' },
            ],
          },
        });
    }
  }
  objects.push(...clusterGuardrails(policies, namespaces, teams, tiers));
  void TIERS;
  return { objects, services };
}

/** The number of AdminNetworkPolicies a cluster with `policies` policies gets. */
export function adminPolicyCount(policies: number): number {
  return Math.max(2, Math.floor(policies / 100));
}

/**
 * AdminNetworkPolicies with Allow, Deny and Pass rules over namespace and pod peers,
 * networks and ports, by priority, and the one BaselineAdminNetworkPolicy.
 */
function clusterGuardrails(
  policies: number,
  namespaces: number,
  teams: string[],
  tiers: string[],
): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  const nsName = (n: number) => ({
    matchLabels: { 'kubernetes.io/metadata.name': `ns-${n % namespaces}` },
  });
  for (let i = 0; i < adminPolicyCount(policies); i++) {
    const team = teams[i % teams.length];
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: `guardrail-${i}` },
      spec: {
        priority: (i * 7) % 1000,
        subject:
          i % 2
            ? { namespaces: { matchLabels: { team } } }
            : {
                pods: {
                  namespaceSelector: { matchLabels: { env: 'prod' } },
                  podSelector: { matchLabels: { tier: tiers[i % 4] } },
                },
              },
        ingress: [
          {
            name: 'pass-own-team',
            action: 'Pass',
            from: [{ namespaces: { matchLabels: { team } } }],
          },
          {
            name: 'deny-stage',
            action: 'Deny',
            from: [{ namespaces: { matchLabels: { env: 'stage' } } }],
            ports: [
              { portNumber: { protocol: 'TCP', port: 8080 } },
              { portRange: { protocol: 'TCP', start: 9000, end: 9100 } },
            ],
          },
          {
            name: 'allow-monitoring',
            action: 'Allow',
            from: [
              {
                pods: {
                  namespaceSelector: nsName(i),
                  podSelector: { matchLabels: { tier: 'worker' } },
                },
              },
            ],
            ports: [{ namedPort: 'metrics' }],
          },
        ],
        egress: [
          {
            name: 'deny-metadata',
            action: 'Deny',
            to: [{ networks: ['169.254.169.254/32'] }],
          },
          {
            name: 'allow-dns',
            action: 'Allow',
            to: [{ pods: { namespaceSelector: nsName(0), podSelector: {} } }],
            ports: [{ portNumber: { protocol: 'UDP', port: 53 } }],
          },
        ],
      },
    });
  }
  out.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: {
      subject: { namespaces: {} },
      ingress: [
        {
          name: 'allow-same-team',
          action: 'Allow',
          from: [{ namespaces: { matchLabels: { team: teams[0] } } }],
        },
        { name: 'default-deny', action: 'Deny', from: [{ namespaces: {} }] },
      ],
    },
  });
  return out;
}
