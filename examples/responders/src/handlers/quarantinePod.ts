import { KubeApiError, KubeClient, podPath } from '../kubernetes/KubeClient';
import {
  QUARANTINED_BY_ANNOTATION,
  QUARANTINE_LABEL,
  QUARANTINE_POLICY_NAME,
  isQuarantinePolicy,
  quarantinePolicy,
} from '../kubernetes/quarantine';
import { consoleLog, ResponderLog } from '../log';
import {
  parsePayload,
  requireNamespace,
  requireObjectName,
  ResponderAnswer,
} from '../payload';

export interface QuarantinePodDeps {
  /** Defaults to `KubeClient.fromEnvironment()`, made on the first invocation. */
  kube?: KubeClient;
  log?: ResponderLog;
}

/**
 * `cs-quarantine-pod`: label the pod `container-security.io/quarantine=true` and make
 * sure the namespace's deny-all NetworkPolicy selecting that label exists. The pod keeps
 * running (for forensics) but can neither receive nor send traffic.
 *
 * Idempotent: a pod already annotated with this key, or already labelled with the policy
 * in place, answers `already-done` and nothing is written.
 */
export function createQuarantinePodHandler(deps: QuarantinePodDeps = {}) {
  const log = deps.log ?? consoleLog;
  let kube = deps.kube;
  return async function quarantinePod(
    event: unknown,
  ): Promise<ResponderAnswer> {
    const payload = parsePayload(event);
    const namespace = requireNamespace(payload.target);
    const pod = requireObjectName(payload.target, 'pod');
    kube ??= KubeClient.fromEnvironment();
    const key = payload.idempotencyKey;
    const where = `${namespace}/${pod}`;

    const current = await kube.getOrUndefined<any>(podPath(namespace, pod));
    if (!current) {
      throw new Error(`pod ${where} not found: nothing to quarantine`);
    }
    const policyPath = `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(
      namespace,
    )}/networkpolicies/${QUARANTINE_POLICY_NAME}`;
    const policy = await kube.getOrUndefined<any>(policyPath);
    if (policy && !isQuarantinePolicy(policy)) {
      // Overwriting it could loosen isolation for other pods; a person should look.
      throw new Error(
        `NetworkPolicy ${namespace}/${QUARANTINE_POLICY_NAME} exists but no longer denies all traffic for the quarantine label; refusing to change it`,
      );
    }
    const labelled = current.metadata?.labels?.[QUARANTINE_LABEL] === 'true';
    const sameAction =
      current.metadata?.annotations?.[QUARANTINED_BY_ANNOTATION] === key;

    const changes: string[] = [];
    if (!labelled) {
      changes.push(`label pod ${where} ${QUARANTINE_LABEL}=true`);
    }
    if (!policy) {
      changes.push(
        `create NetworkPolicy ${namespace}/${QUARANTINE_POLICY_NAME} denying all ingress and egress for ${QUARANTINE_LABEL}=true`,
      );
    }
    // The same key again means a retry (Lambda's async retries, a redelivered alert):
    // even if an operator has since released the pod, this action must not redo it.
    if (sameAction || changes.length === 0) {
      log('already quarantined', { key, pod: where, sameAction });
      return {
        status: 'already-done',
        changes: [],
        message: `pod ${where} is already quarantined`,
      };
    }
    if (payload.dryRun) {
      log('dry run', { key, pod: where, changes });
      return {
        status: 'dry-run',
        changes,
        message: `dry run: pod ${where} would be labelled and isolated`,
      };
    }

    // The policy first: a labelled pod is only isolated once the policy exists, and a
    // failure between the two steps leaves a policy selecting nothing yet (harmless).
    if (!policy) {
      try {
        await kube.send(
          'POST',
          policyPath.replace(/\/[^/]+$/, ''),
          quarantinePolicy(namespace),
        );
      } catch (error) {
        // A concurrent invocation created it between our GET and POST: same result.
        if (!(error instanceof KubeApiError && error.status === 409)) {
          throw error;
        }
      }
    }
    await kube.send(
      'PATCH',
      podPath(namespace, pod),
      {
        metadata: {
          labels: { [QUARANTINE_LABEL]: 'true' },
          annotations: { [QUARANTINED_BY_ANNOTATION]: key },
        },
      },
      'application/merge-patch+json',
    );
    log('quarantined', { key, pod: where, changes });
    return {
      status: 'done',
      changes,
      message: `pod ${where} labelled and isolated by a deny-all NetworkPolicy`,
    };
  };
}

/** The Lambda entry point (handler setting `index.quarantinePod`). */
export const quarantinePod = createQuarantinePodHandler();
