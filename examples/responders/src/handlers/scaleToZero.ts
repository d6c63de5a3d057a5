import { KubeClient, podPath } from '../kubernetes/KubeClient';
import { consoleLog, ResponderLog } from '../log';
import {
  InvalidPayloadError,
  optionalObjectName,
  parsePayload,
  requireNamespace,
  ResponderAnswer,
} from '../payload';

/** The replica count before the scale to zero, so an operator can restore it. */
export const SCALED_FROM_ANNOTATION =
  'container-security.io/scaled-to-zero-from-replicas';
/** The action (idempotency key) that scaled the workload to zero. */
export const SCALED_BY_ANNOTATION = 'container-security.io/scaled-to-zero-by';

/** The workload kinds that have a `scale` subresource in `apps/v1`. */
const RESOURCES = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
} as const;
type ScalableKind = keyof typeof RESOURCES;

export interface ScaleToZeroDeps {
  kube?: KubeClient;
  log?: ResponderLog;
}

interface Workload {
  kind: ScalableKind;
  name: string;
}

function controllerOf(object: any): { kind: string; name: string } | undefined {
  const owners: any[] = object?.metadata?.ownerReferences ?? [];
  return owners.find(owner => owner.controller === true);
}

/**
 * The workload to scale: `target.kind`/`target.name` when the payload names a scalable
 * one, otherwise the pod's controller — a ReplicaSet's owning Deployment, or a
 * StatefulSet. A bare ReplicaSet, a DaemonSet or a Job is refused: it has no replica
 * count to take to zero (or scaling it would fight its owner).
 */
async function resolveWorkload(
  kube: KubeClient,
  namespace: string,
  target: { kind?: string | null; name?: string | null; pod?: string | null },
): Promise<Workload> {
  const name = optionalObjectName(target, 'name');
  if (target.kind && name && target.kind in RESOURCES) {
    return { kind: target.kind as ScalableKind, name };
  }
  const pod = optionalObjectName(target, 'pod');
  if (!pod) {
    throw new InvalidPayloadError(
      'target: expected kind Deployment or StatefulSet with a name, or a pod to resolve the workload from',
    );
  }
  const podObject = await kube.getOrUndefined<any>(podPath(namespace, pod));
  if (!podObject) {
    throw new Error(
      `pod ${namespace}/${pod} not found: cannot tell which workload runs it`,
    );
  }
  const owner = controllerOf(podObject);
  if (owner?.kind === 'StatefulSet') {
    return { kind: 'StatefulSet', name: owner.name };
  }
  if (owner?.kind === 'ReplicaSet') {
    const replicaSet = await kube.getOrUndefined<any>(
      `/apis/apps/v1/namespaces/${encodeURIComponent(
        namespace,
      )}/replicasets/${encodeURIComponent(owner.name)}`,
    );
    const deployment = controllerOf(replicaSet);
    if (deployment?.kind === 'Deployment') {
      return { kind: 'Deployment', name: deployment.name };
    }
    throw new Error(
      `pod ${namespace}/${pod} belongs to ReplicaSet ${owner.name}, which no Deployment owns: nothing to scale`,
    );
  }
  throw new Error(
    `pod ${namespace}/${pod} is ${
      owner ? `controlled by a ${owner.kind}` : 'not controlled by any workload'
    }: only Deployments and StatefulSets are scaled to zero`,
  );
}

/**
 * `cs-scale-to-zero`: scale the pod's Deployment (or StatefulSet) to zero through the
 * `scale` subresource, after recording the previous replica count in an annotation
 * (`kubectl scale --replicas=$(…annotation…)` restores it).
 *
 * Idempotent: a workload already annotated with this key, or already at zero replicas,
 * answers `already-done` and nothing is written.
 */
export function createScaleToZeroHandler(deps: ScaleToZeroDeps = {}) {
  const log = deps.log ?? consoleLog;
  let kube = deps.kube;
  return async function scaleToZero(event: unknown): Promise<ResponderAnswer> {
    const payload = parsePayload(event);
    const namespace = requireNamespace(payload.target);
    kube ??= KubeClient.fromEnvironment();
    const key = payload.idempotencyKey;
    const workload = await resolveWorkload(kube, namespace, payload.target);
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${
      RESOURCES[workload.kind]
    }/${encodeURIComponent(workload.name)}`;
    const where = `${workload.kind} ${namespace}/${workload.name}`;

    const object = await kube.getOrUndefined<any>(path);
    if (!object) {
      throw new Error(`${where} not found`);
    }
    const scale = await kube.send<any>('GET', `${path}/scale`);
    const replicas: number = scale?.spec?.replicas ?? 0;
    const annotations = object.metadata?.annotations ?? {};
    // The same key again is a retry: even if an operator restored the replicas since,
    // this action has happened and must not happen twice.
    if (annotations[SCALED_BY_ANNOTATION] === key || replicas === 0) {
      log('already at zero', { key, workload: where, replicas });
      return {
        status: 'already-done',
        changes: [],
        message: `${where} was already scaled to zero`,
      };
    }
    const changes = [
      `annotate ${where} ${SCALED_FROM_ANNOTATION}=${replicas}`,
      `scale ${where} from ${replicas} to 0 replicas`,
    ];
    if (payload.dryRun) {
      log('dry run', { key, workload: where, changes });
      return {
        status: 'dry-run',
        changes,
        message: `dry run: ${where} would be scaled from ${replicas} to 0 replicas`,
      };
    }
    // The annotation first, so the count to restore is never lost.
    await kube.send(
      'PATCH',
      path,
      {
        metadata: {
          annotations: {
            [SCALED_FROM_ANNOTATION]: String(replicas),
            [SCALED_BY_ANNOTATION]: key,
          },
        },
      },
      'application/merge-patch+json',
    );
    await kube.send(
      'PATCH',
      `${path}/scale`,
      { spec: { replicas: 0 } },
      'application/merge-patch+json',
    );
    log('scaled to zero', { key, workload: where, from: replicas });
    return {
      status: 'done',
      changes,
      message: `${where} scaled from ${replicas} to 0 replicas`,
    };
  };
}

/** The Lambda entry point (handler setting `index.scaleToZero`). */
export const scaleToZero = createScaleToZeroHandler();
