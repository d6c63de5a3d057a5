import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  effective,
  objectCheck,
  quoted,
  WORKLOADS,
} from './helpers';

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

/** @internal */
export const hostChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.hostProcessContainer, WORKLOADS, (c, subject) =>
    asRecord(effective(c, subject, 'windowsOptions')).hostProcess === true
      ? `container ${quoted(c.name)} runs as a Windows HostProcess container`
      : undefined,
  ),
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
