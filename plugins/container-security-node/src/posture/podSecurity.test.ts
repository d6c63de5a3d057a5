import { CHECK_DEFINITIONS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../manifests/types';
import { evaluatePosture } from './evaluatePosture';
import {
  parsePodSecurityVersion,
  podSecurityVersionOf,
} from './podSecurityVersion';

/*
 * Our own fixtures for every Pod Security Standards control, one per case class the
 * k8s.io/pod-security-admission library's policy checks and versioned test data cover
 * (its policy/check_*.go and test/testdata/<level>/v1.<minor>/{pass,fail}), written
 * against its verdicts: a fixture fails a level when the admission library would reject
 * the pod at that level and version. Our verdict for a level is "some check citing a
 * `pss:` control of that level (restricted includes baseline) reports the pod".
 */

type Level = 'baseline' | 'restricted';
type Verdict = 'pass' | 'fail';

/** Minor versions evaluated: the oldest supported, then every one around a rule change. */
const VERSIONS = [25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37];

interface Fixture {
  control: string;
  /** Starting pod: the minimal one that passes the level. */
  level: Level;
  name: string;
  mutate: (pod: Record<string, any>) => void;
  /** The library's verdict at a minor version. */
  verdict: (minor: number) => Verdict;
}

const fails = () => 'fail' as const;
const passes = () => 'pass' as const;
const passesFrom = (first: number) => (minor: number) =>
  minor >= first ? ('pass' as const) : ('fail' as const);
const failsFrom = (first: number) => (minor: number) =>
  minor >= first ? ('fail' as const) : ('pass' as const);

function baselinePod(): Record<string, any> {
  return {
    containers: [{ name: 'app', image: 'registry.example.com/app:1' }],
    initContainers: [{ name: 'init', image: 'registry.example.com/init:1' }],
  };
}

function restrictedPod(): Record<string, any> {
  const hardened = () => ({
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  });
  return {
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: 'app',
        image: 'registry.example.com/app:1',
        securityContext: hardened(),
      },
    ],
    initContainers: [
      {
        name: 'init',
        image: 'registry.example.com/init:1',
        securityContext: hardened(),
      },
    ],
  };
}

const app = (pod: Record<string, any>) => pod.containers[0];
const init = (pod: Record<string, any>) => pod.initContainers[0];
const sc = (c: Record<string, any>) => {
  c.securityContext = c.securityContext ?? {};
  return c.securityContext;
};
const podSc = (pod: Record<string, any>) => {
  pod.securityContext = pod.securityContext ?? {};
  return pod.securityContext;
};

function fixture(
  level: Level,
  control: string,
  name: string,
  mutate: (pod: Record<string, any>) => void,
  verdict: (minor: number) => Verdict,
): Fixture {
  return { level, control, name, mutate, verdict };
}

const B = (
  control: string,
  name: string,
  mutate: Fixture['mutate'],
  verdict: Fixture['verdict'],
) => fixture('baseline', control, name, mutate, verdict);
const R = (
  control: string,
  name: string,
  mutate: Fixture['mutate'],
  verdict: Fixture['verdict'],
) => fixture('restricted', control, name, mutate, verdict);

const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const FIXTURES: Fixture[] = [
  // baseline: privileged containers
  B(
    'privileged',
    'container privileged',
    p => (sc(app(p)).privileged = true),
    fails,
  ),
  B(
    'privileged',
    'init container privileged',
    p => (sc(init(p)).privileged = true),
    fails,
  ),
  B(
    'privileged',
    'privileged false',
    p => (sc(app(p)).privileged = false),
    passes,
  ),
  // baseline: HostProcess
  B(
    'hostProcess',
    'pod-level hostProcess',
    p => (podSc(p).windowsOptions = { hostProcess: true }),
    fails,
  ),
  B(
    'hostProcess',
    'container hostProcess',
    p => (sc(app(p)).windowsOptions = { hostProcess: true }),
    fails,
  ),
  B(
    'hostProcess',
    'pod-level hostProcess overridden by the container',
    p => {
      podSc(p).windowsOptions = { hostProcess: true };
      sc(app(p)).windowsOptions = { hostProcess: false };
      sc(init(p)).windowsOptions = { hostProcess: false };
    },
    fails,
  ),
  B(
    'hostProcess',
    'hostProcess false',
    p => (podSc(p).windowsOptions = { hostProcess: false }),
    passes,
  ),
  // baseline: host namespaces
  B('hostNamespaces', 'hostNetwork', p => (p.hostNetwork = true), fails),
  B('hostNamespaces', 'hostPID', p => (p.hostPID = true), fails),
  B('hostNamespaces', 'hostIPC', p => (p.hostIPC = true), fails),
  B(
    'hostNamespaces',
    'all false',
    p =>
      Object.assign(p, { hostNetwork: false, hostPID: false, hostIPC: false }),
    passes,
  ),
  // baseline: hostPath volumes
  B(
    'hostPathVolumes',
    'hostPath volume',
    p => (p.volumes = [{ name: 'h', hostPath: { path: '/var/lib' } }]),
    fails,
  ),
  B(
    'hostPathVolumes',
    'emptyDir volume',
    p => (p.volumes = [{ name: 'e', emptyDir: {} }]),
    passes,
  ),
  // baseline: host ports
  B(
    'hostPorts',
    'container hostPort',
    p => (app(p).ports = [{ containerPort: 80, hostPort: 8080 }]),
    fails,
  ),
  B(
    'hostPorts',
    'init container hostPort',
    p => (init(p).ports = [{ containerPort: 80, hostPort: 8080 }]),
    fails,
  ),
  B(
    'hostPorts',
    'hostPort 0',
    p => (app(p).ports = [{ containerPort: 80, hostPort: 0 }]),
    passes,
  ),
  B(
    'hostPorts',
    'container port only',
    p => (app(p).ports = [{ containerPort: 80 }]),
    passes,
  ),
  // baseline: capabilities
  B(
    'capabilities_baseline',
    'every default capability',
    p => (sc(app(p)).capabilities = { add: BASELINE_CAPABILITIES }),
    passes,
  ),
  B(
    'capabilities_baseline',
    'NET_RAW',
    p => (sc(app(p)).capabilities = { add: ['NET_RAW'] }),
    fails,
  ),
  B(
    'capabilities_baseline',
    'SYS_ADMIN on an init container',
    p => (sc(init(p)).capabilities = { add: ['SYS_ADMIN'] }),
    fails,
  ),
  B(
    'capabilities_baseline',
    'lower-case chown',
    p => (sc(app(p)).capabilities = { add: ['chown'] }),
    fails,
  ),
  B(
    'capabilities_baseline',
    'CAP_ prefix',
    p => (sc(app(p)).capabilities = { add: ['CAP_CHOWN'] }),
    fails,
  ),
  B(
    'capabilities_baseline',
    'drop only',
    p => (sc(app(p)).capabilities = { drop: ['NET_RAW'] }),
    passes,
  ),
  // baseline: AppArmor
  B(
    'appArmorProfile',
    'container Unconfined',
    p => (sc(app(p)).appArmorProfile = { type: 'Unconfined' }),
    fails,
  ),
  B(
    'appArmorProfile',
    'pod Unconfined',
    p => (podSc(p).appArmorProfile = { type: 'Unconfined' }),
    fails,
  ),
  B(
    'appArmorProfile',
    'pod Unconfined, containers RuntimeDefault',
    p => {
      podSc(p).appArmorProfile = { type: 'Unconfined' };
      sc(app(p)).appArmorProfile = { type: 'RuntimeDefault' };
      sc(init(p)).appArmorProfile = { type: 'RuntimeDefault' };
    },
    fails,
  ),
  B(
    'appArmorProfile',
    'annotation unconfined',
    p =>
      (p.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
      }),
    fails,
  ),
  B(
    'appArmorProfile',
    'RuntimeDefault and Localhost',
    p => {
      podSc(p).appArmorProfile = { type: 'RuntimeDefault' };
      sc(app(p)).appArmorProfile = {
        type: 'Localhost',
        localhostProfile: 'k8s-app',
      };
    },
    passes,
  ),
  B(
    'appArmorProfile',
    'annotations runtime/default and localhost/',
    p =>
      (p.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/init':
          'localhost/k8s-init',
      }),
    passes,
  ),
  // baseline: SELinux
  B(
    'seLinuxOptions',
    'container type spc_t',
    p => (sc(app(p)).seLinuxOptions = { type: 'spc_t' }),
    fails,
  ),
  B(
    'seLinuxOptions',
    'pod type spc_t',
    p => (podSc(p).seLinuxOptions = { type: 'spc_t' }),
    fails,
  ),
  B(
    'seLinuxOptions',
    'user set',
    p => (sc(app(p)).seLinuxOptions = { user: 'system_u' }),
    fails,
  ),
  B(
    'seLinuxOptions',
    'role set',
    p => (podSc(p).seLinuxOptions = { role: 'system_r' }),
    fails,
  ),
  B(
    'seLinuxOptions',
    'allowed types and level',
    p => {
      podSc(p).seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
      sc(app(p)).seLinuxOptions = { type: 'container_init_t' };
      sc(init(p)).seLinuxOptions = { type: 'container_kvm_t' };
    },
    passes,
  ),
  B(
    'seLinuxOptions',
    'empty strings',
    p => (sc(app(p)).seLinuxOptions = { type: '', user: '', role: '' }),
    passes,
  ),
  B(
    'seLinuxOptions',
    'container_engine_t',
    p => (sc(app(p)).seLinuxOptions = { type: 'container_engine_t' }),
    passesFrom(31),
  ),
  // baseline: /proc mount
  B('procMount', 'Unmasked', p => (sc(app(p)).procMount = 'Unmasked'), fails),
  B(
    'procMount',
    'Unmasked on an init container',
    p => (sc(init(p)).procMount = 'Unmasked'),
    fails,
  ),
  B('procMount', 'Default', p => (sc(app(p)).procMount = 'Default'), passes),
  B(
    'procMount',
    'Unmasked with hostUsers: false',
    p => {
      p.hostUsers = false;
      sc(app(p)).procMount = 'Unmasked';
    },
    passesFrom(35),
  ),
  B(
    'procMount',
    'Unmasked with hostUsers: true',
    p => {
      p.hostUsers = true;
      sc(app(p)).procMount = 'Unmasked';
    },
    fails,
  ),
  // baseline: seccomp
  B(
    'seccompProfile_baseline',
    'container Unconfined',
    p => (sc(app(p)).seccompProfile = { type: 'Unconfined' }),
    fails,
  ),
  B(
    'seccompProfile_baseline',
    'pod Unconfined',
    p => (podSc(p).seccompProfile = { type: 'Unconfined' }),
    fails,
  ),
  B(
    'seccompProfile_baseline',
    'pod Unconfined, containers RuntimeDefault',
    p => {
      podSc(p).seccompProfile = { type: 'Unconfined' };
      sc(app(p)).seccompProfile = { type: 'RuntimeDefault' };
      sc(init(p)).seccompProfile = { type: 'RuntimeDefault' };
    },
    fails,
  ),
  B(
    'seccompProfile_baseline',
    'RuntimeDefault and Localhost',
    p => {
      podSc(p).seccompProfile = { type: 'RuntimeDefault' };
      sc(app(p)).seccompProfile = {
        type: 'Localhost',
        localhostProfile: 'p.json',
      };
    },
    passes,
  ),
  B('seccompProfile_baseline', 'unset', () => {}, passes),
  // baseline: sysctls
  B(
    'sysctls',
    'the v1.0 safe set',
    p =>
      (podSc(p).sysctls = [
        'kernel.shm_rmid_forced',
        'net.ipv4.ip_local_port_range',
        'net.ipv4.tcp_syncookies',
        'net.ipv4.ping_group_range',
        'net.ipv4.ip_unprivileged_port_start',
      ].map(name => ({ name, value: '1' }))),
    passes,
  ),
  B(
    'sysctls',
    'kernel.msgmax',
    p => (podSc(p).sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
    fails,
  ),
  B(
    'sysctls',
    'a safe and an unsafe one',
    p =>
      (podSc(p).sysctls = [
        { name: 'kernel.shm_rmid_forced', value: '0' },
        { name: 'net.core.somaxconn', value: '1024' },
      ]),
    fails,
  ),
  B(
    'sysctls',
    'net.ipv4.ip_local_reserved_ports',
    p =>
      (podSc(p).sysctls = [
        { name: 'net.ipv4.ip_local_reserved_ports', value: '1000' },
      ]),
    passesFrom(27),
  ),
  ...[
    'tcp_keepalive_time',
    'tcp_fin_timeout',
    'tcp_keepalive_intvl',
    'tcp_keepalive_probes',
  ].map(s =>
    B(
      'sysctls',
      `net.ipv4.${s}`,
      p => (podSc(p).sysctls = [{ name: `net.ipv4.${s}`, value: '7' }]),
      passesFrom(29),
    ),
  ),
  ...['tcp_rmem', 'tcp_wmem'].map(s =>
    B(
      'sysctls',
      `net.ipv4.${s}`,
      p =>
        (podSc(p).sysctls = [
          { name: `net.ipv4.${s}`, value: '4096 87380 6291456' },
        ]),
      passesFrom(32),
    ),
  ),
  ...['tcp_slow_start_after_idle', 'tcp_notsent_lowat'].map(s =>
    B(
      'sysctls',
      `net.ipv4.${s}`,
      p => (podSc(p).sysctls = [{ name: `net.ipv4.${s}`, value: '0' }]),
      passesFrom(37),
    ),
  ),
  // baseline: host probes and lifecycle hooks (v1.34+)
  ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap(probe => [
    B(
      'hostProbesAndHostLifecycle',
      `${probe}.httpGet.host`,
      p => (app(p)[probe] = { httpGet: { port: 80, host: '10.0.0.1' } }),
      failsFrom(34),
    ),
    B(
      'hostProbesAndHostLifecycle',
      `${probe}.tcpSocket.host`,
      p => (init(p)[probe] = { tcpSocket: { port: 80, host: 'example.com' } }),
      failsFrom(34),
    ),
  ]),
  ...['postStart', 'preStop'].flatMap(hook => [
    B(
      'hostProbesAndHostLifecycle',
      `lifecycle.${hook}.httpGet.host`,
      p =>
        (app(p).lifecycle = {
          [hook]: { httpGet: { port: 80, host: '10.0.0.1' } },
        }),
      failsFrom(34),
    ),
    B(
      'hostProbesAndHostLifecycle',
      `lifecycle.${hook}.tcpSocket.host`,
      p =>
        (app(p).lifecycle = {
          [hook]: { tcpSocket: { port: 80, host: '10.0.0.1' } },
        }),
      failsFrom(34),
    ),
  ]),
  B(
    'hostProbesAndHostLifecycle',
    'empty host',
    p => {
      app(p).livenessProbe = { httpGet: { port: 80, host: '' } };
      app(p).lifecycle = { preStop: { tcpSocket: { port: 80, host: '' } } };
    },
    passes,
  ),
  B(
    'hostProbesAndHostLifecycle',
    'no host',
    p => (app(p).readinessProbe = { httpGet: { port: 80, path: '/' } }),
    passes,
  ),

  // restricted: volume types
  ...[
    'nfs',
    'gitRepo',
    'iscsi',
    'rbd',
    'cephfs',
    'awsElasticBlockStore',
    'azureFile',
    'flexVolume',
  ].map(type =>
    R(
      'restrictedVolumes',
      `${type} volume`,
      p => (p.volumes = [{ name: 'v', [type]: {} }]),
      fails,
    ),
  ),
  R(
    'restrictedVolumes',
    'hostPath volume',
    p => (p.volumes = [{ name: 'v', hostPath: { path: '/' } }]),
    fails,
  ),
  R(
    'restrictedVolumes',
    'every allowed type',
    p =>
      (p.volumes = [
        'configMap',
        'csi',
        'downwardAPI',
        'emptyDir',
        'ephemeral',
        'persistentVolumeClaim',
        'projected',
        'secret',
        'image',
      ].map((type, i) => ({ name: `v${i}`, [type]: {} }))),
    passes,
  ),
  // restricted: privilege escalation
  R(
    'allowPrivilegeEscalation',
    'unset',
    p => delete sc(app(p)).allowPrivilegeEscalation,
    fails,
  ),
  R(
    'allowPrivilegeEscalation',
    'true on an init container',
    p => (sc(init(p)).allowPrivilegeEscalation = true),
    fails,
  ),
  R('allowPrivilegeEscalation', 'false', () => {}, passes),
  // restricted: running as non-root
  R(
    'runAsNonRoot',
    'unset everywhere',
    p => delete podSc(p).runAsNonRoot,
    fails,
  ),
  R(
    'runAsNonRoot',
    'container false',
    p => (sc(app(p)).runAsNonRoot = false),
    fails,
  ),
  R(
    'runAsNonRoot',
    'pod false, containers true',
    p => {
      podSc(p).runAsNonRoot = false;
      sc(app(p)).runAsNonRoot = true;
      sc(init(p)).runAsNonRoot = true;
    },
    fails,
  ),
  R(
    'runAsNonRoot',
    'pod unset, every container true',
    p => {
      delete podSc(p).runAsNonRoot;
      sc(app(p)).runAsNonRoot = true;
      sc(init(p)).runAsNonRoot = true;
    },
    passes,
  ),
  R(
    'runAsNonRoot',
    'pod unset, one container unset',
    p => {
      delete podSc(p).runAsNonRoot;
      sc(app(p)).runAsNonRoot = true;
    },
    fails,
  ),
  R(
    'runAsNonRoot',
    'unset with hostUsers: false',
    p => {
      p.hostUsers = false;
      delete podSc(p).runAsNonRoot;
    },
    passesFrom(35),
  ),
  // restricted: running as non-root user
  R('runAsUser', 'container 0', p => (sc(app(p)).runAsUser = 0), fails),
  R('runAsUser', 'pod 0', p => (podSc(p).runAsUser = 0), fails),
  R(
    'runAsUser',
    'pod 0, containers 1000',
    p => {
      podSc(p).runAsUser = 0;
      sc(app(p)).runAsUser = 1000;
      sc(init(p)).runAsUser = 1000;
    },
    fails,
  ),
  R('runAsUser', 'non-zero', p => (podSc(p).runAsUser = 1000), passes),
  R(
    'runAsUser',
    '0 with hostUsers: false',
    p => {
      p.hostUsers = false;
      podSc(p).runAsUser = 0;
    },
    passesFrom(35),
  ),
  // restricted: seccomp
  R(
    'seccompProfile_restricted',
    'unset everywhere',
    p => delete podSc(p).seccompProfile,
    fails,
  ),
  R(
    'seccompProfile_restricted',
    'pod unset, every container Localhost',
    p => {
      delete podSc(p).seccompProfile;
      sc(app(p)).seccompProfile = {
        type: 'Localhost',
        localhostProfile: 'a.json',
      };
      sc(init(p)).seccompProfile = { type: 'RuntimeDefault' };
    },
    passes,
  ),
  R(
    'seccompProfile_restricted',
    'pod unset, one container unset',
    p => {
      delete podSc(p).seccompProfile;
      sc(app(p)).seccompProfile = { type: 'RuntimeDefault' };
    },
    fails,
  ),
  R(
    'seccompProfile_restricted',
    'container Unconfined',
    p => (sc(app(p)).seccompProfile = { type: 'Unconfined' }),
    fails,
  ),
  R(
    'seccompProfile_restricted',
    'Windows pod without a profile',
    p => {
      p.os = { name: 'windows' };
      delete podSc(p).seccompProfile;
    },
    passes,
  ),
  // restricted: capabilities
  R(
    'capabilities_restricted',
    'no drop',
    p => delete sc(app(p)).capabilities,
    fails,
  ),
  R(
    'capabilities_restricted',
    'drop lower-case all',
    p => (sc(app(p)).capabilities = { drop: ['all'] }),
    fails,
  ),
  R(
    'capabilities_restricted',
    'add NET_BIND_SERVICE',
    p =>
      (sc(app(p)).capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }),
    passes,
  ),
  R(
    'capabilities_restricted',
    'add CHOWN',
    p => (sc(init(p)).capabilities = { drop: ['ALL'], add: ['CHOWN'] }),
    fails,
  ),
  R(
    'capabilities_restricted',
    'add lower-case net_bind_service',
    p =>
      (sc(app(p)).capabilities = { drop: ['ALL'], add: ['net_bind_service'] }),
    fails,
  ),
  R(
    'capabilities_restricted',
    'Windows pod without capabilities',
    p => {
      p.os = { name: 'windows' };
      for (const c of [app(p), init(p)]) {
        delete sc(c).capabilities;
        delete sc(c).allowPrivilegeEscalation;
      }
    },
    passes,
  ),
  // restricted: /proc mount (v1.35+ a control of its own: user namespaces do not excuse it)
  R(
    'procMount_restricted',
    'Unmasked with hostUsers: false',
    p => {
      p.hostUsers = false;
      sc(app(p)).procMount = 'Unmasked';
    },
    fails,
  ),

  // Case classes of the library's fixtures (test/fixtures_*.go) not covered above.
  B(
    'privileged',
    'ephemeral container privileged (the library visits ephemeral containers too)',
    p =>
      (p.ephemeralContainers = [
        {
          name: 'debug',
          image: 'registry.example.com/debug:1',
          securityContext: { privileged: true },
        },
      ]),
    fails,
  ),
  B(
    'hostPorts',
    'init container port only',
    p => (init(p).ports = [{ containerPort: 80 }]),
    passes,
  ),
  B(
    'seLinuxOptions',
    'init container type set to another value',
    p => (sc(init(p)).seLinuxOptions = { type: 'somevalue' }),
    fails,
  ),
  B(
    'procMount',
    'Default with hostUsers: false',
    p => {
      p.hostUsers = false;
      sc(app(p)).procMount = 'Default';
      sc(init(p)).procMount = 'Default';
    },
    passes,
  ),
  B(
    'hostProbesAndHostLifecycle',
    'restartable init container (sidecar) readinessProbe.tcpSocket.host',
    p => {
      init(p).restartPolicy = 'Always';
      init(p).readinessProbe = { tcpSocket: { port: 8080, host: '8.8.8.8' } };
    },
    failsFrom(34),
  ),
  B(
    'hostProbesAndHostLifecycle',
    'loopback hosts (127.0.0.1, ::1)',
    p => {
      app(p).livenessProbe = { httpGet: { port: 8080, host: '127.0.0.1' } };
      app(p).readinessProbe = { tcpSocket: { port: 8080, host: '::1' } };
    },
    failsFrom(34),
  ),
  ...[
    'gcePersistentDisk',
    'glusterfs',
    'cinder',
    'flocker',
    'fc',
    'vsphereVolume',
    'quobyte',
    'azureDisk',
    'portworxVolume',
    'scaleIO',
    'storageOS',
  ].map(type =>
    R(
      'restrictedVolumes',
      `${type} volume`,
      p => (p.volumes = [{ name: 'v', [type]: {} }]),
      fails,
    ),
  ),
  R(
    'restrictedVolumes',
    'volume with no source (an implicit emptyDir)',
    p => (p.volumes = [{ name: 'v' }]),
    passes,
  ),
  R(
    'allowPrivilegeEscalation',
    'container without a securityContext',
    p => delete app(p).securityContext,
    fails,
  ),
  R(
    'allowPrivilegeEscalation',
    'true on a Windows pod',
    p => {
      p.os = { name: 'windows' };
      sc(app(p)).allowPrivilegeEscalation = true;
      sc(init(p)).allowPrivilegeEscalation = true;
    },
    passes,
  ),
  R('runAsUser', 'init container 0', p => (sc(init(p)).runAsUser = 0), fails),
  R(
    'runAsUser',
    'pod and containers 1000',
    p => {
      podSc(p).runAsUser = 1000;
      sc(app(p)).runAsUser = 1000;
      sc(init(p)).runAsUser = 1000;
    },
    passes,
  ),
  R(
    'runAsNonRoot',
    'init container false',
    p => (sc(init(p)).runAsNonRoot = false),
    fails,
  ),
  R(
    'seccompProfile_restricted',
    'pod Localhost',
    p =>
      (podSc(p).seccompProfile = {
        type: 'Localhost',
        localhostProfile: 'testing',
      }),
    passes,
  ),
  R(
    'seccompProfile_restricted',
    'pod unset, init container Unconfined',
    p => {
      delete podSc(p).seccompProfile;
      sc(app(p)).seccompProfile = { type: 'RuntimeDefault' };
      sc(init(p)).seccompProfile = { type: 'Unconfined' };
    },
    fails,
  ),
  R(
    'capabilities_restricted',
    'empty drop on an init container',
    p => (sc(init(p)).capabilities = { drop: [] }),
    fails,
  ),
];

const LEVEL_CHECKS: Record<Level, Set<string>> = {
  baseline: new Set(
    CHECK_DEFINITIONS.filter(d =>
      d.references.some(r => r.startsWith('pss:baseline:')),
    ).map(d => d.id),
  ),
  restricted: new Set(
    CHECK_DEFINITIONS.filter(d =>
      d.references.some(r => r.startsWith('pss:')),
    ).map(d => d.id),
  ),
};

function podOf(f: Fixture): KubernetesObject {
  const spec = f.level === 'baseline' ? baselinePod() : restrictedPod();
  f.mutate(spec);
  const { annotations, ...podSpec } = spec;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'ns',
      ...(annotations && { annotations }),
    },
    spec: podSpec,
  };
}

function ourVerdict(
  pod: KubernetesObject,
  level: Level,
  version: string,
): { verdict: Verdict; checks: string[]; versions: string[] } {
  const namespace: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'ns',
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': version,
      },
    },
  };
  const findings = evaluatePosture([
    { object: namespace },
    { object: pod },
  ]).findings.filter(f => LEVEL_CHECKS[level].has(f.checkId));
  return {
    verdict: findings.length ? 'fail' : 'pass',
    checks: [...new Set(findings.map(f => f.checkId))],
    versions: [...new Set(findings.map(f => f.podSecurityVersion ?? ''))],
  };
}

describe('Pod Security Standards fixtures, per control and version', () => {
  const rows = FIXTURES.flatMap(f =>
    [...VERSIONS.map(m => `v1.${m}`), 'latest'].map(
      version =>
        [
          `${f.level} ${f.control}: ${f.name} @ ${version}`,
          f,
          version,
        ] as const,
    ),
  );

  it.each(rows)('%s', (_name, f, version) => {
    const minor = parsePodSecurityVersion(version)!.minor;
    const expected = f.verdict(minor);
    const ours = ourVerdict(podOf(f), f.level, version);
    expect(ours.verdict).toBe(expected);
    expect(ours.checks.length > 0).toBe(expected === 'fail');
    // Failing findings carry the version they used; passing pods have none.
    expect(ours.versions).toEqual(expected === 'fail' ? [`v1.${minor}`] : []);
    // Restricted adds to baseline: a pod that fails baseline fails restricted too.
    const restricted = ourVerdict(podOf(f), 'restricted', version).verdict;
    expect(restricted).toBe(
      f.level === 'baseline' && expected === 'pass' ? restricted : expected,
    );
  });

  it('covers every control with passing and failing fixtures at the newest version', () => {
    const controls = new Map<string, Set<Verdict>>();
    for (const f of FIXTURES) {
      const seen = controls.get(f.control) ?? new Set<Verdict>();
      seen.add(f.verdict(37));
      controls.set(f.control, seen);
    }
    // The library's checks (policy/check_*.go), by their ids.
    expect([...controls.keys()].sort()).toEqual(
      [
        'allowPrivilegeEscalation',
        'appArmorProfile',
        'capabilities_baseline',
        'capabilities_restricted',
        'hostNamespaces',
        'hostPathVolumes',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'hostProcess',
        'privileged',
        'procMount',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seLinuxOptions',
        'seccompProfile_baseline',
        'seccompProfile_restricted',
        'sysctls',
      ].sort(),
    );
    for (const [control, verdicts] of controls) {
      // procMount_restricted only has the case that differs from the baseline control
      if (control === 'procMount_restricted') continue;
      expect([control, [...verdicts].sort()]).toEqual([
        control,
        ['fail', 'pass'],
      ]);
    }
  });
});

/*
 * Where we deliberately differ from the library (listed in the README's check
 * reference): these pin our verdict and the library's, so a change to either is seen.
 */
describe('documented differences from the admission library', () => {
  it.each([
    [
      'runAsUser > 0 without runAsNonRoot passes run-as-root-allowed (Polaris runAsRootAllowed accepts it)',
      (p: Record<string, any>) => {
        delete podSc(p).runAsNonRoot;
        podSc(p).runAsUser = 1000;
      },
    ],
    [
      'dropping every default capability one by one passes insecure-capabilities (Polaris insecureCapabilities accepts it)',
      (p: Record<string, any>) => {
        for (const c of [app(p), init(p)])
          sc(c).capabilities = {
            drop: [...BASELINE_CAPABILITIES, 'NET_RAW', 'NET_ADMIN'],
          };
      },
    ],
    [
      'a Windows pod without runAsNonRoot passes: the user-id checks are Linux-only here',
      (p: Record<string, any>) => {
        p.os = { name: 'windows' };
        delete podSc(p).runAsNonRoot;
      },
    ],
  ])('%s (the library rejects it at restricted)', (_name, mutate) => {
    const f = R('difference', 'difference', mutate, fails);
    expect(ourVerdict(podOf(f), 'restricted', 'latest').verdict).toBe('pass');
  });
});

describe('podSecurityVersionOf', () => {
  const ns = (labels: Record<string, string>): KubernetesObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'ns', labels },
  });
  const label = (mode: string) => `pod-security.kubernetes.io/${mode}-version`;

  it('uses the enforce version, then audit, then warn', () => {
    expect(
      podSecurityVersionOf(
        ns({ [label('enforce')]: 'v1.34', [label('warn')]: 'v1.30' }),
      ),
    ).toEqual({
      minor: 34,
      label: 'v1.34',
      source: 'namespace-label',
    });
    expect(podSecurityVersionOf(ns({ [label('warn')]: 'v1.30' })).label).toBe(
      'v1.30',
    );
    expect(
      podSecurityVersionOf(
        ns({ [label('audit')]: 'v1.31', [label('warn')]: 'v1.30' }),
      ).label,
    ).toBe('v1.31');
  });

  it('resolves latest, a missing label and a missing namespace to the configured version, else the newest rules', () => {
    expect(podSecurityVersionOf(undefined)).toEqual({
      minor: 37,
      label: 'v1.37',
      source: 'default',
    });
    expect(
      podSecurityVersionOf(
        ns({ [label('enforce')]: 'latest', [label('audit')]: 'v1.30' }),
        'v1.33',
      ),
    ).toEqual({
      minor: 33,
      label: 'v1.33',
      source: 'config',
    });
    expect(podSecurityVersionOf(ns({}), 'latest').label).toBe('v1.37');
  });

  it('caps a namespace version at the configured one and clamps to the supported range', () => {
    expect(
      podSecurityVersionOf(ns({ [label('enforce')]: 'v1.36' }), 'v1.34').label,
    ).toBe('v1.34');
    expect(
      podSecurityVersionOf(ns({ [label('enforce')]: 'v1.99' })).label,
    ).toBe('v1.37');
    expect(
      podSecurityVersionOf(ns({ [label('enforce')]: 'v1.20' })).label,
    ).toBe('v1.25');
    expect(podSecurityVersionOf(ns({ [label('enforce')]: 'one' })).label).toBe(
      'v1.37',
    );
  });

  it('parses only latest and v1.<minor>', () => {
    expect(parsePodSecurityVersion('v1.35')).toEqual({ minor: 35 });
    expect(parsePodSecurityVersion('latest')).toEqual({ minor: 37 });
    for (const bad of ['1.35', 'v2.1', 'v1', '', 'v1.x'])
      expect(parsePodSecurityVersion(bad)).toBeUndefined();
  });

  it('is what the scan reports with each pss finding, from config when the namespace has no label', () => {
    const pod: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'other' },
      spec: {
        containers: [
          { name: 'app', image: 'i', securityContext: { privileged: true } },
        ],
      },
    };
    const { findings } = evaluatePosture([{ object: pod }], {
      checkOptions: { podSecurityVersion: 'v1.33' },
    });
    const privileged = findings.find(f => f.checkId === 'privileged-container');
    expect(privileged?.podSecurityVersion).toBe('v1.33');
    // Checks that cite no PSS control carry no version.
    const cpu = findings.find(f => f.checkId === 'cpu-limits-missing');
    expect(cpu).toBeDefined();
    expect(cpu?.podSecurityVersion).toBeUndefined();
  });
});
