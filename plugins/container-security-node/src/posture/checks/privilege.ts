import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  effective,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { appArmorOf } from './isolation';
import { isWindows } from './platform';

/** @internal */
export const privilegeChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.privilegedContainer, WORKLOADS, c =>
    securityContextOf(c).privileged === true
      ? `container ${quoted(c.name)} runs privileged`
      : undefined,
  ),
  containerCheck(
    CHECK_IDS.privilegeEscalationAllowed,
    WORKLOADS,
    c => {
      const value = securityContextOf(c).allowPrivilegeEscalation;
      if (value === false) return undefined;
      return value === true
        ? `container ${quoted(c.name)} allows privilege escalation`
        : `container ${quoted(
            c.name,
          )} does not set allowPrivilegeEscalation: false`;
    },
    (_c, subject) => !isWindows(subject),
  ),
  containerCheck(
    CHECK_IDS.linuxHardeningMissing,
    WORKLOADS,
    (c, subject) => {
      const seccomp = asRecord(effective(c, subject, 'seccompProfile')).type;
      if (seccomp && seccomp !== 'Unconfined') return undefined;
      if (
        Object.keys(asRecord(effective(c, subject, 'seLinuxOptions'))).length
      ) {
        return undefined;
      }
      if (asArray(asRecord(securityContextOf(c).capabilities).drop).length) {
        return undefined;
      }
      const apparmor = appArmorOf(c, subject);
      if (apparmor && apparmor !== 'Unconfined') return undefined;
      return `container ${quoted(
        c.name,
      )} has no seccomp profile, SELinux options, AppArmor profile or dropped capabilities`;
    },
    (_c, subject) => !isWindows(subject),
  ),
];
