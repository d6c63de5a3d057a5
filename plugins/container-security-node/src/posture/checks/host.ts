import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  objectCheck,
  podSecurityContext,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { pssMinor } from './podSecurity';

function hostNamespaceCheck(
  id: string,
  field: 'hostNetwork' | 'hostPID' | 'hostIPC',
  what: string,
): PostureCheck {
  return objectCheck(id, WORKLOADS, ({ podSpec }) =>
    podSpec?.[field] === true
      ? `the pod shares the ${what} (${field}: true)`
      : undefined,
  );
}

function hostPathVolumes(podSpec: Record<string, any> | undefined) {
  return asArray(podSpec?.volumes).filter(v => v?.hostPath);
}

// Sockets of the container runtimes, and the directories that hold them.
const RUNTIME_SOCKET =
  /(docker|containerd|crio|cri-dockerd|podman)[^/]*\.sock$/;
const RUNTIME_SOCKET_DIRS = new Set([
  '/run',
  '/var/run',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
  '/var/run/docker',
]);

function isRuntimeSocket(path: string): boolean {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return RUNTIME_SOCKET.test(p) || RUNTIME_SOCKET_DIRS.has(p);
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

/**
 * `host` values set in a container's probes and lifecycle handlers (`httpGet` and
 * `tcpSocket`; the latter is deprecated in handlers but still read), where an empty
 * string counts as unset, as in the Pod Security Standards' Host Probes control.
 */
function probeHosts(
  container: Record<string, any>,
): Array<{ where: string; host: string }> {
  const found: Array<{ where: string; host: string }> = [];
  const visit = (handler: unknown, where: string) => {
    for (const kind of ['httpGet', 'tcpSocket']) {
      const host = asRecord(asRecord(handler)[kind]).host;
      if (typeof host === 'string' && host !== '')
        found.push({ where: `${where}.${kind}`, host });
    }
  };
  for (const p of PROBES) visit(container[p], p);
  for (const h of HOOKS)
    visit(asRecord(container.lifecycle)[h], `lifecycle.${h}`);
  return found;
}

/** @internal */
export const hostChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.hostProcessContainer, WORKLOADS, (c, subject) => {
    if (asRecord(securityContextOf(c).windowsOptions).hostProcess === true)
      return `container ${quoted(
        c.name,
      )} runs as a Windows HostProcess container`;
    // The admission library rejects the pod-level setting even where a container
    // overrides it (check_windowsHostProcess.go checks both levels).
    return asRecord(podSecurityContext(subject).windowsOptions).hostProcess ===
      true
      ? `the pod sets windowsOptions.hostProcess: true (container ${quoted(
          c.name,
        )})`
      : undefined;
  }),
  containerCheck(CHECK_IDS.probeHostSet, WORKLOADS, (c, subject) => {
    if (pssMinor(subject) < 34) return undefined;
    const hosts = probeHosts(c.spec);
    return hosts.length
      ? `container ${quoted(c.name)} sets host ${hosts
          .map(h => `${quoted(h.host)} in ${h.where}`)
          .join(', ')}`
      : undefined;
  }),
  hostNamespaceCheck(CHECK_IDS.hostNetwork, 'hostNetwork', 'host network'),
  hostNamespaceCheck(CHECK_IDS.hostPid, 'hostPID', 'host process namespace'),
  hostNamespaceCheck(CHECK_IDS.hostIpc, 'hostIPC', 'host IPC namespace'),
  objectCheck(CHECK_IDS.hostPathVolume, WORKLOADS, ({ podSpec }) =>
    hostPathVolumes(podSpec).map(
      v =>
        `volume ${quoted(v.name)} mounts host path ${quoted(
          String(v.hostPath.path),
        )}`,
    ),
  ),
  containerCheck(CHECK_IDS.hostPort, WORKLOADS, c => {
    const ports = asArray(c.spec.ports)
      .map(p => Number(p?.hostPort))
      .filter(p => p > 0);
    return ports.length
      ? `container ${quoted(c.name)} binds host port ${ports.join(', ')}`
      : undefined;
  }),
  objectCheck(
    CHECK_IDS.containerRuntimeSocketMounted,
    WORKLOADS,
    ({ podSpec }) =>
      hostPathVolumes(podSpec)
        .filter(v => isRuntimeSocket(String(v.hostPath.path ?? '')))
        .map(
          v =>
            `volume ${quoted(
              v.name,
            )} mounts the container runtime socket ${quoted(
              String(v.hostPath.path),
            )}`,
        ),
  ),
];
