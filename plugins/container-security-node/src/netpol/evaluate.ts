import { DEFAULT_TIER } from './model';
import {
  peerMatchesEndpoint,
  peersMatch,
  rulePortsMatch,
  selectsEndpoint,
} from './match';
import {
  NetpolDirection,
  NetpolDirectionVerdict,
  NetpolEndpoint,
  NetpolFlow,
  NetpolFlowVerdict,
  NetpolModel,
  NetpolPeer,
  NetpolPolicy,
} from './types';

/** Which kind of rule decided: cluster guardrails are named as such. */
function decidedByRule(
  policy: NetpolPolicy,
): NetpolDirectionVerdict['decidedBy'] {
  if (policy.flavor === 'admin') return 'admin-policy';
  if (policy.flavor === 'baseline-admin') return 'baseline-admin-policy';
  return 'rule';
}

/** The policies that apply to an endpoint in one direction, in evaluation order. */
export function applicablePolicies(
  model: NetpolModel,
  endpoint: NetpolEndpoint,
  direction: NetpolDirection,
): NetpolPolicy[] {
  return model.policies.filter(
    p =>
      p.types.includes(direction) &&
      selectsEndpoint(model, p.subject, endpoint),
  );
}

/**
 * Evaluates one direction of a flow at the endpoint that enforces it: egress at the
 * source, ingress at the destination. `remote` is the other side.
 *
 * @remarks
 * Calico's algorithm (https://docs.tigera.io/calico/latest/reference/resources/tier —
 * "How policy is evaluated"): each tier holding a policy that applies to the endpoint
 * processes the connection in tier order; within it policies by order then name, rules
 * top-down. Allow/Deny decide, Log records and continues, Pass jumps to the next tier.
 * A tier that applies but takes no action drops the connection (its `defaultAction`,
 * Deny unless set to Pass); passing out of the last tier leaves the decision to the
 * endpoint's profile, which allows for Kubernetes pods. With no applicable policy the
 * connection is allowed. Kubernetes policies live in the default tier (order 1000,
 * all rules Allow), which yields their additive allow-list semantics. AdminNetworkPolicies
 * sit in the `adminnetworkpolicy` tier (order 1,000, ordered by priority) and the
 * BaselineAdminNetworkPolicy in `baselineadminnetworkpolicy` (order 10,000,000), both
 * with default action Pass, as Calico 3.30 places them (see `admin.ts`).
 *
 * @public
 */
export function evaluateNetpolDirection(
  model: NetpolModel,
  endpoint: NetpolEndpoint,
  direction: NetpolDirection,
  remote: NetpolPeer,
  port: number | string,
  protocol: string = 'TCP',
  policies: NetpolPolicy[] = applicablePolicies(model, endpoint, direction),
): NetpolDirectionVerdict {
  const logged: NetpolDirectionVerdict['logged'] = [];
  if (policies.length === 0) {
    return {
      allowed: true,
      policy: null,
      ruleIndex: null,
      rule: null,
      reason: `no policy selects ${endpoint.id} for ${direction}: not isolated, allowed`,
      decidedBy: 'no-policy',
      logged,
    };
  }
  const remoteEndpoint = 'endpoint' in remote ? remote.endpoint : undefined;
  // Named ports resolve against the destination.
  const dst = direction === 'ingress' ? endpoint : remoteEndpoint;
  let i = 0;
  let lastTier = '';
  while (i < policies.length) {
    const tierName = policies[i].tier;
    lastTier = tierName;
    let passed = false;
    for (; i < policies.length && policies[i].tier === tierName; i++) {
      if (passed) continue;
      const policy = policies[i];
      for (const rule of policy[direction]) {
        if (!rulePortsMatch(rule, port, protocol, dst)) continue;
        if (
          rule.localPeer &&
          !peerMatchesEndpoint(model, rule.localPeer, endpoint)
        )
          continue;
        if (!peersMatch(model, rule.peers, remote)) continue;
        if (rule.action === 'Log') {
          logged.push({ policy: policy.id, ruleIndex: rule.index });
          continue;
        }
        if (rule.action === 'Pass') {
          passed = true;
          break;
        }
        const allowed = rule.action === 'Allow';
        return {
          allowed,
          policy,
          ruleIndex: rule.index,
          rule: rule.text,
          reason: `${direction} rule ${rule.index} of ${policy.kind} ${
            policy.namespace ? `${policy.namespace}/` : ''
          }${policy.name} (tier ${tierName}) ${
            allowed ? 'allows' : 'denies'
          } it`,
          decidedBy: decidedByRule(policy),
          tier: tierName,
          logged,
        };
      }
    }
    if (passed) continue;
    const tier = model.tiers.get(tierName) ?? {
      ...DEFAULT_TIER,
      name: tierName,
    };
    if (tier.defaultAction === 'Deny') {
      return {
        allowed: false,
        policy: null,
        ruleIndex: null,
        rule: null,
        reason: `${policies
          .filter(p => p.tier === tierName)
          .map(
            p => `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`,
          )
          .join(', ')} (tier ${tierName}) select ${
          endpoint.id
        } for ${direction} but no rule matched: the tier's default deny drops it`,
        decidedBy: 'tier-default',
        tier: tierName,
        logged,
      };
    }
  }
  return {
    allowed: true,
    policy: null,
    ruleIndex: null,
    rule: null,
    reason: `passed out of the last tier (${lastTier}): the endpoint's profile allows it`,
    decidedBy: 'pass-to-profile',
    logged,
  };
}

const notApplicable = (
  direction: NetpolDirection,
  ip: string,
): NetpolDirectionVerdict => ({
  allowed: true,
  policy: null,
  ruleIndex: null,
  rule: null,
  reason: `${ip} is not an endpoint of the model: no ${direction} policy applies there`,
  decidedBy: 'not-applicable',
  logged: [],
});

/**
 * Evaluates a flow: egress at the source and ingress at the destination must both allow it.
 *
 * @public
 */
export function evaluateNetpolFlow(
  model: NetpolModel,
  flow: NetpolFlow,
): NetpolFlowVerdict {
  const protocol = (flow.protocol ?? 'TCP').toUpperCase();
  const egress =
    'endpoint' in flow.from
      ? evaluateNetpolDirection(
          model,
          flow.from.endpoint,
          'egress',
          flow.to,
          flow.port,
          protocol,
        )
      : notApplicable('egress', flow.from.ip);
  const ingress =
    'endpoint' in flow.to
      ? evaluateNetpolDirection(
          model,
          flow.to.endpoint,
          'ingress',
          flow.from,
          flow.port,
          protocol,
        )
      : notApplicable('ingress', flow.to.ip);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}
