import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import { containerCheck, effective, quoted, WORKLOADS } from './helpers';
import { isWindows } from './platform';

const linuxOnly = (_c: unknown, subject: Parameters<typeof isWindows>[0]) =>
  !isWindows(subject);

/** @internal */
export const identityChecks: PostureCheck[] = [
  containerCheck(
    CHECK_IDS.runAsRootAllowed,
    WORKLOADS,
    (c, subject) => {
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
    (c, subject) =>
      effective(c, subject, 'runAsUser') === 0
        ? `container ${quoted(c.name)} runs as user 0 (root)`
        : undefined,
    linuxOnly,
  ),
];
