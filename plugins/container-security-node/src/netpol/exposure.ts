import { cidrOf, formatIp, parseIp } from './cidr';
import { test } from './bitset';
import {
  ClassIndex,
  classIndexOf,
  evaluateClassPair,
  evaluateClassVector,
} from './classIndex';
import { evaluateNetpolDirection } from './evaluate';
import { PORT_PROTOCOLS } from './model';
import { peersMatch, peerMatchesEndpoint, rulePortsMatch } from './match';
import {
  NetpolDirection,
  NetpolEndpoint,
  NetpolExposure,
  NetpolExposurePeer,
  NetpolFinding,
  NetpolModel,
  NetpolPolicy,
  NetpolPortRange,
  NetpolRule,
} from './types';

/** A protocol/port interval whose every port gets the same verdict. */
interface Atom {
  protocol: string;
  from: number;
  to: number;
}

const ALL_PORTS = { from: 1, to: 65535 };

interface PolicyCuts {
  cuts: Map<string, Set<number>>;
  portless: Set<string>;
}

const cutsCache = new WeakMap<NetpolModel, PolicyCuts>();

/** The port boundaries every rule of the model mentions (cached per model). */
function policyCuts(model: NetpolModel): PolicyCuts {
  const cached = cutsCache.get(model);
  if (cached) return cached;
  const cuts = new Map<string, Set<number>>(
    PORT_PROTOCOLS.map(p => [p, new Set([1, 65536])]),
  );
  const portless = new Set<string>(['ICMP']);
  // Named ports, deduplicated: many endpoints declare the same name and number.
  const namedPorts = new Map<string, Map<string, [number, string]>>();
  for (const e of model.endpoints) {
    for (const p of e.ports) {
      if (!p.name) continue;
      const map = namedPorts.get(p.name) ?? new Map();
      map.set(`${p.port}/${p.protocol}`, [p.port, p.protocol]);
      namedPorts.set(p.name, map);
    }
  }
  const addRange = (protocols: string[], from: number, to: number) => {
    for (const proto of protocols) {
      cuts.get(proto)?.add(from);
      cuts.get(proto)?.add(to + 1);
    }
  };
  const addMatch = (m: NetpolRule['ports'], protocols: string[]) => {
    for (const p of m ?? []) {
      if (p.type === 'range') addRange(protocols, p.from, p.to);
      else {
        for (const [port, protocol] of namedPorts.get(p.name)?.values() ?? []) {
          addRange([protocol], port, port);
        }
      }
    }
  };
  for (const policy of model.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const proto of [rule.protocol, rule.notProtocol]) {
        if (proto && !PORT_PROTOCOLS.includes(proto)) portless.add(proto);
      }
      if (rule.portProtocols && rule.ports) {
        rule.ports.forEach((p, i) => addMatch([p], [rule.portProtocols![i]]));
      } else {
        const protos =
          rule.protocol && PORT_PROTOCOLS.includes(rule.protocol)
            ? [rule.protocol]
            : PORT_PROTOCOLS;
        addMatch(rule.ports, protos);
        addMatch(rule.notPorts, protos);
      }
    }
  }
  const result = { cuts, portless };
  cutsCache.set(model, result);
  return result;
}

/** Cuts the port space at every boundary a rule or the service's ports mention. */
function portAtoms(model: NetpolModel, service: NetpolEndpoint[]): Atom[] {
  const base = policyCuts(model);
  const cuts = new Map([...base.cuts].map(([k, v]) => [k, new Set(v)]));
  const portless = base.portless;
  const addRange = (protocols: string[], from: number, to: number) => {
    for (const proto of protocols) {
      cuts.get(proto)?.add(from);
      cuts.get(proto)?.add(to + 1);
    }
  };
  for (const e of service)
    for (const p of e.ports) addRange([p.protocol], p.port, p.port);
  const atoms: Atom[] = [];
  for (const [protocol, set] of cuts) {
    const sorted = [...set]
      .filter(n => n >= 1 && n <= 65536)
      .sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++)
      atoms.push({ protocol, from: sorted[i], to: sorted[i + 1] - 1 });
  }
  for (const protocol of portless) atoms.push({ protocol, from: 0, to: 0 });
  return atoms;
}

/** Allowed atoms as port ranges, merged; whole protocols and everything collapse. */
function toRanges(allowed: boolean[], atoms: Atom[]): NetpolPortRange[] {
  if (allowed.length && allowed.every(Boolean)) return [{ protocol: 'ANY' }];
  const out: NetpolPortRange[] = [];
  let i = 0;
  while (i < atoms.length) {
    const { protocol } = atoms[i];
    const ranges: Array<[number, number]> = [];
    let j = i;
    for (; j < atoms.length && atoms[j].protocol === protocol; j++) {
      if (!allowed[j]) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] + 1 === atoms[j].from) last[1] = atoms[j].to;
      else ranges.push([atoms[j].from, atoms[j].to]);
    }
    const portful = PORT_PROTOCOLS.includes(protocol);
    if (!portful) {
      if (ranges.length) out.push({ protocol });
    } else if (
      ranges.length === 1 &&
      ranges[0][0] === ALL_PORTS.from &&
      ranges[0][1] === ALL_PORTS.to
    ) {
      out.push({ protocol });
    } else {
      for (const [from, to] of ranges)
        out.push(
          from === to
            ? { protocol, port: from }
            : { protocol, port: from, endPort: to },
        );
    }
    i = j;
  }
  return out;
}

const ANYWHERE_PROBES = [
  '203.0.113.77',
  '198.51.100.23',
  '8.8.8.8',
  '100.64.3.3',
  '2001:db8:ffff::77',
];

/** Representative external addresses: one per CIDR the policies and network sets mention, plus an "anywhere". */
function addressCandidates(
  model: NetpolModel,
  policies: NetpolPolicy[],
  direction: NetpolDirection,
): Array<{ ip: string; cidr?: string }> {
  const cidrs = new Set<string>();
  for (const p of policies) {
    for (const rule of p[direction]) {
      for (const peer of rule.peers ?? []) {
        for (const n of [...(peer.nets ?? []), ...(peer.notNets ?? [])])
          cidrs.add(n);
      }
    }
  }
  for (const s of model.networkSets) for (const n of s.nets) cidrs.add(n);
  const out: Array<{ ip: string; cidr?: string }> = [];
  const seen = new Set<string>();
  for (const text of cidrs) {
    const c = cidrOf(text);
    if (!c) continue;
    const bits = c.v6 ? 128 : 32;
    // The second address of the range (the first is often a network address), or the only one.
    const value = c.prefix < bits ? c.base + 1n : c.base;
    const ip = formatIp({ v6: c.v6, value });
    if (seen.has(ip)) continue;
    seen.add(ip);
    out.push({ ip, cidr: c.prefix === 0 ? undefined : text });
  }
  const all = [...cidrs].map(cidrOf).filter(Boolean);
  for (const probe of ANYWHERE_PROBES) {
    const ip = parseIp(probe)!;
    const inside = all.some(
      c =>
        c!.prefix > 0 &&
        c!.v6 === ip.v6 &&
        (ip.value >> BigInt((c!.v6 ? 128 : 32) - c!.prefix)) <<
          BigInt((c!.v6 ? 128 : 32) - c!.prefix) ===
          c!.base,
    );
    if (!inside && !seen.has(probe)) {
      out.push({ ip: probe });
      break;
    }
  }
  return out;
}

interface Accumulator {
  peer: Omit<NetpolExposurePeer, 'ports' | 'policies'>;
  allowed: boolean[];
  policies: Set<string>;
}

function workloadPeer(e: NetpolEndpoint): Accumulator['peer'] {
  return {
    key: `workload:${e.id}`,
    type: 'workload',
    namespace: e.namespace,
    workloadKind: e.kind,
    name: e.name,
    endpointIds: [e.id],
  };
}

function finish(
  acc: Map<string, Accumulator>,
  atoms: Atom[],
): NetpolExposurePeer[] {
  const out: NetpolExposurePeer[] = [];
  for (const a of acc.values()) {
    if (!a.allowed.some(Boolean)) continue;
    out.push({
      ...a.peer,
      ports: toRanges(a.allowed, atoms),
      policies: [...a.policies].sort(),
    });
  }
  return out.sort((x, y) => x.key.localeCompare(y.key));
}

/** One direction of the exposure: remote classes and addresses the service talks with. */
function reach(
  ix: ClassIndex,
  serviceClasses: number[],
  serviceSet: Set<number>,
  direction: NetpolDirection,
  atoms: Atom[],
  addresses: Array<{ ip: string; cidr?: string }>,
): NetpolExposurePeer[] {
  const model = ix.model;
  // The service side enforces `direction`; the remote side enforces the opposite.
  const opposite: NetpolDirection =
    direction === 'ingress' ? 'egress' : 'ingress';
  const acc = new Map<string, Accumulator>();
  const get = (key: string, peer: () => Accumulator['peer']) => {
    let a = acc.get(key);
    if (!a) {
      a = {
        peer: peer(),
        allowed: atoms.map(() => false),
        policies: new Set(),
      };
      acc.set(key, a);
    }
    return a;
  };
  const policyId = (rid: number) => model.policies[ix.rules[rid].policy].id;
  const probeNamespaces = new Map<number, string[]>();
  for (const [ns, c] of ix.namespaceProbe)
    probeNamespaces.set(c, [...(probeNamespaces.get(c) ?? []), ns]);
  const others = ix.members.map(list => list.filter(i => !serviceSet.has(i)));
  const deciding = new Int32Array(ix.size);
  atoms.forEach((atom, a) => {
    const port = atom.from || 0;
    for (const local of serviceClasses) {
      // The service side for every remote class at once, then the remote side per allowed class.
      const allowedHere = evaluateClassVector(
        ix,
        local,
        direction,
        port,
        atom.protocol,
        deciding,
      );
      for (let remote = 0; remote < ix.size; remote++) {
        if (!test(allowedHere, remote)) continue;
        const members = others[remote];
        const probes = probeNamespaces.get(remote);
        if (members.length === 0 && !probes) continue;
        const here = { rule: deciding[remote] };
        const there = evaluateClassPair(
          ix,
          remote,
          opposite,
          local,
          port,
          atom.protocol,
        );
        if (!there.allowed) continue;
        const record = (x: Accumulator) => {
          x.allowed[a] = true;
          if (here.rule >= 0) x.policies.add(policyId(here.rule));
          if (there.rule >= 0) x.policies.add(policyId(there.rule));
        };
        for (const i of members) {
          const e = model.endpoints[i];
          record(get(`workload:${e.id}`, () => workloadPeer(e)));
        }
        for (const ns of probes ?? []) {
          record(
            get(`namespace:${ns}`, () => ({
              key: `namespace:${ns}`,
              type: 'namespace',
              namespace: ns,
              name: ns,
            })),
          );
        }
      }
      // Addresses outside the model: only the service side enforces anything.
      const rep = ix.reps[local];
      const pols = ix.applicable[direction][local].map(p => model.policies[p]);
      for (const { ip, cidr } of addresses) {
        const v = evaluateNetpolDirection(
          model,
          rep,
          direction,
          { ip },
          port,
          atom.protocol,
          pols,
        );
        if (!v.allowed) continue;
        const key = cidr ? `cidr:${cidr}` : 'anywhere';
        const x = get(key, () =>
          cidr ? { key, type: 'cidr', cidr } : { key, type: 'anywhere' },
        );
        x.allowed[a] = true;
        if (v.policy) x.policies.add(v.policy.id);
      }
    }
  });
  const peers = finish(acc, atoms);
  // CIDRs allowed exactly like any address add nothing to "anywhere".
  const anywhere = peers.find(p => p.type === 'anywhere');
  if (!anywhere) return peers;
  const same = JSON.stringify(anywhere.ports);
  return peers.filter(
    p => p.type !== 'cidr' || JSON.stringify(p.ports) !== same,
  );
}

function ruleIsAllowAll(rule: NetpolRule): boolean {
  return (
    rule.action === 'Allow' &&
    !rule.peers &&
    !rule.ports &&
    !rule.notPorts &&
    !rule.protocol &&
    !rule.notProtocol &&
    !rule.localPeer
  );
}

function findings(
  ix: ClassIndex,
  service: NetpolEndpoint[],
  serviceClasses: number[],
  policies: NetpolPolicy[],
  isolation: NetpolExposure['isolation'],
  atoms: Atom[],
  addresses: Array<{ ip: string; cidr?: string }>,
): NetpolFinding[] {
  const model = ix.model;
  const out: NetpolFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!isolation[direction].isolated) {
      out.push({
        id: 'not-isolated',
        severity: direction === 'ingress' ? 'high' : 'medium',
        direction,
        message: `No policy selects ${
          direction === 'ingress' ? 'incoming' : 'outgoing'
        } traffic of ${
          service.length > 1
            ? 'some of the service’s pods'
            : 'the service’s pods'
        }: all ${direction} is allowed.`,
      });
    }
  }
  for (const policy of policies) {
    for (const direction of policy.types) {
      for (const rule of policy[direction]) {
        if (ruleIsAllowAll(rule)) {
          out.push({
            id: 'allow-all',
            severity: 'high',
            policy: policy.id,
            direction,
            rule: rule.index,
            message: `${policy.name}: ${direction} rule ${
              rule.index
            } allows all traffic ${
              direction === 'ingress' ? 'from' : 'to'
            } anywhere.`,
          });
        } else if (
          direction === 'egress' &&
          rule.action === 'Allow' &&
          rule.peers?.some(p => p.nets?.some(n => cidrOf(n)?.prefix === 0))
        ) {
          out.push({
            id: 'egress-anywhere',
            severity: 'medium',
            policy: policy.id,
            direction,
            rule: rule.index,
            message: `${policy.name}: egress rule ${
              rule.index
            } allows traffic to any address (${rule
              .peers!.flatMap(p => p.nets ?? [])
              .filter(n => cidrOf(n)?.prefix === 0)
              .join(', ')}).`,
          });
        }
      }
    }
  }
  const namespaces = new Set(service.map(e => e.namespace));
  model.policies.forEach((policy, p) => {
    if (
      policy.namespace &&
      namespaces.has(policy.namespace) &&
      !ix.selectsAny[p]
    ) {
      out.push({
        id: 'selects-nothing',
        severity: 'low',
        policy: policy.id,
        message: `${policy.kind} ${policy.namespace}/${policy.name} selects no pod: it has no effect.`,
      });
    }
  });
  out.push(...shadowedRules(ix, serviceClasses, atoms, addresses));
  return out;
}

/**
 * Rules that never decide anything because an earlier Deny (in evaluation order at the
 * service's endpoints) matches every peer and port they match.
 */
function shadowedRules(
  ix: ClassIndex,
  serviceClasses: number[],
  atoms: Atom[],
  addresses: Array<{ ip: string }>,
): NetpolFinding[] {
  const model = ix.model;
  const found = new Map<string, NetpolFinding>();
  const remotes: Array<{ endpoint: NetpolEndpoint } | { ip: string }> = [
    ...ix.reps.map(endpoint => ({ endpoint })),
    ...addresses.map(a => ({ ip: a.ip })),
  ];
  for (const local of serviceClasses) {
    const rep = ix.reps[local];
    for (const direction of ['ingress', 'egress'] as const) {
      const ordered: Array<{ policy: NetpolPolicy; rule: NetpolRule }> = [];
      for (const p of ix.applicable[direction][local]) {
        for (const rule of model.policies[p][direction])
          ordered.push({ policy: model.policies[p], rule });
      }
      if (!ordered.some(o => o.rule.action === 'Deny')) continue;
      const matches = (
        rule: NetpolRule,
        remote: (typeof remotes)[number],
        atom: Atom,
      ) => {
        const remoteEndpoint =
          'endpoint' in remote ? remote.endpoint : undefined;
        const dst = direction === 'ingress' ? rep : remoteEndpoint;
        if (!rulePortsMatch(rule, atom.from, atom.protocol, dst)) return false;
        if (rule.localPeer && !peerMatchesEndpoint(model, rule.localPeer, rep))
          return false;
        return peersMatch(model, rule.peers, remote);
      };
      ordered.forEach(({ policy, rule }, k) => {
        if (rule.action === 'Deny' || rule.action === 'Log') return;
        const denies = ordered
          .slice(0, k)
          .filter(
            o => o.rule.action === 'Deny' && o.policy.tier === policy.tier,
          );
        if (!denies.length) return;
        let matchedSomething = false;
        for (const remote of remotes) {
          for (const atom of atoms) {
            if (!matches(rule, remote, atom)) continue;
            matchedSomething = true;
            if (!denies.some(d => matches(d.rule, remote, atom))) return;
          }
        }
        if (!matchedSomething) return;
        const key = `${policy.id}|${direction}|${rule.index}`;
        if (!found.has(key)) {
          found.set(key, {
            id: 'shadowed-rule',
            severity: 'medium',
            policy: policy.id,
            direction,
            rule: rule.index,
            message: `${policy.name}: ${direction} rule ${rule.index} (${rule.text}) never applies: an earlier Deny matches everything it matches.`,
          });
        }
      });
    }
  }
  return [...found.values()];
}

/**
 * One service's exposure: the policies selecting its endpoints, isolation per
 * direction, who can reach it and whom it can reach (workloads, namespaces, CIDRs,
 * anywhere — with ports), and findings.
 *
 * @remarks
 * Ports are computed exactly over the intervals every rule's ports cut the port space
 * into. A `namespace` peer is what an unlabelled pod with the default service account
 * in that namespace may do; `cidr` and `anywhere` peers are addresses outside the
 * model's endpoints (one representative address per CIDR the policies mention).
 *
 * @public
 */
export function computeNetpolExposure(
  model: NetpolModel,
  endpointIds: readonly string[],
): NetpolExposure {
  const ix = classIndexOf(model);
  const byId = new Map(model.endpoints.map(e => [e.id, e]));
  const service = endpointIds
    .map(id => byId.get(id))
    .filter((e): e is NetpolEndpoint => !!e);
  const serviceSet = new Set(service.map(e => e.index));
  const serviceClasses = [...new Set(service.map(e => ix.classOf[e.index]))];
  const selected = new Set<number>();
  const isolation = {} as NetpolExposure['isolation'];
  for (const direction of ['ingress', 'egress'] as const) {
    const ids = new Set<number>();
    let isolated = serviceClasses.length > 0;
    for (const c of serviceClasses) {
      const list = ix.applicable[direction][c];
      // Same notion as computeNetpolIsolation: a policy of a dropping tier selects it.
      if (!list.some(p => ix.tierDeny[p])) isolated = false;
      list.forEach(p => {
        ids.add(p);
        selected.add(p);
      });
    }
    isolation[direction] = {
      isolated,
      policies: [...ids].sort((a, b) => a - b).map(p => model.policies[p].id),
    };
  }
  const policies = [...selected]
    .sort((a, b) => a - b)
    .map(p => model.policies[p]);
  const atoms = portAtoms(model, service);
  const inbound = addressCandidates(model, policies, 'ingress');
  const outbound = addressCandidates(model, policies, 'egress');
  return {
    endpointIds: service.map(e => e.id),
    policies,
    isolation,
    reachableFrom: reach(
      ix,
      serviceClasses,
      serviceSet,
      'ingress',
      atoms,
      inbound,
    ),
    reachableTo: reach(
      ix,
      serviceClasses,
      serviceSet,
      'egress',
      atoms,
      outbound,
    ),
    findings: findings(
      ix,
      service,
      serviceClasses,
      policies,
      isolation,
      atoms,
      [...inbound, ...outbound],
    ),
  };
}
