import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { findObject, namespaceOf } from '../ObjectIndex';
import { CheckSubject, PostureCheck } from '../types';
import { objectCheck, quoted, WORKLOADS } from './helpers';

function serviceAccountName(subject: CheckSubject): string {
  const spec = subject.podSpec ?? {};
  return spec.serviceAccountName || spec.serviceAccount || 'default';
}

/** @internal */
export const serviceAccountChecks: PostureCheck[] = [
  objectCheck(CHECK_IDS.serviceAccountTokenAutomount, WORKLOADS, subject => {
    if (!subject.podSpec) return undefined;
    const own = subject.podSpec.automountServiceAccountToken;
    if (own === false) return undefined;
    if (own === true) return 'the pod sets automountServiceAccountToken: true';
    // The pod leaves it to its ServiceAccount, whose default is to mount.
    const name = serviceAccountName(subject);
    const account = findObject(
      subject.index,
      'ServiceAccount',
      namespaceOf(subject.object),
      name,
    );
    if (!account) {
      return `the pod does not set automountServiceAccountToken: false (service account ${quoted(
        name,
      )} is not in the scan)`;
    }
    return account.automountServiceAccountToken === false
      ? undefined
      : `neither the pod nor service account ${quoted(
          name,
        )} sets automountServiceAccountToken: false`;
  }),
  objectCheck(CHECK_IDS.defaultServiceAccountUsed, WORKLOADS, subject =>
    subject.podSpec && serviceAccountName(subject) === 'default'
      ? 'the pod runs as the namespace’s default service account'
      : undefined,
  ),
];
