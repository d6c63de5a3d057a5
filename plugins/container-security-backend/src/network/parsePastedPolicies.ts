import { InputError } from '@backstage/errors';
import {
  KubernetesObject,
  ManifestParseError,
  parseManifests,
} from '@containersec/plugin-container-security-node';
import { apiGroupOf } from './networkObjects';

/** At most this many objects in one what-if. */
export const MAX_PASTED_OBJECTS = 50;

const CALICO_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'NetworkSet',
  'GlobalNetworkSet',
]);
const GLOBAL_KINDS = new Set([
  'GlobalNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'GlobalNetworkSet',
]);

function isPolicyKind(object: KubernetesObject): boolean {
  const group = apiGroupOf(object);
  if (group === 'networking.k8s.io') return object.kind === 'NetworkPolicy';
  if (group === 'projectcalico.org' || group === 'crd.projectcalico.org') {
    return CALICO_KINDS.has(object.kind);
  }
  return false;
}

/**
 * The policies of a what-if, from pasted YAML or JSON (several documents or a List
 * allowed). Namespaced kinds without a namespace take the service's, as `kubectl apply`
 * takes the current one. Anything else is an InputError naming the line and problem.
 */
export function parsePastedPolicies(
  text: string,
  defaultNamespace: string,
): KubernetesObject[] {
  let parsed;
  try {
    parsed = parseManifests(text, 'policy');
  } catch (e) {
    if (e instanceof ManifestParseError) {
      throw new InputError(`Invalid policy: line ${e.line}: ${e.problem}`);
    }
    throw e;
  }
  if (parsed.length === 0) {
    throw new InputError('Invalid policy: the text holds no object');
  }
  if (parsed.length > MAX_PASTED_OBJECTS) {
    throw new InputError(
      `Invalid policy: ${parsed.length} objects; at most ${MAX_PASTED_OBJECTS} are previewed at once`,
    );
  }
  return parsed.map(({ object, line }) => {
    if (!isPolicyKind(object)) {
      throw new InputError(
        `Invalid policy: line ${line}: ${
          object.apiVersion ?? '(no apiVersion)'
        } ${object.kind} ${
          object.metadata.name
        } is not a network policy (expected networking.k8s.io/v1 NetworkPolicy, or a Calico NetworkPolicy, GlobalNetworkPolicy, staged policy, NetworkSet or GlobalNetworkSet)`,
      );
    }
    if (GLOBAL_KINDS.has(object.kind) || object.metadata.namespace) {
      return object;
    }
    return {
      ...object,
      metadata: { ...object.metadata, namespace: defaultNamespace },
    };
  });
}
