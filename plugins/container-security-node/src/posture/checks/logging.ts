import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { podSpecOf } from '../../workloads/workloadFromObject';
import { findObject } from '../ObjectIndex';
import { CheckSubject, PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  ContainerRef,
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

// The Fluent Bit binary as a command or argument: images mirrored into a private
// registry under another name still run it (`/fluent-bit/bin/fluent-bit -c …`).
const FLUENT_BIT_BINARY = /(^|\/)(fluent-bit|td-agent-bit)$/;

/**
 * Whether a Fluent Bit configuration ships somewhere: the classic format needs an
 * `[OUTPUT]` section, the YAML format a `pipeline:` with `outputs:`. A configuration
 * without an output reads logs and drops them, which is not shipping.
 */
export function isFluentBitConfigWithOutput(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  if (/^\s*\[OUTPUT\]\s*$/im.test(text)) return true;
  return /^\s*pipeline\s*:/m.test(text) && /^\s*outputs\s*:/m.test(text);
}

/**
 * A FireLens-style container (the shape ECS task definitions and the tools that port
 * them to pods use): `firelensConfiguration.type` names Fluent Bit or Fluentd.
 */
function isFireLensRouter(spec: Record<string, any>): boolean {
  const type = asRecord(spec.firelensConfiguration).type;
  return type === 'fluentbit' || type === 'fluentd';
}

/** ConfigMaps mounted by the container (directly or through a projected volume). */
function mountedConfigMaps(
  subject: CheckSubject,
  c: ContainerRef,
): KubernetesObject[] {
  const namespace = subject.object.metadata.namespace;
  const volumes = new Map(
    asArray(subject.podSpec?.volumes).map(v => [asRecord(v).name, asRecord(v)]),
  );
  const names = asArray(c.spec.volumeMounts).flatMap(m => {
    const volume = volumes.get(asRecord(m).name);
    if (!volume) return [];
    return [
      asRecord(volume.configMap).name,
      ...asArray(asRecord(volume.projected).sources).map(
        s => asRecord(asRecord(s).configMap).name,
      ),
    ].filter((n): n is string => typeof n === 'string');
  });
  return names.flatMap(name => {
    const found = findObject(subject.index, 'ConfigMap', namespace, name);
    return found ? [found] : [];
  });
}

/**
 * A Fluent Bit sidecar recognised by what it runs rather than by its image name: the
 * Fluent Bit binary as command or argument, or a mounted ConfigMap holding a Fluent Bit
 * configuration with an output.
 */
function runsFluentBitByConfig(
  subject: CheckSubject,
  c: ContainerRef,
): boolean {
  const words = [...asArray(c.spec.command), ...asArray(c.spec.args)].filter(
    (w): w is string => typeof w === 'string',
  );
  if (words.some(w => FLUENT_BIT_BINARY.test(w.trim()))) return true;
  return mountedConfigMaps(subject, c).some(cm =>
    Object.values(asRecord((cm as Record<string, any>).data)).some(
      isFluentBitConfigWithOutput,
    ),
  );
}

function shipsLogsItself(subject: CheckSubject): boolean {
  return containersOf(subject).some(
    c =>
      isLogRouterImage(c.spec.image) ||
      isFireLensRouter(c.spec) ||
      runsFluentBitByConfig(subject, c),
  );
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

/**
 * EKS Fargate's built-in log router: configured by the `aws-logging` ConfigMap in the
 * `aws-observability` namespace, whose `output.conf` must hold an `[OUTPUT]` section.
 */
function hasFargateLogging(subject: CheckSubject): boolean {
  return memoize(subject.index, 'fargate-aws-logging', () => {
    const cm = findObject(
      subject.index,
      'ConfigMap',
      'aws-observability',
      'aws-logging',
    ) as Record<string, any> | undefined;
    return isFluentBitConfigWithOutput(asRecord(cm?.data)['output.conf']);
  });
}

/**
 * Whether the pod runs on Fargate, where only the `aws-logging` ConfigMap ships logs
 * (DaemonSets do not run there): the Fargate admission sets the profile label and the
 * `fargate-scheduler`; manifests may ask for it through the compute-type node selector.
 */
function runsOnFargate(subject: CheckSubject): boolean {
  const spec = subject.podSpec ?? {};
  return (
    subject.podLabels['eks.amazonaws.com/fargate-profile'] !== undefined ||
    spec.schedulerName === 'fargate-scheduler' ||
    asRecord(spec.nodeSelector)['eks.amazonaws.com/compute-type'] === 'fargate'
  );
}

/** @internal */
export const loggingChecks: PostureCheck[] = [
  objectCheck(CHECK_IDS.logShippingMissing, WORKLOADS, subject => {
    if (!subject.podSpec) return undefined;
    if (shipsLogsItself(subject)) return undefined;
    if (runsOnFargate(subject)) {
      return hasFargateLogging(subject)
        ? undefined
        : 'the pod runs on Fargate, and the scan has no aws-observability/aws-logging ConfigMap with an [OUTPUT] section and no log-router sidecar';
    }
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
