import fc from 'fast-check';
import { KubernetesObject } from '../manifests/types';
import { computeNetpolIsolation } from './isolation';
import { buildNetpolModel } from './model';
import { evaluateNetpolFlow } from './evaluate';
import { computeNetpolReachabilityMatrix } from './matrix';
import { NetpolObjectError } from './types';
import { flow } from './__testUtils__/flows';
import { namespace, pod } from './__testUtils__/world';

/*
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).
 * Cases follow the API's user stories (network-policy-api site-src/user-stories.md and
 * reference/examples.md: cluster-wide deny, cluster-wide allow, delegation with Pass,
 * baseline guardrails) and its conformance tests' priority and gress-rule semantics,
 * written as our own manifests.
 */

const GROUP = 'policy.networking.k8s.io/v1alpha1';

function anp(
  name: string,
  priority: number,
  spec: Record<string, any>,
): KubernetesObject {
  return {
    apiVersion: GROUP,
    kind: 'AdminNetworkPolicy',
    metadata: { name },
    spec: { priority, ...spec },
  };
}

function banp(spec: Record<string, any>): KubernetesObject {
  return {
    apiVersion: GROUP,
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec,
  };
}

const nsName = (name: string) => ({
  matchLabels: { 'kubernetes.io/metadata.name': name },
});

function netpol(
  ns: string,
  name: string,
  spec: Record<string, any>,
): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec,
  };
}

const world = (): KubernetesObject[] => [
  namespace('sensitive-ns', { tier: 'restricted' }),
  namespace('monitoring-ns'),
  namespace('kube-system'),
  namespace('bar-ns-1'),
  namespace('shop'),
  pod(
    'sensitive-ns',
    'vault',
    { app: 'vault' },
    { ports: [{ containerPort: 8200, name: 'api' }] },
  ),
  pod('monitoring-ns', 'prometheus', { app: 'prometheus' }),
  pod(
    'kube-system',
    'coredns',
    { app: 'kube-dns' },
    { ports: [{ containerPort: 53, protocol: 'UDP' }] },
  ),
  pod(
    'bar-ns-1',
    'svc-pub',
    { app: 'svc-pub' },
    { ports: [{ containerPort: 8080, name: 'web-alt' }] },
  ),
  pod(
    'shop',
    'web',
    { app: 'web' },
    { ports: [{ containerPort: 8080, name: 'http' }] },
  ),
  pod('shop', 'db', { app: 'db' }, { ports: [{ containerPort: 5432 }] }),
];

describe('AdminNetworkPolicy', () => {
  it('story 1: denies all ingress to a sensitive namespace, over any NetworkPolicy that allows it', () => {
    const objects = [
      ...world(),
      anp('cluster-wide-deny-example', 10, {
        subject: { namespaces: nsName('sensitive-ns') },
        ingress: [
          {
            name: 'select-all-deny-all',
            action: 'Deny',
            from: [{ namespaces: {} }],
          },
        ],
      }),
      netpol('sensitive-ns', 'allow-all', { podSelector: {}, ingress: [{}] }),
    ];
    const v = flow(objects, 'shop/web', 'sensitive-ns/vault', 8200);
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({
      decidedBy: 'admin-policy',
      tier: 'adminnetworkpolicy',
      ruleIndex: 0,
      rule: expect.stringContaining('select-all-deny-all'),
    });
    // Egress of the source is untouched: the ANP has no egress rules.
    expect(v.egress.decidedBy).toBe('no-policy');
  });

  it('story 2: allows monitoring and DNS cluster-wide even where NetworkPolicies deny', () => {
    const objects = [
      ...world(),
      anp('cluster-wide-allow-example', 30, {
        subject: { namespaces: {} },
        ingress: [
          {
            name: 'allow-monitoring-ns-ingress',
            action: 'Allow',
            from: [{ namespaces: nsName('monitoring-ns') }],
          },
        ],
        egress: [
          {
            name: 'allow-kube-dns-egress',
            action: 'Allow',
            to: [
              {
                pods: {
                  namespaceSelector: nsName('kube-system'),
                  podSelector: { matchLabels: { app: 'kube-dns' } },
                },
              },
            ],
          },
        ],
      }),
      netpol('shop', 'default-deny', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
    ];
    const scrape = flow(objects, 'monitoring-ns/prometheus', 'shop/db', 5432);
    expect(scrape.allowed).toBe(true);
    expect(scrape.ingress.decidedBy).toBe('admin-policy');
    const dns = flow(objects, 'shop/web', 'kube-system/coredns', 53, 'UDP');
    expect(dns.allowed).toBe(true);
    expect(dns.egress.decidedBy).toBe('admin-policy');
    // Anything else still meets the namespace's default deny.
    const other = flow(objects, 'shop/web', 'shop/db', 5432);
    expect(other.allowed).toBe(false);
    expect(other.ingress.decidedBy).toBe('tier-default');
  });

  it('story 3: Pass delegates to NetworkPolicy, skipping lower-precedence ANPs', () => {
    const denyAll = anp('deny-everything', 90, {
      subject: { namespaces: {} },
      egress: [{ action: 'Deny', to: [{ namespaces: {} }] }],
    });
    const delegate = anp('pub-svc-delegate-example', 20, {
      subject: { namespaces: {} },
      egress: [
        {
          action: 'Pass',
          to: [
            {
              pods: {
                namespaceSelector: nsName('bar-ns-1'),
                podSelector: { matchLabels: { app: 'svc-pub' } },
              },
            },
          ],
          ports: [
            { portNumber: { protocol: 'TCP', port: 8080 } },
            { namedPort: 'web-alt' },
            { portNumber: { protocol: 'UDP', port: 53 } },
          ],
        },
      ],
    });
    // Passed and no NetworkPolicy selects the source: nothing denies, allowed.
    const passed = flow(
      [...world(), delegate, denyAll],
      'shop/web',
      'bar-ns-1/svc-pub',
      8080,
    );
    expect(passed.allowed).toBe(true);
    expect(passed.egress.decidedBy).toBe('pass-to-profile');
    // Passed, and the namespace's NetworkPolicy denies egress: denied by it.
    const npDeny = netpol('shop', 'deny-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
    });
    const denied = flow(
      [...world(), delegate, denyAll, npDeny],
      'shop/web',
      'bar-ns-1/svc-pub',
      8080,
    );
    expect(denied.allowed).toBe(false);
    expect(denied.egress).toMatchObject({
      decidedBy: 'tier-default',
      tier: 'default',
    });
    // Not passed (another port): the lower-precedence ANP denies.
    const other = flow(
      [...world(), delegate, denyAll],
      'shop/web',
      'bar-ns-1/svc-pub',
      9090,
    );
    expect(other.egress).toMatchObject({
      decidedBy: 'admin-policy',
      policy: expect.objectContaining({ name: 'deny-everything' }),
    });
  });

  it('orders by priority: the lower number wins whatever the input order', () => {
    const allow = anp('allow', 5, {
      subject: {
        pods: {
          namespaceSelector: nsName('shop'),
          podSelector: { matchLabels: { app: 'db' } },
        },
      },
      ingress: [{ action: 'Allow', from: [{ namespaces: nsName('shop') }] }],
    });
    const deny = anp('deny', 6, {
      subject: { namespaces: nsName('shop') },
      ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
    });
    for (const objects of [
      [...world(), allow, deny],
      [...world(), deny, allow],
    ]) {
      expect(flow(objects, 'shop/web', 'shop/db', 5432).allowed).toBe(true);
    }
    const swapped = anp('allow', 7, allow.spec as Record<string, any>);
    (swapped.spec as any).priority = 7;
    expect(
      flow([...world(), swapped, deny], 'shop/web', 'shop/db', 5432).allowed,
    ).toBe(false);
  });

  it('matches rule ports: portNumber with protocol, portRange, namedPort', () => {
    const deny = (ports: unknown[]) => [
      ...world(),
      anp('ports', 1, {
        subject: { namespaces: nsName('shop') },
        ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ports }],
      }),
    ];
    expect(
      flow(
        deny([{ portNumber: { protocol: 'TCP', port: 5432 } }]),
        'shop/web',
        'shop/db',
        5432,
      ).allowed,
    ).toBe(false);
    expect(
      flow(
        deny([{ portNumber: { protocol: 'UDP', port: 5432 } }]),
        'shop/web',
        'shop/db',
        5432,
      ).allowed,
    ).toBe(true);
    expect(
      flow(
        deny([{ portRange: { start: 5000, end: 6000 } }]),
        'shop/web',
        'shop/db',
        5432,
      ).allowed,
    ).toBe(false);
    expect(
      flow(
        deny([{ portRange: { start: 5000, end: 5431 } }]),
        'shop/web',
        'shop/db',
        5432,
      ).allowed,
    ).toBe(true);
    expect(
      flow(deny([{ namedPort: 'http' }]), 'shop/db', 'shop/web', 8080).allowed,
    ).toBe(false);
    expect(
      flow(deny([{ namedPort: 'http' }]), 'shop/db', 'shop/web', 8081).allowed,
    ).toBe(true);
  });

  it('matches networks peers on addresses, and pods by their IPs', () => {
    const objects = [
      ...world(),
      pod('shop', 'api', { app: 'api' }, { ip: '10.1.2.3' }),
      anp('no-metadata', 1, {
        subject: { namespaces: nsName('shop') },
        egress: [
          { action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] },
          { action: 'Deny', to: [{ networks: ['10.1.0.0/16'] }] },
        ],
      }),
    ];
    expect(
      flow(objects, 'shop/web', '169.254.169.254', 80).egress.decidedBy,
    ).toBe('admin-policy');
    expect(flow(objects, 'shop/web', '8.8.8.8', 53).allowed).toBe(true);
    // Cluster-internal traffic is checked against networks too (API docs on Networks).
    expect(flow(objects, 'shop/web', 'shop/api', 80).allowed).toBe(false);
  });

  it('selects nothing with nodes or domainNames peers, and fails a peer of an unknown type closed', () => {
    const base = (peer: unknown, action = 'Deny') => [
      ...world(),
      anp('p', 1, {
        subject: { namespaces: nsName('shop') },
        egress: [{ action, to: [peer] }],
      }),
    ];
    expect(flow(base({ nodes: {} }), 'shop/web', 'shop/db', 5432).allowed).toBe(
      true,
    );
    expect(
      flow(
        base({ domainNames: ['*.example.com'] }, 'Allow'),
        'shop/web',
        'shop/db',
        5432,
      ).allowed,
    ).toBe(true);
    // Unknown peer: Deny and Pass rules deny everything, Allow rules match nothing.
    expect(
      flow(base({ futurePeer: {} }), 'shop/web', 'shop/db', 5432).allowed,
    ).toBe(false);
    expect(
      flow(base({ futurePeer: {} }, 'Pass'), 'shop/web', '8.8.8.8', 53).allowed,
    ).toBe(false);
    expect(
      flow(base({ futurePeer: {} }, 'Allow'), 'shop/web', 'shop/db', 5432)
        .egress.decidedBy,
    ).toBe('pass-to-profile');
  });

  it('does not isolate: an ANP selecting a pod leaves unmatched traffic to the rest', () => {
    const model = buildNetpolModel([
      ...world(),
      anp('deny-one-port', 1, {
        subject: { namespaces: nsName('shop') },
        ingress: [
          {
            action: 'Deny',
            from: [{ namespaces: {} }],
            ports: [{ portNumber: { protocol: 'TCP', port: 22 } }],
          },
        ],
      }),
    ]);
    const db = model.endpoints.find(e => e.name === 'db')!;
    expect(computeNetpolIsolation(model, db).ingress).toEqual({
      isolated: false,
      policies: [
        'policy.networking.k8s.io/v1alpha1/AdminNetworkPolicy//deny-one-port',
      ],
    });
  });

  it('rejects malformed objects, naming the field', () => {
    const bad: Array<[Record<string, any>, string]> = [
      [{ priority: 1001, subject: { namespaces: {} } }, 'spec.priority'],
      [{ priority: 1 }, 'spec.subject'],
      [
        {
          priority: 1,
          subject: { namespaces: {} },
          ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }],
        },
        'spec.ingress[0].action',
      ],
      [
        {
          priority: 1,
          subject: { namespaces: {} },
          ingress: [{ action: 'Deny', from: [] }],
        },
        'spec.ingress[0].from',
      ],
      [
        {
          priority: 1,
          subject: { namespaces: {} },
          egress: [{ action: 'Deny', to: [{ networks: ['nope'] }] }],
        },
        'spec.egress[0].to[0].networks[0]',
      ],
      [
        {
          priority: 1,
          subject: { namespaces: {} },
          egress: [
            {
              action: 'Deny',
              to: [{ namespaces: {} }],
              ports: [{ portRange: { start: 9, end: 2 } }],
            },
          ],
        },
        'spec.egress[0].ports[0].portRange.end',
      ],
    ];
    for (const [spec, field] of bad) {
      const object = {
        apiVersion: GROUP,
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'x' },
        spec,
      };
      expect(() => buildNetpolModel([object])).toThrow(NetpolObjectError);
      expect(
        buildNetpolModel([object], { strict: false }).errors[0].field,
      ).toBe(field);
    }
  });
});

describe('BaselineAdminNetworkPolicy', () => {
  const zeroTrust = banp({
    subject: { namespaces: {} },
    ingress: [
      {
        name: 'allow-same-shop',
        action: 'Allow',
        from: [{ namespaces: nsName('shop') }],
      },
      { name: 'default-deny', action: 'Deny', from: [{ namespaces: {} }] },
    ],
  });

  it('story 5: applies to pods no NetworkPolicy selects', () => {
    const v = flow(
      [...world(), zeroTrust],
      'monitoring-ns/prometheus',
      'shop/db',
      5432,
    );
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({
      decidedBy: 'baseline-admin-policy',
      tier: 'baselineadminnetworkpolicy',
      ruleIndex: 1,
    });
    expect(
      flow([...world(), zeroTrust], 'shop/web', 'shop/db', 5432).ingress
        .decidedBy,
    ).toBe('baseline-admin-policy');
  });

  it('is overridden by a NetworkPolicy that selects the pod, whether it allows or not', () => {
    const allowMonitoring = netpol('shop', 'allow-monitoring', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ namespaceSelector: nsName('monitoring-ns') }] }],
    });
    const objects = [...world(), zeroTrust, allowMonitoring];
    expect(
      flow(objects, 'monitoring-ns/prometheus', 'shop/db', 5432),
    ).toMatchObject({ allowed: true, ingress: { decidedBy: 'rule' } });
    // The BANP would allow shop → db, but the NetworkPolicy's isolation denies it first.
    expect(flow(objects, 'shop/web', 'shop/db', 5432)).toMatchObject({
      allowed: false,
      ingress: { decidedBy: 'tier-default', tier: 'default' },
    });
  });

  it('is reached by an ANP Pass when no NetworkPolicy selects the pod', () => {
    const pass = anp('delegate', 1, {
      subject: { namespaces: {} },
      ingress: [
        { action: 'Pass', from: [{ namespaces: nsName('monitoring-ns') }] },
      ],
    });
    const v = flow(
      [...world(), pass, zeroTrust],
      'monitoring-ns/prometheus',
      'shop/db',
      5432,
    );
    expect(v.ingress.decidedBy).toBe('baseline-admin-policy');
  });

  it('accepts only Allow and Deny, and only the name "default"', () => {
    const pass = banp({
      subject: { namespaces: {} },
      ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }],
    });
    expect(buildNetpolModel([pass], { strict: false }).errors[0].field).toBe(
      'spec.ingress[0].action',
    );
    const named = { ...zeroTrust, metadata: { name: 'other' } };
    expect(buildNetpolModel([named], { strict: false }).errors[0].field).toBe(
      'metadata.name',
    );
  });
});

/*
 * Property: for random ANPs (priorities, actions, subjects, peers, ports), random
 * NetworkPolicies and a random BANP, the engine's verdict equals a direct reading of the
 * API's ordering — ANPs by priority (ties by name), rules top-down, first Allow/Deny
 * decides, Pass leaves the ANPs; then NetworkPolicies if any selects the pod (allowed iff
 * one of their rules matches); then the BANP's first matching rule; else allowed.
 */
describe('ANP → NetworkPolicy → BANP ordering (property)', () => {
  const NAMESPACES = ['a', 'b', 'c'];
  const APPS = ['x', 'y'];
  const PORTS = [80, 443];

  const selector = fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.record({
      kind: fc.constant('ns' as const),
      ns: fc.constantFrom(...NAMESPACES),
    }),
    fc.record({
      kind: fc.constant('pod' as const),
      ns: fc.constantFrom(...NAMESPACES),
      app: fc.constantFrom(...APPS),
    }),
  );
  type Sel = typeof selector extends fc.Arbitrary<infer T> ? T : never;
  const toApi = (s: Sel) => {
    if (s.kind === 'all') return { namespaces: {} };
    if (s.kind === 'ns') return { namespaces: nsName(s.ns) };
    return {
      pods: {
        namespaceSelector: nsName(s.ns),
        podSelector: { matchLabels: { app: s.app } },
      },
    };
  };
  const selects = (s: Sel, p: { ns: string; app: string }) =>
    s.kind === 'all' || (s.ns === p.ns && (s.kind === 'ns' || s.app === p.app));

  const rule = (actions: string[]) =>
    fc.record({
      action: fc.constantFrom(...actions),
      peer: selector,
      port: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
    });
  const adminPolicy = fc.record({
    priority: fc.integer({ min: 0, max: 5 }),
    subject: selector,
    ingress: fc.array(rule(['Allow', 'Deny', 'Pass']), { maxLength: 3 }),
  });
  const networkPolicy = fc.record({
    ns: fc.constantFrom(...NAMESPACES),
    app: fc.option(fc.constantFrom(...APPS), { nil: undefined }),
    from: fc.option(selector, { nil: undefined }),
  });
  const baseline = fc.option(
    fc.record({
      subject: selector,
      ingress: fc.array(rule(['Allow', 'Deny']), { maxLength: 3 }),
    }),
    { nil: undefined },
  );

  const pods = NAMESPACES.flatMap(ns => APPS.map(app => ({ ns, app })));

  it('agrees with a direct reading of the API on every pod pair and port (500 random sets)', () => {
    fc.assert(
      fc.property(
        fc.array(adminPolicy, { maxLength: 4 }),
        fc.array(networkPolicy, { maxLength: 3 }),
        baseline,
        (anps, nps, banpSpec) => {
          const objects: KubernetesObject[] = [
            ...NAMESPACES.map(ns => namespace(ns)),
            ...pods.map(p => pod(p.ns, p.app, { app: p.app })),
            ...anps.map((a, i) =>
              anp(`anp-${i}`, a.priority, {
                subject: toApi(a.subject),
                ...(a.ingress.length && {
                  ingress: a.ingress.map(r => ({
                    action: r.action,
                    from: [toApi(r.peer)],
                    ...(r.port && {
                      ports: [
                        { portNumber: { protocol: 'TCP', port: r.port } },
                      ],
                    }),
                  })),
                }),
              }),
            ),
            ...nps.map((n, i) =>
              netpol(n.ns, `np-${i}`, {
                podSelector: n.app ? { matchLabels: { app: n.app } } : {},
                ingress: n.from
                  ? [
                      {
                        from: [
                          toApi(n.from).namespaces
                            ? { namespaceSelector: toApi(n.from).namespaces }
                            : {
                                namespaceSelector: (toApi(n.from) as any).pods
                                  .namespaceSelector,
                                podSelector: (toApi(n.from) as any).pods
                                  .podSelector,
                              },
                        ],
                      },
                    ]
                  : [],
              }),
            ),
            ...(banpSpec
              ? [
                  banp({
                    subject: toApi(banpSpec.subject),
                    ...(banpSpec.ingress.length && {
                      ingress: banpSpec.ingress.map(r => ({
                        action: r.action,
                        from: [toApi(r.peer)],
                        ...(r.port && {
                          ports: [
                            { portNumber: { protocol: 'TCP', port: r.port } },
                          ],
                        }),
                      })),
                    }),
                  }),
                ]
              : []),
          ];
          const model = buildNetpolModel(objects);
          const endpoint = (p: { ns: string; app: string }) =>
            model.endpoints.find(
              e => e.namespace === p.ns && e.name === p.app,
            )!;

          const oracle = (
            src: (typeof pods)[0],
            dst: (typeof pods)[0],
            port: number,
          ): boolean => {
            const ordered = anps
              .map((a, i) => ({ ...a, name: `anp-${i}` }))
              .filter(a => a.ingress.length && selects(a.subject, dst))
              .sort(
                (x, y) => x.priority - y.priority || (x.name < y.name ? -1 : 1),
              );
            let passed = false;
            for (const a of ordered) {
              for (const r of a.ingress) {
                if (
                  !selects(r.peer, src) ||
                  (r.port !== undefined && r.port !== port)
                )
                  continue;
                if (r.action === 'Pass') {
                  passed = true;
                  break;
                }
                return r.action === 'Allow';
              }
              if (passed) break;
            }
            const selecting = nps.filter(
              n =>
                n.ns === dst.ns && (n.app === undefined || n.app === dst.app),
            );
            if (selecting.length)
              return selecting.some(
                n => n.from !== undefined && selects(n.from, src),
              );
            if (banpSpec && selects(banpSpec.subject, dst)) {
              for (const r of banpSpec.ingress) {
                if (
                  !selects(r.peer, src) ||
                  (r.port !== undefined && r.port !== port)
                )
                  continue;
                return r.action === 'Allow';
              }
            }
            return true;
          };

          // The matrix (class-vector evaluation) must agree with the flow evaluator.
          const matrices = new Map(
            PORTS.map(port => [
              port,
              computeNetpolReachabilityMatrix(model, { port }),
            ]),
          );
          for (const src of pods)
            for (const dst of pods)
              for (const port of PORTS) {
                const verdict = evaluateNetpolFlow(model, {
                  from: { endpoint: endpoint(src) },
                  to: { endpoint: endpoint(dst) },
                  port,
                });
                expect(
                  matrices
                    .get(port)!
                    .allowed(endpoint(src).index, endpoint(dst).index),
                ).toBe(verdict.allowed);
                expect([src, dst, port, verdict.ingress.allowed]).toEqual([
                  src,
                  dst,
                  port,
                  oracle(src, dst, port),
                ]);
              }
        },
      ),
      { numRuns: 500 },
    );
  });
});
