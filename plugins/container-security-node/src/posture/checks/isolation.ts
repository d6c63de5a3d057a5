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
import { pssMinor, relaxedForUserNamespace } from './podSecurity';

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
]);

function unsafeSeLinux(options: unknown, minor: number): string | undefined {
  const o = asRecord(options);
  if (o.user) return `user ${quoted(String(o.user))}`;
  if (o.role) return `role ${quoted(String(o.role))}`;
  const type = o.type ? String(o.type) : '';
  // container_engine_t is allowed from v1.31 (check_seLinuxOptions.go).
  if (type && !SELINUX_TYPES.has(type)) {
    if (type === 'container_engine_t' && minor >= 31) return undefined;
    return `type ${quoted(type)}`;
  }
  return undefined;
}

const APPARMOR_ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/**
 * What the baseline AppArmor control rejects for a container: a profile type other
 * than RuntimeDefault or Localhost at the container's or the pod's level (both are
 * checked, as in check_appArmorProfile.go), or a legacy annotation other than
 * `runtime/default` or `localhost/…`.
 */
function unsafeAppArmor(
  c: ContainerRef,
  subject: CheckSubject,
): string | undefined {
  const own = asRecord(securityContextOf(c).appArmorProfile).type;
  if (own !== undefined && !APPARMOR_ALLOWED_TYPES.has(String(own)))
    return `container ${quoted(c.name)} uses AppArmor profile ${own}`;
  const pod = asRecord(podSecurityContext(subject).appArmorProfile).type;
  if (pod !== undefined && !APPARMOR_ALLOWED_TYPES.has(String(pod)))
    return `the pod sets AppArmor profile ${pod} (container ${quoted(c.name)})`;
  const annotation = subject.podAnnotations?.[APPARMOR_ANNOTATION + c.name];
  if (
    annotation &&
    annotation !== 'runtime/default' &&
    !annotation.startsWith('localhost/')
  )
    return `container ${quoted(
      c.name,
    )} runs without AppArmor confinement (annotation ${quoted(annotation)})`;
  return undefined;
}

// Namespaced sysctls the baseline standard considers safe, by the version that added
// them (k8s.io/pod-security-admission policy/check_sysctls.go).
const SAFE_SYSCTLS_SINCE: Record<string, number> = {
  'kernel.shm_rmid_forced': 0,
  'net.ipv4.ip_local_port_range': 0,
  'net.ipv4.ip_unprivileged_port_start': 0,
  'net.ipv4.tcp_syncookies': 0,
  'net.ipv4.ping_group_range': 0,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
  'net.ipv4.tcp_rmem': 32,
  'net.ipv4.tcp_wmem': 32,
  'net.ipv4.tcp_slow_start_after_idle': 37,
  'net.ipv4.tcp_notsent_lowat': 37,
};

function safeSysctl(name: string, minor: number): boolean {
  const since = Object.prototype.hasOwnProperty.call(SAFE_SYSCTLS_SINCE, name)
    ? SAFE_SYSCTLS_SINCE[name]
    : undefined;
  return since !== undefined && since <= minor;
}

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
  'image',
  // reported by host-path-volume, with a higher severity
  'hostPath',
]);

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** @internal */
export const isolationChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.procMountUnmasked, WORKLOADS, (c, subject) => {
    const procMount = securityContextOf(c).procMount;
    if (!procMount || procMount === 'Default') return undefined;
    // Reported by proc-mount-unmasked-user-namespace instead (restricted only).
    if (relaxedForUserNamespace(subject)) return undefined;
    return `container ${quoted(c.name)} uses procMount ${procMount}`;
  }),
  containerCheck(
    CHECK_IDS.procMountUnmaskedUserNamespace,
    WORKLOADS,
    (c, subject) => {
      const procMount = securityContextOf(c).procMount;
      if (!procMount || procMount === 'Default') return undefined;
      return relaxedForUserNamespace(subject)
        ? `container ${quoted(
            c.name,
          )} uses procMount ${procMount} (allowed by baseline in a user namespace, not by restricted)`
        : undefined;
    },
  ),
  containerCheck(CHECK_IDS.seccompUnconfined, WORKLOADS, (c, subject) => {
    if (asRecord(securityContextOf(c).seccompProfile).type === 'Unconfined')
      return `container ${quoted(
        c.name,
      )} runs with the Unconfined seccomp profile`;
    // Both levels are checked: a container's own profile does not excuse the pod's.
    return asRecord(podSecurityContext(subject).seccompProfile).type ===
      'Unconfined'
      ? `the pod sets the Unconfined seccomp profile (container ${quoted(
          c.name,
        )})`
      : undefined;
  }),
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
  containerCheck(CHECK_IDS.apparmorUnconfined, WORKLOADS, unsafeAppArmor),
  containerCheck(CHECK_IDS.selinuxOptionsUnsafe, WORKLOADS, (c, subject) => {
    // Both levels are validated: a safe container value does not excuse the pod's.
    const minor = pssMinor(subject);
    const problem =
      unsafeSeLinux(securityContextOf(c).seLinuxOptions, minor) ??
      unsafeSeLinux(podSecurityContext(subject).seLinuxOptions, minor);
    return problem
      ? `container ${quoted(c.name)} sets SELinux ${problem}`
      : undefined;
  }),
  objectCheck(CHECK_IDS.unsafeSysctls, WORKLOADS, subject =>
    asArray(podSecurityContext(subject).sysctls)
      .map(s => String(s?.name ?? ''))
      .filter(name => name && !safeSysctl(name, pssMinor(subject)))
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
