import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { podSpecOf } from '../../workloads/workloadFromObject';
import { CheckSubject, PostureCheck } from '../types';
import {
  asArray,
  containersOf,
  memoize,
  objectCheck,
  WORKLOADS,
} from './helpers';
import { parseImage } from './imageReference';

// Last path segment of a log router's image: Fluent Bit (and AWS's build), Fluentd,
// Vector, the OpenTelemetry collector.
const LOG_ROUTER =
  /^(fluent-?bit|aws-for-fluent-bit|fluentd.*|vector|opentelemetry-collector.*|otel-?collector.*|otelcol.*)$/;

export function isLogRouterImage(image: unknown): boolean {
  const ref = typeof image === 'string' ? parseImage(image) : undefined;
  if (!ref) return false;
  const name = ref.repository.split('/').pop() ?? '';
  return LOG_ROUTER.test(name.toLowerCase());
}

function runsLogRouter(object: KubernetesObject): boolean {
  const spec = podSpecOf(object) as Record<string, any> | undefined;
  return [...asArray(spec?.containers), ...asArray(spec?.initContainers)].some(
    c => isLogRouterImage(c?.image),
  );
}

/** Whether the scan holds a node-level log collector, computed once per scan. */
function hasCollectorDaemonSet(subject: CheckSubject): boolean {
  return memoize(subject.index, 'log-collector-daemonset', () =>
    subject.index.byKind('DaemonSet').some(runsLogRouter),
  );
}

/** @internal */
export const loggingChecks: PostureCheck[] = [
  objectCheck(CHECK_IDS.logShippingMissing, WORKLOADS, subject => {
    if (!subject.podSpec) return undefined;
    if (containersOf(subject).some(c => isLogRouterImage(c.spec.image)))
      return undefined;
    const excluded =
      subject.podAnnotations?.['fluentbit.io/exclude'] === 'true';
    if (hasCollectorDaemonSet(subject)) {
      return excluded
        ? 'the pod opts out of the log collector (fluentbit.io/exclude: "true") and has no log-router sidecar'
        : undefined;
    }
    return 'no log-router sidecar and no log collector DaemonSet in the scan';
  }),
];
