import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { namespaceOf, objectsInNamespace } from '../ObjectIndex';
import { CheckSubject, PostureCheck } from '../types';
import {
  asRecord,
  containerCheck,
  isLongLived,
  LONG_RUNNING,
  memoize,
  objectCheck,
  quoted,
  REPLICATED,
  objectsSelecting,
  WORKLOADS,
} from './helpers';

const SCALED = ['Deployment', 'StatefulSet'];

/** The PodDisruptionBudgets of the subject's namespace that select its pods. */
function budgetsOf(subject: CheckSubject): KubernetesObject[] {
  const namespace = namespaceOf(subject.object) ?? 'default';
  return objectsSelecting(
    subject.index,
    'PodDisruptionBudget',
    namespace,
    subject.podLabels,
    pdb => asRecord(pdb.spec).selector,
  );
}

/** The HorizontalPodAutoscaler of the subject's namespace that scales it. */
function autoscalerOf(subject: CheckSubject): KubernetesObject | undefined {
  const namespace = namespaceOf(subject.object) ?? 'default';
  // By target, built once per namespace rather than searched once per workload.
  const byTarget = memoize(
    subject.index,
    `hpa-targets\u0000${namespace}`,
    () => {
      const map = new Map<string, KubernetesObject>();
      for (const hpa of objectsInNamespace(
        subject.index,
        'HorizontalPodAutoscaler',
        namespace,
      )) {
        const target = asRecord(asRecord(hpa.spec).scaleTargetRef);
        const key = `${target.kind}/${target.name}`;
        if (!map.has(key)) map.set(key, hpa);
      }
      return map;
    },
  );
  return byTarget.get(`${subject.object.kind}/${subject.object.metadata.name}`);
}

/** minReplicas of an HPA: 1 when unset, as Kubernetes defaults it. */
function minReplicas(hpa: KubernetesObject): number {
  const min = asRecord(hpa.spec).minReplicas;
  return typeof min === 'number' ? min : 1;
}

/** An int-or-percent PDB value resolved against a number of replicas (rounded up). */
function resolve(value: unknown, replicas: number): number | undefined {
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' && value.match(/^(\d+)%$/);
  if (percent) return Math.ceil((Number(percent[1]) * replicas) / 100);
  return undefined;
}

// Pods that stop by design (restartPolicy Never/OnFailure) need no probes.
function runsUntilStopped(subject: CheckSubject): boolean {
  const policy = subject.podSpec?.restartPolicy;
  return policy === undefined || policy === 'Always';
}

function probeCheck(
  id: string,
  probe: 'livenessProbe' | 'readinessProbe',
  label: string,
) {
  return containerCheck(
    id,
    LONG_RUNNING,
    c =>
      c.spec[probe]
        ? undefined
        : `container ${quoted(c.name)} has no ${label} probe`,
    (c, subject) => isLongLived(c) && runsUntilStopped(subject),
  );
}

/** @internal */
export const reliabilityChecks: PostureCheck[] = [
  probeCheck(CHECK_IDS.livenessProbeMissing, 'livenessProbe', 'liveness'),
  probeCheck(CHECK_IDS.readinessProbeMissing, 'readinessProbe', 'readiness'),
  objectCheck(CHECK_IDS.replicasBelowTwo, SCALED, subject => {
    if (autoscalerOf(subject)) return undefined;
    const replicas = asRecord(subject.object.spec).replicas;
    const count = typeof replicas === 'number' ? replicas : 1;
    return count < 2
      ? `the ${subject.object.kind} runs ${count} replica${
          count === 1 ? '' : 's'
        }`
      : undefined;
  }),
  objectCheck(CHECK_IDS.podDisruptionBudgetMissing, SCALED, subject =>
    budgetsOf(subject).length
      ? undefined
      : `no PodDisruptionBudget selects the pods of ${
          subject.object.kind
        } ${quoted(subject.object.metadata.name)}`,
  ),
  objectCheck(
    CHECK_IDS.pdbDisruptionsZero,
    ['PodDisruptionBudget'],
    ({ object }) => {
      const spec = asRecord(object.spec);
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
        return `the PodDisruptionBudget sets maxUnavailable: ${spec.maxUnavailable}`;
      }
      return spec.minAvailable === '100%'
        ? 'the PodDisruptionBudget sets minAvailable: 100%'
        : undefined;
    },
  ),
  objectCheck(CHECK_IDS.pdbMinAvailableAboveHpaMin, SCALED, subject => {
    const hpa = autoscalerOf(subject);
    if (!hpa) return undefined;
    const min = minReplicas(hpa);
    for (const pdb of budgetsOf(subject)) {
      const available = resolve(asRecord(pdb.spec).minAvailable, min);
      if (available !== undefined && available > min) {
        return `PodDisruptionBudget ${quoted(
          pdb.metadata.name,
        )} requires ${available} available pods but HorizontalPodAutoscaler ${quoted(
          hpa.metadata.name,
        )} may scale to ${min}`;
      }
    }
    return undefined;
  }),
  objectCheck(
    CHECK_IDS.hpaMinReplicasBelowTwo,
    ['HorizontalPodAutoscaler'],
    ({ object }) => {
      const min = minReplicas(object);
      return min < 2
        ? `the HorizontalPodAutoscaler's minReplicas is ${min}`
        : undefined;
    },
  ),
  objectCheck(
    CHECK_IDS.hpaMaxNotAboveMin,
    ['HorizontalPodAutoscaler'],
    ({ object }) => {
      const min = minReplicas(object);
      const max = asRecord(object.spec).maxReplicas;
      return typeof max !== 'number' || max <= min
        ? `the HorizontalPodAutoscaler's maxReplicas (${
            max ?? 'unset'
          }) is not above minReplicas (${min})`
        : undefined;
    },
  ),
  objectCheck(CHECK_IDS.topologySpreadMissing, REPLICATED, ({ podSpec }) => {
    if (!podSpec) return undefined;
    const spread = podSpec.topologySpreadConstraints;
    if (Array.isArray(spread) && spread.length) return undefined;
    // Pod anti-affinity spreads replicas too, the older way.
    if (asRecord(podSpec.affinity).podAntiAffinity) return undefined;
    return 'the pod template has no topologySpreadConstraints or pod anti-affinity';
  }),
  objectCheck(CHECK_IDS.priorityClassNotSet, WORKLOADS, ({ podSpec }) =>
    podSpec && !podSpec.priorityClassName
      ? 'the pod has no priorityClassName'
      : undefined,
  ),
  objectCheck(CHECK_IDS.instanceLabelMismatch, WORKLOADS, ({ object }) => {
    const instance = object.metadata.labels?.['app.kubernetes.io/instance'];
    return instance !== undefined && instance !== object.metadata.name
      ? `label app.kubernetes.io/instance is ${quoted(
          String(instance),
        )}, not ${quoted(object.metadata.name)}`
      : undefined;
  }),
];
