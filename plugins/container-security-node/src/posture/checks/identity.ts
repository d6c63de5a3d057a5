import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  containerCheck,
  effective,
  podSecurityContext,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { relaxedForUserNamespace } from './podSecurity';
import { isWindows } from './platform';

const linuxOnly = (_c: unknown, subject: Parameters<typeof isWindows>[0]) =>
  !isWindows(subject);

/** @internal */
export const identityChecks: PostureCheck[] = [
  containerCheck(
    CHECK_IDS.runAsRootAllowed,
    WORKLOADS,
    (c, subject) => {
      if (relaxedForUserNamespace(subject)) return undefined;
      // An explicit false at the pod level is rejected even where a container overrides it.
      if (podSecurityContext(subject).runAsNonRoot === false) {
        return `the pod sets runAsNonRoot: false (container ${quoted(c.name)})`;
      }
      const nonRoot = effective(c, subject, 'runAsNonRoot');
      const user = effective(c, subject, 'runAsUser');
      // As Polaris: a non-zero runAsUser also keeps the container off root.
      if (nonRoot === true || (typeof user === 'number' && user > 0)) {
        return undefined;
      }
      if (nonRoot === false) {
        return `container ${quoted(c.name)} sets runAsNonRoot: false`;
      }
      return `container ${quoted(
        c.name,
      )} may run as root (no runAsNonRoot: true or non-zero runAsUser)`;
    },
    linuxOnly,
  ),
  containerCheck(
    CHECK_IDS.runAsUserRoot,
    WORKLOADS,
    (c, subject) => {
      if (relaxedForUserNamespace(subject)) return undefined;
      if (securityContextOf(c).runAsUser === 0)
        return `container ${quoted(c.name)} runs as user 0 (root)`;
      // Both levels are checked: the pod's runAsUser: 0 fails even where overridden.
      return podSecurityContext(subject).runAsUser === 0
        ? `the pod sets runAsUser: 0 (container ${quoted(c.name)})`
        : undefined;
    },
    linuxOnly,
  ),
];
