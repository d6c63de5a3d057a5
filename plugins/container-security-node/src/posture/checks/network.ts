import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { namespaceOf } from '../ObjectIndex';
import { buildNetpolModel } from '../../netpol/model';
import {
  computeNetpolIsolation,
  NetpolIsolation,
} from '../../netpol/isolation';
import { CheckSubject, PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  memoize,
  objectCheck,
  objectsSelecting,
  WORKLOADS,
} from './helpers';

// Annotations by which the cloud controllers make a load balancer internal.
function isInternalLoadBalancer(annotations: Record<string, string>): boolean {
  const a = (key: string) => String(annotations[key] ?? '').toLowerCase();
  return (
    a('service.beta.kubernetes.io/aws-load-balancer-scheme') === 'internal' ||
    ['true', '0.0.0.0/0'].includes(
      a('service.beta.kubernetes.io/aws-load-balancer-internal'),
    ) ||
    a('service.beta.kubernetes.io/azure-load-balancer-internal') === 'true' ||
    a('networking.gke.io/load-balancer-type') === 'internal' ||
    a('cloud.google.com/load-balancer-type') === 'internal'
  );
}

/**
 * The network engine's verdict on the subject's isolation: one model per scan (every
 * NetworkPolicy and Calico policy of the input), so the check and the Network section
 * agree on what "isolated" means. Undefined when the subject is no endpoint of it.
 */
function isolationOf(subject: CheckSubject): NetpolIsolation | undefined {
  const model = memoize(subject.index, 'netpol-model', () =>
    buildNetpolModel(subject.index.all(), { strict: false }),
  );
  const byId = memoize(
    subject.index,
    'netpol-endpoints',
    () => new Map(model.endpoints.map(e => [e.id, e])),
  );
  const { object } = subject;
  const endpoint = byId.get(
    `${namespaceOf(object) ?? 'default'}/${object.kind}/${
      object.metadata.name
    }`,
  );
  return endpoint ? computeNetpolIsolation(model, endpoint) : undefined;
}

/** @internal */
export const networkChecks: PostureCheck[] = [
  objectCheck(CHECK_IDS.serviceNodePort, ['Service'], ({ object }) => {
    const spec = asRecord(object.spec);
    if (spec.type !== 'NodePort') return undefined;
    const ports = asArray(spec.ports)
      .map(p => p?.nodePort)
      .filter(p => p !== undefined);
    return `the Service is of type NodePort${
      ports.length ? ` (node port ${ports.join(', ')})` : ''
    }`;
  }),
  objectCheck(CHECK_IDS.serviceLoadBalancer, ['Service'], ({ object }) => {
    if (asRecord(object.spec).type !== 'LoadBalancer') return undefined;
    const annotations = object.metadata.annotations ?? {};
    if (isInternalLoadBalancer(annotations)) return undefined;
    return annotations[
      'service.beta.kubernetes.io/aws-load-balancer-scheme'
    ] === 'internet-facing'
      ? 'the Service is an internet-facing LoadBalancer'
      : 'the Service is of type LoadBalancer and not annotated as internal';
  }),
  objectCheck(CHECK_IDS.networkPolicyMissing, WORKLOADS, subject => {
    const namespace = namespaceOf(subject.object) ?? 'default';
    const isolation = isolationOf(subject);
    if (!isolation) {
      // Not an endpoint of the network model (e.g. a malformed pod template).
      const policies = objectsSelecting(
        subject.index,
        'NetworkPolicy',
        namespace,
        subject.podLabels,
        // An empty (or null) podSelector selects every pod of the namespace.
        np => asRecord(np.spec).podSelector ?? {},
      );
      return policies.length
        ? undefined
        : `no NetworkPolicy in namespace ${namespace} selects the pods`;
    }
    const open = (['ingress', 'egress'] as const).filter(
      d => !isolation[d].isolated,
    );
    if (open.length === 0) return undefined;
    if (open.length === 2)
      return `no NetworkPolicy in namespace ${namespace} selects the pods`;
    const [direction] = open;
    const covered = direction === 'ingress' ? 'egress' : 'ingress';
    return `no NetworkPolicy in namespace ${namespace} selects the pods for ${direction}: ${
      direction === 'ingress' ? 'incoming' : 'outgoing'
    } traffic is open (only ${covered} is covered)`;
  }),
  objectCheck(CHECK_IDS.ingressTlsMissing, ['Ingress'], ({ object }) =>
    asArray(asRecord(object.spec).tls).length
      ? undefined
      : 'the Ingress has no tls section',
  ),
];
