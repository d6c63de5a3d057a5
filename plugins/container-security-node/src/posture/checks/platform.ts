import { CheckSubject } from '../types';

/**
 * Windows pods are exempt from the Linux-only controls (seccomp, capabilities,
 * privilege escalation, user ids), as the Pod Security Standards exempt them.
 */
export function isWindows(subject: CheckSubject): boolean {
  return subject.podSpec?.os?.name === 'windows';
}
