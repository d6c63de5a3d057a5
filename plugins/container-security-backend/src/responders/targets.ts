import { InputError } from '@backstage/errors';
import {
  ResponderTarget,
  WorkloadRef,
} from '@containersec/plugin-container-security-common';

/**
 * Checks that a target named by hand (no alert) is one of the service's workloads, so
 * the right to respond on one service is not a right to respond anywhere: its namespace
 * and its workload name, or a pod name of that workload (`<workload>-…`). Access keys
 * cannot be named by hand; they come from a risky audit event. Throws InputError.
 */
export function checkManualTarget(
  target: ResponderTarget,
  workloads: WorkloadRef[],
  entityRef: string,
): void {
  if (target.accessKeyId || target.userName) {
    throw new InputError(
      'Invalid body: target.accessKeyId and target.userName come from risky audit events and cannot be named by hand',
    );
  }
  if (!target.namespace || (!target.name && !target.pod)) {
    throw new InputError(
      'Invalid body: target needs a namespace and a workload name or pod',
    );
  }
  const owned = workloads.some(
    w =>
      w.namespace === target.namespace &&
      (!target.cluster || w.cluster === target.cluster) &&
      (!target.kind || w.kind === target.kind) &&
      (!target.name || w.name === target.name) &&
      (!target.pod || target.pod.startsWith(`${w.name}-`)),
  );
  if (!owned) {
    throw new InputError(
      `Invalid body: target is not a workload of ${entityRef}`,
    );
  }
}
