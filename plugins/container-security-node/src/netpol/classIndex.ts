import { SelectorNode } from './selector';
import { Bits, ones, set, test, zeros } from './bitset';
import { calicoLabels, peerMatchesEndpoint, rulePortsMatch } from './match';
import { matchesSelector } from './selector';
import { DEFAULT_TIER } from './model';
import {
  NetpolDirection,
  NetpolEndpoint,
  NetpolModel,
  NetpolPeerMatch,
  NetpolPolicy,
  NetpolRule,
} from './types';

/** A rule with its precomputed remote-peer and local-side class sets. */
export interface IndexedRule {
  policy: number;
  rule: NetpolRule;
  /** Remote classes the rule's peers match (undefined = all). */
  peers?: Bits;
  /** Local classes the rule's local side matches (undefined = all). */
  local?: Bits;
  /** Whether the port condition depends on the destination's named ports. */
  named: boolean;
}

/**
 * Endpoints grouped into classes that share every verdict (same namespace, labels,
 * service account, ports and addresses), with each policy's selected classes and each
 * rule's matched classes precomputed as bitsets. Built once per model.
 */
export interface ClassIndex {
  model: NetpolModel;
  size: number;
  reps: NetpolEndpoint[];
  members: number[][];
  classOf: Int32Array;
  /** Per direction, per class: indexes (into model.policies) of the policies applying, in order. */
  applicable: Record<NetpolDirection, number[][]>;
  /** Per direction, per policy: indexes into `rules`. */
  rulesOf: Record<NetpolDirection, number[][]>;
  rules: IndexedRule[];
  tierDeny: boolean[];
  /** Per policy: whether it selects at least one real endpoint. */
  selectsAny: boolean[];
  /** Classes `0..realClasses-1` hold real endpoints; later ones only namespace probes. */
  realClasses: number;
  /** Class of the probe "unlabelled pod with the default service account" of each namespace. */
  namespaceProbe: Map<string, number>;
}

const cache = new WeakMap<NetpolModel, ClassIndex>();

function classKey(e: NetpolEndpoint): string {
  const labels = Object.keys(e.labels)
    .sort()
    .map(k => `${k}=${e.labels[k]}`)
    .join(',');
  const ports = e.ports
    .map(p => `${p.name ?? ''}:${p.port}/${p.protocol}`)
    .sort()
    .join(',');
  return `${e.namespace}\u0000${labels}\u0000${
    e.serviceAccount
  }\u0000${ports}\u0000${[...e.ips].sort().join(',')}`;
}

/** The (key, value) of an equality the selector requires, to narrow candidates. */
function requiredEqualities(
  node: SelectorNode | undefined,
): Array<[string, string]> {
  if (!node) return [];
  if (node.type === 'eq') return [[node.key, node.value]];
  if (node.type === 'and') return node.operands.flatMap(requiredEqualities);
  return [];
}

/** Builds (or returns the cached) class index of a model. */
export function classIndexOf(model: NetpolModel): ClassIndex {
  const cached = cache.get(model);
  if (cached) return cached;
  const byKey = new Map<string, number>();
  const reps: NetpolEndpoint[] = [];
  const members: number[][] = [];
  const classOf = new Int32Array(model.endpoints.length);
  model.endpoints.forEach((e, i) => {
    const key = classKey(e);
    let c = byKey.get(key);
    if (c === undefined) {
      c = reps.length;
      byKey.set(key, c);
      reps.push(e);
      members.push([]);
    }
    members[c].push(i);
    classOf[i] = c;
  });
  const realClasses = reps.length;
  // One probe per namespace: what an unlabelled pod there may do (namespace peers).
  const namespaceProbe = new Map<string, number>();
  for (const name of model.namespaces.keys()) {
    const probe: NetpolEndpoint = {
      id: `${name}/Pod/*`,
      namespace: name,
      name: '*',
      kind: 'Pod',
      labels: {},
      serviceAccount: 'default',
      ports: [],
      ips: [],
      index: -1,
    };
    const key = classKey(probe);
    let c = byKey.get(key);
    if (c === undefined) {
      c = reps.length;
      byKey.set(key, c);
      reps.push(probe);
      members.push([]);
    }
    namespaceProbe.set(name, c);
  }
  const size = reps.length;
  const all = Array.from({ length: size }, (_, i) => i);
  // Candidate narrowing: by namespace and by required label equalities.
  const byNamespace = new Map<string, number[]>();
  const postings = new Map<string, number[]>();
  reps.forEach((e, c) => {
    const list = byNamespace.get(e.namespace) ?? [];
    list.push(c);
    byNamespace.set(e.namespace, list);
    const labels = calicoLabels(e);
    for (const k of Object.keys(labels)) {
      const key = `${k}\u0000${labels[k]}`;
      const p = postings.get(key) ?? [];
      p.push(c);
      postings.set(key, p);
    }
  });
  const nsMatchCache = new Map<SelectorNode, number[]>();
  const candidates = (peer: NetpolPeerMatch): number[] => {
    let best: number[] = all;
    if (peer.namespace !== undefined)
      best = byNamespace.get(peer.namespace) ?? [];
    else if (peer.namespaceSelector) {
      let list = nsMatchCache.get(peer.namespaceSelector);
      if (!list) {
        list = [];
        for (const [name, list2] of byNamespace) {
          const ns = model.namespaces.get(name);
          if (
            ns &&
            matchesSelector(peer.namespaceSelector, ns.labels, {
              isGlobal: false,
            })
          )
            list.push(...list2);
        }
        nsMatchCache.set(peer.namespaceSelector, list);
      }
      best = list;
    }
    for (const [k, v] of requiredEqualities(peer.selector)) {
      const p = postings.get(`${k}\u0000${v}`) ?? [];
      if (p.length < best.length) best = p;
    }
    return best;
  };
  const bitsOf = (peers: NetpolPeerMatch[]): Bits => {
    const b = zeros(size);
    for (const peer of peers) {
      for (const c of candidates(peer)) {
        if (!test(b, c) && peerMatchesEndpoint(model, peer, reps[c])) set(b, c);
      }
    }
    return b;
  };

  const rules: IndexedRule[] = [];
  const rulesOf: ClassIndex['rulesOf'] = { ingress: [], egress: [] };
  const applicable: ClassIndex['applicable'] = {
    ingress: Array.from({ length: size }, () => []),
    egress: Array.from({ length: size }, () => []),
  };
  const selectsAny: boolean[] = [];
  model.policies.forEach((policy: NetpolPolicy, p) => {
    const subject = bitsOf([policy.subject]);
    let any = false;
    for (let c = 0; c < size && !any; c++)
      any = test(subject, c) && members[c].length > 0;
    selectsAny.push(any);
    for (const direction of ['ingress', 'egress'] as const) {
      const ids: number[] = [];
      if (policy.types.includes(direction)) {
        for (let c = 0; c < size; c++)
          if (test(subject, c)) applicable[direction][c].push(p);
        for (const rule of policy[direction]) {
          ids.push(rules.length);
          rules.push({
            policy: p,
            rule,
            peers: rule.peers ? bitsOf(rule.peers) : undefined,
            local: rule.localPeer ? bitsOf([rule.localPeer]) : undefined,
            named: [...(rule.ports ?? []), ...(rule.notPorts ?? [])].some(
              x => x.type === 'named',
            ),
          });
        }
      }
      rulesOf[direction].push(ids);
    }
  });
  const tierDeny = model.policies.map(
    p => (model.tiers.get(p.tier) ?? DEFAULT_TIER).defaultAction === 'Deny',
  );
  const index: ClassIndex = {
    model,
    size,
    reps,
    members,
    classOf,
    applicable,
    rulesOf,
    rules,
    tierDeny,
    selectsAny,
    realClasses,
    namespaceProbe,
  };
  cache.set(model, index);
  return index;
}

/**
 * Evaluates one direction at one local class against every remote class at once.
 * Returns the remote classes allowed; `deciding` (if given) receives, per remote
 * class, the index of the Allow rule that let it through (-1 for defaults).
 */
export function evaluateClassVector(
  ix: ClassIndex,
  local: number,
  direction: NetpolDirection,
  port: number | string,
  protocol: string,
  deciding?: Int32Array,
): Bits {
  const pols = ix.applicable[direction][local];
  const n = ix.size;
  if (deciding) deciding.fill(-1);
  if (pols.length === 0) return ones(n);
  const undecided = ones(n);
  const allowed = zeros(n);
  const passed = zeros(n);
  const W = undecided.length;
  const portBits = zeros(n);
  const policies = ix.model.policies;
  let i = 0;
  while (i < pols.length) {
    const tier = policies[pols[i]].tier;
    passed.fill(0);
    for (; i < pols.length && policies[pols[i]].tier === tier; i++) {
      for (const rid of ix.rulesOf[direction][pols[i]]) {
        const r = ix.rules[rid];
        if (r.local && !test(r.local, local)) continue;
        let portMask: Bits | undefined;
        if (r.named && direction === 'egress') {
          // Named ports resolve against each destination class.
          portBits.fill(0);
          for (let c = 0; c < n; c++)
            if (rulePortsMatch(r.rule, port, protocol, ix.reps[c]))
              set(portBits, c);
          portMask = portBits;
        } else if (
          !rulePortsMatch(
            r.rule,
            port,
            protocol,
            direction === 'ingress' ? ix.reps[local] : undefined,
          )
        ) {
          continue;
        }
        const action = r.rule.action;
        if (action === 'Log') continue;
        const peers = r.peers;
        for (let w = 0; w < W; w++) {
          let m = undecided[w] & ~passed[w];
          if (peers) m &= peers[w];
          if (portMask) m &= portMask[w];
          if (!m) continue;
          if (action === 'Allow') {
            allowed[w] |= m;
            undecided[w] &= ~m;
            if (deciding) {
              let word = m;
              while (word) {
                const low = word & -word;
                deciding[(w << 5) + (31 - Math.clz32(low))] = rid;
                word ^= low;
              }
            }
          } else if (action === 'Deny') {
            undecided[w] &= ~m;
          } else {
            passed[w] |= m;
          }
        }
      }
    }
    if (ix.tierDeny[pols[i - 1]]) {
      // The tier's end: whatever it selected and did not pass is dropped.
      for (let w = 0; w < W; w++) undecided[w] &= passed[w];
    }
  }
  // Passed out of the last tier: the Kubernetes profile allows.
  for (let w = 0; w < W; w++) allowed[w] |= undecided[w];
  return allowed;
}

/**
 * Evaluates one direction at one local class against one remote class. Returns the
 * deciding rule index into `ix.rules` (-1 when a default decided) and the verdict.
 */
export function evaluateClassPair(
  ix: ClassIndex,
  local: number,
  direction: NetpolDirection,
  remote: number,
  port: number | string,
  protocol: string,
): { allowed: boolean; rule: number } {
  const pols = ix.applicable[direction][local];
  if (pols.length === 0) return { allowed: true, rule: -1 };
  const policies = ix.model.policies;
  const dst = direction === 'ingress' ? ix.reps[local] : ix.reps[remote];
  let i = 0;
  while (i < pols.length) {
    const tier = policies[pols[i]].tier;
    let passed = false;
    for (; i < pols.length && policies[pols[i]].tier === tier; i++) {
      if (passed) continue;
      for (const rid of ix.rulesOf[direction][pols[i]]) {
        const r = ix.rules[rid];
        const action = r.rule.action;
        if (action === 'Log') continue;
        if (r.local && !test(r.local, local)) continue;
        if (r.peers && !test(r.peers, remote)) continue;
        if (!rulePortsMatch(r.rule, port, protocol, dst)) continue;
        if (action === 'Pass') {
          passed = true;
          break;
        }
        return { allowed: action === 'Allow', rule: rid };
      }
    }
    if (!passed && ix.tierDeny[pols[i - 1]])
      return { allowed: false, rule: -1 };
  }
  return { allowed: true, rule: -1 };
}
