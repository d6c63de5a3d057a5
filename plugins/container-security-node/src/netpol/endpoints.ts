import { selectsEndpoint } from './match';
import { NetpolEndpoint, NetpolModel, NetpolPolicy } from './types';

/**
 * Finds endpoints by `<namespace>/<name>` (a Pod or a workload name; a workload picks
 * its pod template), `<namespace>/<Kind>/<name>` (the endpoint id), or a bare name in
 * `default`. Empty when none matches.
 *
 * @public
 */
export function findNetpolEndpoints(
  model: NetpolModel,
  ref: string,
): NetpolEndpoint[] {
  const parts = ref.split('/');
  if (parts.length === 3) {
    return model.endpoints.filter(
      e =>
        e.id === ref ||
        (e.namespace === parts[0] &&
          e.kind.toLowerCase() === parts[1].toLowerCase() &&
          e.name === parts[2]),
    );
  }
  const [namespace, name] = parts.length === 2 ? parts : ['default', parts[0]];
  return model.endpoints.filter(
    e => e.namespace === namespace && e.name === name,
  );
}

/**
 * The endpoints a policy applies to (its selector, namespace and service-account scope).
 *
 * @public
 */
export function endpointsSelectedBy(
  model: NetpolModel,
  policy: NetpolPolicy,
): NetpolEndpoint[] {
  return model.endpoints.filter(e => selectsEndpoint(model, policy.subject, e));
}
