import { KubeApiError, KubeClient, podPath } from '../kubernetes/KubeClient';
import { consoleLog, ResponderLog } from '../log';
import {
  InvalidPayloadError,
  parsePayload,
  requireNamespace,
  requireObjectName,
  ResponderAnswer,
} from '../payload';

export interface DeletePodDeps {
  kube?: KubeClient;
  log?: ResponderLog;
}

/** Talon's `kubernetes:terminate` parameter, honoured when the rule sets it. */
function gracePeriod(parameters: Record<string, unknown> | undefined) {
  const value = parameters?.grace_period_seconds;
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidPayloadError(
      'action.parameters.grace_period_seconds: expected a whole number of seconds, 0 or more',
    );
  }
  return value;
}

/**
 * `cs-delete-pod`: delete the pod; its controller starts a fresh one from the workload's
 * spec (a pod without a controller is simply gone).
 *
 * Idempotent: a pod that no longer exists (404) answers `already-done`.
 */
export function createDeletePodHandler(deps: DeletePodDeps = {}) {
  const log = deps.log ?? consoleLog;
  let kube = deps.kube;
  return async function deletePod(event: unknown): Promise<ResponderAnswer> {
    const payload = parsePayload(event);
    const namespace = requireNamespace(payload.target);
    const pod = requireObjectName(payload.target, 'pod');
    const grace = gracePeriod(payload.action?.parameters);
    kube ??= KubeClient.fromEnvironment();
    const key = payload.idempotencyKey;
    const where = `${namespace}/${pod}`;

    if (payload.dryRun) {
      const exists = await kube.getOrUndefined(podPath(namespace, pod));
      log('dry run', { key, pod: where, exists: Boolean(exists) });
      return exists
        ? {
            status: 'dry-run',
            changes: [`delete pod ${where}`],
            message: `dry run: pod ${where} would be deleted`,
          }
        : {
            status: 'dry-run',
            changes: [],
            message: `dry run: pod ${where} does not exist; nothing would be deleted`,
          };
    }
    try {
      await kube.send(
        'DELETE',
        podPath(namespace, pod),
        grace === undefined
          ? undefined
          : {
              kind: 'DeleteOptions',
              apiVersion: 'v1',
              gracePeriodSeconds: grace,
            },
      );
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) {
        log('already gone', { key, pod: where });
        return {
          status: 'already-done',
          changes: [],
          message: `pod ${where} no longer exists`,
        };
      }
      throw error;
    }
    log('deleted', { key, pod: where });
    return {
      status: 'done',
      changes: [`delete pod ${where}`],
      message: `pod ${where} deleted; its controller replaces it`,
    };
  };
}

/** The Lambda entry point (handler setting `index.deletePod`). */
export const deletePod = createDeletePodHandler();
