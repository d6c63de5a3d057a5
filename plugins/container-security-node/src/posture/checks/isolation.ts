import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { CheckSubject, PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  ContainerRef,
  effective,
  objectCheck,
  podSecurityContext,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { isWindows } from './platform';

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * The AppArmor profile type that applies to a container: the securityContext field
 * (container, then pod), else the legacy per-container annotation mapped to the same
 * names. Undefined when nothing is set.
 */
export function appArmorOf(
  c: ContainerRef,
  subject: CheckSubject,
): string | undefined {
  const type = asRecord(effective(c, subject, 'appArmorProfile')).type;
  if (type) return String(type);
  const annotation = subject.podAnnotations?.[APPARMOR_ANNOTATION + c.name];
  if (!annotation) return undefined;
  if (annotation === 'runtime/default') return 'RuntimeDefault';
  if (annotation.startsWith('localhost/')) return 'Localhost';
  return 'Unconfined';
}

const SELINUX_TYPES = new Set([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

function unsafeSeLinux(options: unknown): string | undefined {
  const o = asRecord(options);
  if (o.user) return `user ${quoted(String(o.user))}`;
  if (o.role) return `role ${quoted(String(o.role))}`;
  if (o.type && !SELINUX_TYPES.has(String(o.type)))
    return `type ${quoted(String(o.type))}`;
  return undefined;
}

// Namespaced sysctls the baseline standard considers safe.
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

// The restricted standard's allowed volume types.
const UNREPORTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
  // reported by host-path-volume, with a higher severity
  'hostPath',
]);

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** @internal */
export const isolationChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.procMountUnmasked, WORKLOADS, c => {
    const procMount = securityContextOf(c).procMount;
    return procMount && procMount !== 'Default'
      ? `container ${quoted(c.name)} uses procMount ${procMount}`
      : undefined;
  }),
  containerCheck(CHECK_IDS.seccompUnconfined, WORKLOADS, (c, subject) =>
    asRecord(effective(c, subject, 'seccompProfile')).type === 'Unconfined'
      ? `container ${quoted(c.name)} runs with the Unconfined seccomp profile`
      : undefined,
  ),
  containerCheck(
    CHECK_IDS.seccompProfileMissing,
    WORKLOADS,
    (c, subject) => {
      const type = asRecord(effective(c, subject, 'seccompProfile')).type;
      if (type === 'RuntimeDefault' || type === 'Localhost') return undefined;
      return type
        ? `container ${quoted(c.name)} uses seccomp profile ${type}`
        : `container ${quoted(c.name)} has no seccomp profile`;
    },
    (_c, subject) => !isWindows(subject),
  ),
  containerCheck(CHECK_IDS.apparmorUnconfined, WORKLOADS, (c, subject) =>
    appArmorOf(c, subject) === 'Unconfined'
      ? `container ${quoted(c.name)} runs without AppArmor confinement`
      : undefined,
  ),
  containerCheck(CHECK_IDS.selinuxOptionsUnsafe, WORKLOADS, (c, subject) => {
    // Both levels are validated: a safe container value does not excuse the pod's.
    const problem =
      unsafeSeLinux(securityContextOf(c).seLinuxOptions) ??
      unsafeSeLinux(podSecurityContext(subject).seLinuxOptions);
    return problem
      ? `container ${quoted(c.name)} sets SELinux ${problem}`
      : undefined;
  }),
  objectCheck(CHECK_IDS.unsafeSysctls, WORKLOADS, subject =>
    asArray(podSecurityContext(subject).sysctls)
      .map(s => String(s?.name ?? ''))
      .filter(name => name && !SAFE_SYSCTLS.has(name))
      .map(name => `the pod sets unsafe sysctl ${quoted(name)}`),
  ),
  objectCheck(CHECK_IDS.restrictedVolumeTypes, WORKLOADS, ({ podSpec }) =>
    asArray(podSpec?.volumes).flatMap(v => {
      const types = Object.keys(asRecord(v)).filter(k => k !== 'name');
      return types
        .filter(t => !UNREPORTED_VOLUME_TYPES.has(t))
        .map(t => `volume ${quoted(String(v.name))} is of type ${t}`);
    }),
  ),
  objectCheck(
    CHECK_IDS.namespacePodSecurityNotEnforced,
    ['Namespace'],
    ({ object }) => {
      const level = object.metadata.labels?.[ENFORCE_LABEL];
      if (!level) {
        return `namespace ${quoted(
          object.metadata.name,
        )} has no ${ENFORCE_LABEL} label`;
      }
      return level === 'privileged'
        ? `namespace ${quoted(
            object.metadata.name,
          )} enforces the privileged Pod Security level`
        : undefined;
    },
  ),
];
