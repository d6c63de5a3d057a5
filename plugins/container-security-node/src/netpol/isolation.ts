import { classIndexOf } from './classIndex';
import { NetpolDirection, NetpolEndpoint, NetpolModel } from './types';

/**
 * Whether an endpoint is isolated in each direction, and by which policies.
 *
 * @public
 */
export type NetpolIsolation = Record<
  NetpolDirection,
  {
    /** Something drops what no rule allows: the direction is no longer open by default. */
    isolated: boolean;
    /** Ids of the enforced policies that select the endpoint for the direction, in evaluation order. */
    policies: string[];
  }
>;

/**
 * The engine's one notion of isolation, used by exposures and the posture check
 * `network-policy-missing`: an endpoint is isolated in a direction when a policy selects
 * it for that direction in a tier whose end drops unmatched traffic — a Kubernetes
 * NetworkPolicy (default tier) or a Calico policy in a `Deny` tier. Policies that only
 * decide what their rules match and pass the rest on (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, Calico tiers with `defaultAction: Pass`) select the
 * endpoint without isolating it: an egress-only policy leaves ingress open, and so does
 * an admin policy that denies one port.
 *
 * @public
 */
export function computeNetpolIsolation(
  model: NetpolModel,
  endpoint: NetpolEndpoint,
): NetpolIsolation {
  const ix = classIndexOf(model);
  const c = ix.classOf[endpoint.index];
  const out = {} as NetpolIsolation;
  for (const direction of ['ingress', 'egress'] as const) {
    const list = ix.applicable[direction][c] ?? [];
    out[direction] = {
      isolated: list.some(p => ix.tierDeny[p]),
      policies: list.map(p => model.policies[p].id),
    };
  }
  return out;
}
