import { POD_SECURITY_LATEST_MINOR } from '../podSecurityVersion';
import { CheckSubject } from '../types';

/** The minor version of the Pod Security Standards the subject is evaluated at. */
export function pssMinor(subject: CheckSubject): number {
  return subject.podSecurityVersion?.minor ?? POD_SECURITY_LATEST_MINOR;
}

/**
 * Whether the pod runs in a user namespace (`hostUsers: false`): from v1.35 the
 * admission library relaxes the root-user and /proc controls for such pods, whose root
 * is not the node's (its `relaxPolicyForUserNamespacePod`).
 */
export function inUserNamespace(subject: CheckSubject): boolean {
  return subject.podSpec?.hostUsers === false;
}

/** The v1.35 user-namespace relaxation applies to the subject. */
export function relaxedForUserNamespace(subject: CheckSubject): boolean {
  return pssMinor(subject) >= 35 && inUserNamespace(subject);
}
