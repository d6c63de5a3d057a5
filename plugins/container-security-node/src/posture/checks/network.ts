import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { namespaceOf } from '../ObjectIndex';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
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
  }),
  objectCheck(CHECK_IDS.ingressTlsMissing, ['Ingress'], ({ object }) =>
    asArray(asRecord(object.spec).tls).length
      ? undefined
      : 'the Ingress has no tls section',
  ),
];
