import {
  CHECK_DEFINITIONS,
  CHECK_IDS,
} from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../manifests/types';
import { PostureCheckOptions } from './types';
import {
  binding,
  DIGEST,
  hpa,
  objects,
  role,
  scenario,
  service,
} from './__testUtils__/scenario';
import { builtInPostureChecks } from './checks';
import { evaluatePosture } from './evaluatePosture';

interface Case {
  id: string;
  /** What the case is about, when an id has several. */
  label?: string;
  fail: KubernetesObject[];
  pass: KubernetesObject[];
  /** The resource the failing finding is on; the Deployment "web" by default. */
  resource?: { kind: string; name: string };
  /** The container of a per-container finding. */
  container?: string;
  options?: PostureCheckOptions;
  /** Options of the passing run, when they differ. */
  passOptions?: PostureCheckOptions;
}

const ids = CHECK_IDS;
const WEB = { kind: 'Deployment', name: 'web' };

const readOnly = (verbs: string[], resources: string[]) => [
  { apiGroups: [''], resources, verbs },
];

const CASES: Case[] = [
  // privilege
  {
    id: ids.privilegedContainer,
    fail: scenario(s => {
      s.app.securityContext.privileged = true;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.privilegeEscalationAllowed,
    fail: scenario(s => {
      delete s.app.securityContext.allowPrivilegeEscalation;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.linuxHardeningMissing,
    fail: scenario(s => {
      delete s.pod.securityContext.seccompProfile;
      delete s.app.securityContext.capabilities;
    }),
    pass: scenario(s => {
      // dropped capabilities alone are enough
      delete s.pod.securityContext.seccompProfile;
    }),
    container: 'app',
  },
  // host
  {
    id: ids.hostProcessContainer,
    fail: scenario(s => {
      s.pod.securityContext.windowsOptions = { hostProcess: true };
    }),
    pass: scenario(s => {
      s.pod.securityContext.windowsOptions = { hostProcess: false };
    }),
    container: 'app',
  },
  {
    id: ids.hostNetwork,
    fail: scenario(s => {
      s.pod.hostNetwork = true;
    }),
    pass: scenario(s => {
      s.pod.hostNetwork = false;
    }),
  },
  {
    id: ids.hostPid,
    fail: scenario(s => {
      s.pod.hostPID = true;
    }),
    pass: scenario(),
  },
  {
    id: ids.hostIpc,
    fail: scenario(s => {
      s.pod.hostIPC = true;
    }),
    pass: scenario(),
  },
  {
    id: ids.hostPathVolume,
    fail: scenario(s => {
      s.pod.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }];
    }),
    pass: scenario(s => {
      s.pod.volumes = [{ name: 'tmp', emptyDir: {} }];
    }),
  },
  {
    id: ids.hostPort,
    fail: scenario(s => {
      s.app.ports = [{ containerPort: 8080, hostPort: 8080 }];
    }),
    pass: scenario(s => {
      s.app.ports = [{ containerPort: 8080 }];
    }),
    container: 'app',
  },
  {
    id: ids.probeHostSet,
    fail: scenario(s => {
      s.app.readinessProbe = {
        httpGet: { path: '/readyz', port: 8080, host: '169.254.169.254' },
      };
    }),
    pass: scenario(s => {
      s.app.readinessProbe = {
        httpGet: { path: '/readyz', port: 8080, host: '' },
      };
    }),
    container: 'app',
  },
  {
    id: ids.containerRuntimeSocketMounted,
    fail: scenario(s => {
      s.pod.volumes = [
        { name: 'sock', hostPath: { path: '/var/run/docker.sock' } },
      ];
    }),
    pass: scenario(s => {
      s.pod.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }];
    }),
  },
  {
    id: ids.containerRuntimeSocketMounted,
    label: 'containerd socket directory',
    fail: scenario(s => {
      s.pod.volumes = [{ name: 'run', hostPath: { path: '/run/containerd/' } }];
    }),
    pass: scenario(),
  },
  // identity
  {
    id: ids.runAsRootAllowed,
    fail: scenario(s => {
      delete s.pod.securityContext.runAsNonRoot;
      delete s.pod.securityContext.runAsUser;
    }),
    pass: scenario(s => {
      // a non-zero user is enough
      delete s.pod.securityContext.runAsNonRoot;
    }),
    container: 'app',
  },
  {
    id: ids.runAsRootAllowed,
    label: 'container overrides the pod with runAsNonRoot: false',
    fail: scenario(s => {
      delete s.pod.securityContext.runAsUser;
      s.app.securityContext.runAsNonRoot = false;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.runAsUserRoot,
    fail: scenario(s => {
      s.app.securityContext.runAsUser = 0;
    }),
    pass: scenario(s => {
      s.app.securityContext.runAsUser = 1000;
    }),
    container: 'app',
  },
  {
    id: ids.runAsUserRoot,
    // The admission library rejects the pod's runAsUser: 0 even where every container
    // overrides it (policy/check_runAsUser.go); this case passed before and was wrong.
    label: 'pod level, overridden',
    fail: scenario(s => {
      s.pod.securityContext.runAsUser = 0;
      s.app.securityContext.runAsUser = 1000;
    }),
    pass: scenario(s => {
      s.pod.hostUsers = false;
      s.pod.securityContext.runAsUser = 0;
    }),
    container: 'app',
  },
  // capabilities
  {
    id: ids.dangerousCapabilities,
    fail: scenario(s => {
      s.app.securityContext.capabilities.add = ['NET_ADMIN'];
    }),
    pass: scenario(s => {
      s.app.securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    }),
    container: 'app',
  },
  {
    id: ids.dangerousCapabilities,
    label: 'CAP_ prefix and lower case',
    fail: scenario(s => {
      s.app.securityContext.capabilities.add = ['cap_sys_admin'];
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.insecureCapabilities,
    fail: scenario(s => {
      s.app.securityContext.capabilities.drop = ['NET_RAW'];
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.capabilitiesBeyondBaseline,
    fail: scenario(s => {
      s.app.securityContext.capabilities.add = ['SYS_PTRACE'];
    }),
    pass: scenario(s => {
      s.app.securityContext.capabilities.add = ['CHOWN'];
    }),
    container: 'app',
  },
  {
    id: ids.capabilitiesAddedBeyondNetBindService,
    fail: scenario(s => {
      s.app.securityContext.capabilities.add = ['CHOWN'];
    }),
    pass: scenario(s => {
      s.app.securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    }),
    container: 'app',
  },
  // isolation
  {
    id: ids.procMountUnmasked,
    fail: scenario(s => {
      s.app.securityContext.procMount = 'Unmasked';
    }),
    pass: scenario(s => {
      s.app.securityContext.procMount = 'Default';
    }),
    container: 'app',
  },
  {
    id: ids.procMountUnmaskedUserNamespace,
    fail: scenario(s => {
      s.pod.hostUsers = false;
      s.app.securityContext.procMount = 'Unmasked';
    }),
    // Outside a user namespace proc-mount-unmasked reports it instead.
    pass: scenario(s => {
      s.app.securityContext.procMount = 'Unmasked';
    }),
    container: 'app',
  },
  {
    id: ids.seccompUnconfined,
    fail: scenario(s => {
      s.app.securityContext.seccompProfile = { type: 'Unconfined' };
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.seccompProfileMissing,
    fail: scenario(s => {
      delete s.pod.securityContext.seccompProfile;
    }),
    pass: scenario(s => {
      delete s.pod.securityContext.seccompProfile;
      s.app.securityContext.seccompProfile = {
        type: 'Localhost',
        localhostProfile: 'profiles/web.json',
      };
    }),
    container: 'app',
  },
  {
    id: ids.apparmorUnconfined,
    label: 'legacy annotation',
    fail: scenario(s => {
      s.deployment.spec.template.metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
      };
    }),
    pass: scenario(s => {
      s.deployment.spec.template.metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
      };
    }),
    container: 'app',
  },
  {
    id: ids.apparmorUnconfined,
    label: 'securityContext field',
    fail: scenario(s => {
      s.pod.securityContext.appArmorProfile = { type: 'Unconfined' };
    }),
    pass: scenario(s => {
      s.pod.securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    }),
    container: 'app',
  },
  {
    id: ids.selinuxOptionsUnsafe,
    fail: scenario(s => {
      s.pod.securityContext.seLinuxOptions = { type: 'spc_t' };
    }),
    pass: scenario(s => {
      s.pod.securityContext.seLinuxOptions = {
        type: 'container_t',
        level: 's0:c123,c456',
      };
    }),
    container: 'app',
  },
  {
    id: ids.unsafeSysctls,
    fail: scenario(s => {
      s.pod.securityContext.sysctls = [
        { name: 'kernel.msgmax', value: '65536' },
      ];
    }),
    pass: scenario(s => {
      s.pod.securityContext.sysctls = [
        { name: 'net.ipv4.tcp_syncookies', value: '1' },
      ];
    }),
  },
  {
    id: ids.restrictedVolumeTypes,
    fail: scenario(s => {
      s.pod.volumes = [
        { name: 'shared', nfs: { server: 'nfs', path: '/export' } },
      ];
    }),
    pass: scenario(s => {
      s.pod.volumes = [
        { name: 'tmp', emptyDir: {} },
        { name: 'config', configMap: { name: 'web' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'web' } },
      ];
    }),
  },
  {
    id: ids.namespacePodSecurityNotEnforced,
    fail: scenario(s => {
      s.namespace!.metadata.labels = {
        'pod-security.kubernetes.io/enforce': 'privileged',
      };
    }),
    pass: scenario(s => {
      s.namespace!.metadata.labels = {
        'pod-security.kubernetes.io/enforce': 'baseline',
      };
    }),
    resource: { kind: 'Namespace', name: 'shop' },
  },
  {
    id: ids.namespacePodSecurityNotEnforced,
    label: 'no enforce label',
    fail: scenario(s => {
      s.namespace!.metadata.labels = {
        'pod-security.kubernetes.io/warn': 'restricted',
      };
    }),
    pass: scenario(),
    resource: { kind: 'Namespace', name: 'shop' },
  },
  // filesystem
  {
    id: ids.readOnlyRootFilesystemMissing,
    fail: scenario(s => {
      s.app.securityContext.readOnlyRootFilesystem = false;
    }),
    pass: scenario(),
    container: 'app',
  },
  // service-account
  {
    id: ids.serviceAccountTokenAutomount,
    label: 'left to a ServiceAccount that mounts',
    fail: scenario(s => {
      delete s.pod.automountServiceAccountToken;
      delete s.serviceAccount!.automountServiceAccountToken;
    }),
    pass: scenario(s => {
      delete s.pod.automountServiceAccountToken;
    }),
  },
  {
    id: ids.serviceAccountTokenAutomount,
    label: 'pod overrides the ServiceAccount',
    fail: scenario(s => {
      s.pod.automountServiceAccountToken = true;
    }),
    pass: scenario(s => {
      s.serviceAccount!.automountServiceAccountToken = true;
    }),
  },
  {
    id: ids.serviceAccountTokenAutomount,
    label: 'ServiceAccount not in the scan',
    fail: scenario(s => {
      delete s.pod.automountServiceAccountToken;
      s.serviceAccount = undefined;
    }),
    pass: scenario(s => {
      s.serviceAccount = undefined;
    }),
  },
  {
    id: ids.defaultServiceAccountUsed,
    fail: scenario(s => {
      delete s.pod.serviceAccountName;
    }),
    pass: scenario(),
  },
  // rbac
  {
    id: ids.clusterAdminClusterRoleBinding,
    fail: objects(
      binding('ClusterRoleBinding', 'ops-admins', {
        kind: 'ClusterRole',
        name: 'cluster-admin',
      }),
    ),
    pass: objects(
      binding('ClusterRoleBinding', 'cluster-admin', {
        kind: 'ClusterRole',
        name: 'cluster-admin',
      }),
      binding('ClusterRoleBinding', 'viewers', {
        kind: 'ClusterRole',
        name: 'view',
      }),
    ),
    resource: { kind: 'ClusterRoleBinding', name: 'ops-admins' },
  },
  {
    id: ids.clusterAdminClusterRoleBinding,
    label: 'ClusterRole with * on *',
    fail: objects(
      role('ClusterRole', 'god', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ]),
      binding('ClusterRoleBinding', 'gods', {
        kind: 'ClusterRole',
        name: 'god',
      }),
    ),
    pass: objects(
      role('ClusterRole', 'reader', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get'] },
      ]),
      binding('ClusterRoleBinding', 'readers', {
        kind: 'ClusterRole',
        name: 'reader',
      }),
    ),
    resource: { kind: 'ClusterRoleBinding', name: 'gods' },
  },
  {
    id: ids.clusterAdminClusterRoleBinding,
    // Polaris: a rule listing every verb on every resource is cluster-admin's equal.
    label: 'ClusterRole listing every verb, in any order',
    fail: objects(
      role('ClusterRole', 'all-verbs', [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: [
            'delete',
            'patch',
            'update',
            'create',
            'watch',
            'list',
            'get',
          ],
        },
      ]),
      binding('ClusterRoleBinding', 'all-verbs', {
        kind: 'ClusterRole',
        name: 'all-verbs',
      }),
    ),
    pass: objects(
      role('ClusterRole', 'no-delete', [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
        },
      ]),
      binding('ClusterRoleBinding', 'no-delete', {
        kind: 'ClusterRole',
        name: 'no-delete',
      }),
    ),
    resource: { kind: 'ClusterRoleBinding', name: 'all-verbs' },
  },
  {
    id: ids.roleBindingClusterAdmin,
    fail: objects(
      binding('RoleBinding', 'shop-admins', {
        kind: 'ClusterRole',
        name: 'cluster-admin',
      }),
    ),
    pass: objects(
      binding('RoleBinding', 'shop-viewers', {
        kind: 'ClusterRole',
        name: 'view',
      }),
    ),
    resource: { kind: 'RoleBinding', name: 'shop-admins' },
  },
  {
    id: ids.roleBindingWildcardRole,
    fail: objects(
      role('Role', 'everything', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ]),
      binding('RoleBinding', 'everything', {
        kind: 'Role',
        name: 'everything',
      }),
    ),
    pass: objects(
      role('Role', 'reader', readOnly(['get'], ['configmaps'])),
      binding('RoleBinding', 'reader', { kind: 'Role', name: 'reader' }),
    ),
    resource: { kind: 'RoleBinding', name: 'everything' },
  },
  {
    id: ids.roleBindingWildcardRole,
    label: 'Role listing every verb',
    fail: objects(
      role('Role', 'everything', [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: [
            'GET',
            'list',
            'watch',
            'create',
            'update',
            'patch',
            'delete',
          ],
        },
      ]),
      binding('RoleBinding', 'everything', {
        kind: 'Role',
        name: 'everything',
      }),
    ),
    pass: objects(
      role('Role', 'everything-in-core', [
        {
          apiGroups: [''],
          resources: ['*'],
          verbs: [
            'get',
            'list',
            'watch',
            'create',
            'update',
            'patch',
            'delete',
          ],
        },
      ]),
      binding('RoleBinding', 'everything-in-core', {
        kind: 'Role',
        name: 'everything-in-core',
      }),
    ),
    resource: { kind: 'RoleBinding', name: 'everything' },
  },
  {
    id: ids.rbacWildcardRule,
    fail: objects(
      role('Role', 'configurator', readOnly(['*'], ['configmaps'])),
    ),
    pass: objects(
      role('Role', 'reader', readOnly(['get', 'list'], ['configmaps'])),
      role('ClusterRole', 'system:controller:foo', readOnly(['*'], ['*'])),
    ),
    resource: { kind: 'Role', name: 'configurator' },
  },
  {
    id: ids.clusterRolePodExecAttach,
    fail: objects(
      role('ClusterRole', 'debugger', readOnly(['create'], ['pods/exec'])),
    ),
    pass: objects(
      role(
        'ClusterRole',
        'pod-reader',
        readOnly(['get'], ['pods', 'pods/log']),
      ),
    ),
    resource: { kind: 'ClusterRole', name: 'debugger' },
  },
  {
    id: ids.rolePodExecAttach,
    fail: objects(
      role('Role', 'debugger', readOnly(['create'], ['pods/attach'])),
    ),
    pass: objects(role('Role', 'pod-reader', readOnly(['get'], ['pods']))),
    resource: { kind: 'Role', name: 'debugger' },
  },
  {
    id: ids.clusterRoleBindingPodExecAttach,
    fail: objects(
      role('ClusterRole', 'debugger', readOnly(['create'], ['pods/exec'])),
      binding('ClusterRoleBinding', 'debuggers', {
        kind: 'ClusterRole',
        name: 'debugger',
      }),
    ),
    pass: objects(
      role('ClusterRole', 'pod-reader', readOnly(['get'], ['pods'])),
      binding('ClusterRoleBinding', 'readers', {
        kind: 'ClusterRole',
        name: 'pod-reader',
      }),
    ),
    resource: { kind: 'ClusterRoleBinding', name: 'debuggers' },
  },
  {
    id: ids.roleBindingClusterRolePodExecAttach,
    label: 'built-in edit ClusterRole',
    fail: objects(
      binding('RoleBinding', 'editors', { kind: 'ClusterRole', name: 'edit' }),
    ),
    pass: objects(
      binding('RoleBinding', 'viewers', { kind: 'ClusterRole', name: 'view' }),
    ),
    resource: { kind: 'RoleBinding', name: 'editors' },
  },
  {
    id: ids.roleBindingRolePodExecAttach,
    fail: objects(
      role('Role', 'debugger', readOnly(['get', 'create'], ['pods/exec'])),
      binding('RoleBinding', 'debuggers', { kind: 'Role', name: 'debugger' }),
    ),
    pass: objects(
      role('Role', 'reader', readOnly(['get'], ['pods'])),
      binding('RoleBinding', 'readers', { kind: 'Role', name: 'reader' }),
    ),
    resource: { kind: 'RoleBinding', name: 'debuggers' },
  },
  {
    id: ids.rbacSecretsAccess,
    fail: objects(
      role('Role', 'secret-reader', readOnly(['list'], ['secrets'])),
    ),
    pass: objects(
      role('Role', 'tls-reader', [
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: ['web-tls'],
          verbs: ['get'],
        },
      ]),
    ),
    resource: { kind: 'Role', name: 'secret-reader' },
  },
  {
    id: ids.rbacCreatePods,
    fail: objects(
      role('ClusterRole', 'launcher', readOnly(['create'], ['pods'])),
    ),
    pass: objects(
      role('ClusterRole', 'pod-reader', readOnly(['get', 'list'], ['pods'])),
    ),
    resource: { kind: 'ClusterRole', name: 'launcher' },
  },
  {
    id: ids.rbacBindEscalateImpersonate,
    fail: objects(
      role('ClusterRole', 'impersonator', [
        { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] },
      ]),
    ),
    pass: objects(
      role('ClusterRole', 'rbac-reader', [
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['roles'],
          verbs: ['get'],
        },
      ]),
    ),
    resource: { kind: 'ClusterRole', name: 'impersonator' },
  },
  {
    id: ids.rbacAnonymousSubject,
    fail: objects(
      binding(
        'ClusterRoleBinding',
        'public-view',
        { kind: 'ClusterRole', name: 'view' },
        [{ kind: 'Group', name: 'system:unauthenticated' }],
      ),
    ),
    pass: objects(
      binding(
        'ClusterRoleBinding',
        'system:public-info-viewer',
        {
          kind: 'ClusterRole',
          name: 'system:public-info-viewer',
        },
        [{ kind: 'Group', name: 'system:unauthenticated' }],
      ),
      binding(
        'ClusterRoleBinding',
        'web-view',
        { kind: 'ClusterRole', name: 'view' },
        [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
      ),
    ),
    resource: { kind: 'ClusterRoleBinding', name: 'public-view' },
  },
  // resources
  {
    id: ids.cpuRequestsMissing,
    fail: scenario(s => {
      delete s.app.resources;
    }),
    pass: scenario(s => {
      // the request defaults to the limit
      delete s.app.resources.requests;
    }),
    container: 'app',
  },
  {
    id: ids.cpuLimitsMissing,
    fail: scenario(s => {
      delete s.app.resources.limits.cpu;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.memoryRequestsMissing,
    fail: scenario(s => {
      delete s.app.resources;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.memoryLimitsMissing,
    fail: scenario(s => {
      delete s.app.resources.limits.memory;
    }),
    pass: scenario(s => {
      // one-shot init containers are not checked
      s.pod.initContainers = [{ name: 'migrate', image: s.app.image }];
    }),
    container: 'app',
  },
  {
    id: ids.memoryLimitsMissing,
    label: 'restartable init container (sidecar)',
    fail: scenario(s => {
      s.pod.initContainers = [
        { ...s.app, name: 'proxy', restartPolicy: 'Always', resources: {} },
      ];
    }),
    pass: scenario(),
    container: 'proxy',
  },
  // reliability
  {
    id: ids.livenessProbeMissing,
    fail: scenario(s => {
      delete s.app.livenessProbe;
    }),
    pass: scenario(s => {
      // Jobs are not probed
      s.deployment.kind = 'Job';
      delete s.deployment.spec.replicas;
      s.pod.restartPolicy = 'OnFailure';
      delete s.app.livenessProbe;
    }),
    container: 'app',
  },
  {
    id: ids.readinessProbeMissing,
    fail: scenario(s => {
      delete s.app.readinessProbe;
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.replicasBelowTwo,
    fail: scenario(s => {
      delete s.deployment.spec.replicas;
    }),
    pass: scenario(s => {
      // scaled by an HPA instead
      delete s.deployment.spec.replicas;
      s.extra.push(hpa(2, 5));
    }),
  },
  {
    id: ids.podDisruptionBudgetMissing,
    fail: scenario(s => {
      s.pdb!.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' };
    }),
    pass: scenario(s => {
      s.pdb!.spec.selector = {
        matchExpressions: [
          {
            key: 'app.kubernetes.io/name',
            operator: 'In',
            values: ['web', 'api'],
          },
        ],
      };
    }),
  },
  {
    id: ids.pdbDisruptionsZero,
    fail: scenario(s => {
      s.pdb!.spec.maxUnavailable = 0;
    }),
    pass: scenario(s => {
      delete s.pdb!.spec.maxUnavailable;
      s.pdb!.spec.minAvailable = '50%';
    }),
    resource: { kind: 'PodDisruptionBudget', name: 'web' },
  },
  {
    id: ids.pdbMinAvailableAboveHpaMin,
    fail: scenario(s => {
      delete s.pdb!.spec.maxUnavailable;
      s.pdb!.spec.minAvailable = 3;
      s.extra.push(hpa(2, 5));
    }),
    pass: scenario(s => {
      delete s.pdb!.spec.maxUnavailable;
      s.pdb!.spec.minAvailable = '50%';
      s.extra.push(hpa(2, 5));
    }),
  },
  {
    id: ids.hpaMinReplicasBelowTwo,
    fail: scenario(s => {
      s.extra.push(hpa(undefined, 5));
    }),
    pass: scenario(s => {
      s.extra.push(hpa(2, 5));
    }),
    resource: { kind: 'HorizontalPodAutoscaler', name: 'web' },
  },
  {
    id: ids.hpaMaxNotAboveMin,
    fail: scenario(s => {
      s.extra.push(hpa(3, 3));
    }),
    pass: scenario(s => {
      s.extra.push(hpa(3, 4));
    }),
    resource: { kind: 'HorizontalPodAutoscaler', name: 'web' },
  },
  {
    id: ids.topologySpreadMissing,
    fail: scenario(s => {
      delete s.pod.topologySpreadConstraints;
    }),
    pass: scenario(s => {
      delete s.pod.topologySpreadConstraints;
      s.pod.affinity = {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                topologyKey: 'kubernetes.io/hostname',
                labelSelector: {
                  matchLabels: { 'app.kubernetes.io/name': 'web' },
                },
              },
            },
          ],
        },
      };
    }),
  },
  {
    id: ids.priorityClassNotSet,
    fail: scenario(s => {
      delete s.pod.priorityClassName;
    }),
    pass: scenario(),
  },
  {
    id: ids.instanceLabelMismatch,
    fail: scenario(s => {
      s.deployment.metadata.labels['app.kubernetes.io/instance'] = 'web-old';
    }),
    pass: scenario(s => {
      s.deployment.metadata.labels['app.kubernetes.io/instance'] = 'web';
    }),
  },
  // images
  {
    id: ids.imageTagMissingOrLatest,
    fail: scenario(s => {
      s.app.image = 'registry.example.com/shop/web:latest';
    }),
    pass: scenario(s => {
      s.app.image = `registry.example.com/shop/web:latest@${DIGEST}`;
    }),
    container: 'app',
  },
  {
    id: ids.imageTagMissingOrLatest,
    label: 'no tag, registry with a port',
    fail: scenario(s => {
      s.app.image = 'localhost:5000/web';
    }),
    pass: scenario(s => {
      s.app.image = 'localhost:5000/web:1.0.0';
    }),
    container: 'app',
  },
  {
    id: ids.imageNotPinnedByDigest,
    fail: scenario(s => {
      s.app.image = 'registry.example.com/shop/web:1.0.0';
    }),
    pass: scenario(),
    container: 'app',
  },
  {
    id: ids.imagePullPolicyNotAlways,
    fail: scenario(s => {
      s.app.imagePullPolicy = 'IfNotPresent';
    }),
    pass: scenario(s => {
      // defaults to Always for latest
      delete s.app.imagePullPolicy;
      s.app.image = 'registry.example.com/shop/web:latest';
    }),
    container: 'app',
  },
  {
    id: ids.imageRegistryNotAllowed,
    fail: scenario(),
    pass: scenario(),
    options: {
      allowedRegistries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    },
    // no allow-list configured: every registry passes
    passOptions: {},
    container: 'app',
  },
  {
    id: ids.imageRegistryNotAllowed,
    label: 'path prefixes and Docker Hub',
    fail: scenario(s => {
      s.app.image = 'registry.example.com/shopping/web:1.0.0';
    }),
    pass: scenario(s => {
      s.pod.initContainers = [{ name: 'init', image: 'busybox:1.36' }];
    }),
    options: {
      allowedRegistries: [
        'https://registry.example.com/shop/',
        'docker.io/library',
        'public.ecr.aws/aws-observability',
      ],
    },
    container: 'app',
  },
  // secrets
  {
    id: ids.secretInEnvVar,
    fail: scenario(s => {
      s.app.env.push({ name: 'STRIPE_API_KEY', value: 'sk_live_123' });
    }),
    pass: scenario(s => {
      s.app.env.push({ name: 'TOKEN_FILE', value: '/var/run/secrets/token' });
      s.app.env.push({ name: 'API_TOKEN', value: '' });
    }),
    container: 'app',
  },
  {
    id: ids.secretInEnvVar,
    label: 'AWS access key value',
    fail: scenario(s => {
      // AWS's documented example key, assembled so secret scanners do not flag the file
      s.app.env.push({
        name: 'AWS_KEY_ID',
        value: ['AKIA', 'IOSFODNN7EXAMPLE'].join(''),
      });
    }),
    pass: scenario(),
    container: 'app',
  },
  ...[
    ['OpenSSH', ['-----BEGIN OPENSSH', 'PRIVATE KEY-----\nb3Bl\n']],
    [
      'SSH2 (four dashes)',
      ['---- BEGIN SSH2 ENCRYPTED', 'PRIVATE KEY ----\nAAAA\n'],
    ],
    ['PKCS#8 with three dashes', ['---BEGIN', 'PRIVATE KEY---\nMIIE\n']],
  ].map(
    ([label, parts]): Case => ({
      id: ids.secretInEnvVar,
      label: `${label} private key value`,
      fail: scenario(s => {
        // split so that secret scanners do not flag this file
        s.app.env.push({
          name: 'IDENTITY',
          value: (parts as string[]).join(' '),
        });
      }),
      pass: scenario(s => {
        s.app.env.push({
          name: 'IDENTITY',
          value: 'BEGIN with PRIVATE KEY words',
        });
      }),
      container: 'app',
    }),
  ),
  {
    id: ids.secretInEnvVar,
    label: 'private key marker after a long run of dashes',
    fail: scenario(s => {
      s.app.env.push({
        name: 'IDENTITY',
        // split so that secret scanners do not flag this file
        value: `${'-'.repeat(65_536)} BEGIN RSA ${'PRIVATE KEY'} -----`,
      });
    }),
    // 64 KiB of dashes and no marker: scanned in one pass (the dash run is matched
    // from its start only), not once per starting dash.
    pass: scenario(s => {
      s.app.env.push({ name: 'RULER', value: '-'.repeat(65_536) });
    }),
    container: 'app',
  },
  {
    id: ids.secretInEnvVar,
    label: 'PEM private key value in an ephemeral container',
    fail: scenario(s => {
      s.pod.ephemeralContainers = [
        {
          name: 'debug',
          image: 'busybox:1.36',
          env: [
            {
              name: 'SIGNING',
              value: [
                '-----BEGIN RSA',
                'PRIVATE KEY-----\nMIIE\n-----END RSA',
                'PRIVATE KEY-----',
              ].join(' '),
            },
          ],
        },
      ];
    }),
    pass: scenario(),
    container: 'debug',
  },
  {
    id: ids.secretInConfigMap,
    fail: objects({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web', namespace: 'shop' },
      data: { db_password: 'hunter2' },
    }),
    pass: objects({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web', namespace: 'shop' },
      data: { log_level: 'info' },
    }),
    resource: { kind: 'ConfigMap', name: 'web' },
  },
  // network
  {
    id: ids.serviceNodePort,
    fail: objects(service('NodePort')),
    pass: objects(service('ClusterIP')),
    resource: { kind: 'Service', name: 'web' },
  },
  {
    id: ids.serviceLoadBalancer,
    fail: objects(service('LoadBalancer')),
    pass: objects(
      service('LoadBalancer', {
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      }),
    ),
    resource: { kind: 'Service', name: 'web' },
  },
  {
    id: ids.networkPolicyMissing,
    fail: scenario(s => {
      s.networkPolicy!.spec.podSelector = {
        matchLabels: { 'app.kubernetes.io/name': 'db' },
      };
    }),
    pass: scenario(s => {
      s.networkPolicy!.spec.podSelector = {
        matchLabels: { 'app.kubernetes.io/name': 'web' },
      };
      s.logCollector = undefined;
    }),
  },
  {
    id: ids.networkPolicyMissing,
    // One notion of isolation with the network engine: an Egress-only policy leaves
    // ingress open (it passed before, as any selecting policy did).
    label: 'egress-only policy',
    fail: scenario(s => {
      s.networkPolicy!.spec.policyTypes = ['Egress'];
    }),
    pass: scenario(s => {
      s.networkPolicy!.spec.policyTypes = ['Ingress'];
      s.logCollector = undefined;
      s.extra.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'egress', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: {} }] }],
        },
      });
    }),
  },
  {
    id: ids.networkPolicyMissing,
    label: 'Calico policy in the default tier',
    fail: scenario(s => {
      s.networkPolicy = undefined;
      s.extra.push({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: { name: 'in-only', namespace: 'shop' },
        spec: { selector: 'all()', types: ['Ingress'] },
      });
    }),
    pass: scenario(s => {
      s.networkPolicy = undefined;
      s.extra.push({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: { name: 'both', namespace: 'shop' },
        spec: { selector: 'all()', types: ['Ingress', 'Egress'] },
      });
    }),
  },
  {
    id: ids.ingressTlsMissing,
    fail: objects({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { rules: [{ host: 'shop.example.com' }] },
    }),
    pass: objects({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{ host: 'shop.example.com' }],
      },
    }),
    resource: { kind: 'Ingress', name: 'web' },
  },
  // logging
  {
    id: ids.logShippingMissing,
    fail: scenario(s => {
      s.logCollector = undefined;
    }),
    pass: scenario(s => {
      s.logCollector = undefined;
      s.pod.containers.push({
        ...s.app,
        name: 'log-router',
        image: `fluent/fluent-bit:3.1.9@${DIGEST}`,
      });
    }),
  },
  {
    id: ids.logShippingMissing,
    label: 'pod opts out of the collector DaemonSet',
    fail: scenario(s => {
      s.deployment.spec.template.metadata.annotations = {
        'fluentbit.io/exclude': 'true',
      };
    }),
    pass: scenario(s => {
      s.deployment.spec.template.metadata.annotations = {
        'fluentbit.io/parser': 'json',
      };
    }),
  },
];

// Every workload and RBAC check of Fairwinds Polaris (pkg/config/checks).
const POLARIS_CHECKS = [
  'automountServiceAccountToken',
  'clusterrolePodExecAttach',
  'clusterrolebindingClusterAdmin',
  'clusterrolebindingPodExecAttach',
  'cpuLimitsMissing',
  'cpuRequestsMissing',
  'dangerousCapabilities',
  'deploymentMissingReplicas',
  'hostIPCSet',
  'hostNetworkSet',
  'hostPIDSet',
  'hostPathSet',
  'hostPortSet',
  'hostProcess',
  'hpaMaxAvailability',
  'hpaMinAvailability',
  'insecureCapabilities',
  'linuxHardening',
  'livenessProbeMissing',
  'memoryLimitsMissing',
  'memoryRequestsMissing',
  'metadataAndInstanceMismatched',
  'missingNetworkPolicy',
  'missingPodDisruptionBudget',
  'notReadOnlyRootFilesystem',
  'pdbDisruptionsIsZero',
  'pdbMinAvailableGreaterThanHPAMinReplicas',
  'priorityClassNotSet',
  'privilegeEscalationAllowed',
  'procMount',
  'pullPolicyNotAlways',
  'readinessProbeMissing',
  'rolePodExecAttach',
  'rolebindingClusterAdminClusterRole',
  'rolebindingClusterAdminRole',
  'rolebindingClusterRolePodExecAttach',
  'rolebindingRolePodExecAttach',
  'runAsPrivileged',
  'runAsRootAllowed',
  'sensitiveConfigmapContent',
  'sensitiveContainerEnvVar',
  'tagNotSpecified',
  'tlsSettingsMissing',
  'topologySpreadConstraint',
];

// Every control of the Pod Security Standards, baseline and restricted.
const PSS_CONTROLS = [
  'baseline:host-process',
  'baseline:host-namespaces',
  'baseline:privileged-containers',
  'baseline:capabilities',
  'baseline:hostpath-volumes',
  'baseline:host-ports',
  'baseline:apparmor',
  'baseline:selinux',
  'baseline:proc-mount-type',
  'baseline:seccomp',
  'baseline:sysctls',
  'baseline:host-probes-lifecycle-hooks',
  'restricted:volume-types',
  'restricted:privilege-escalation',
  'restricted:running-as-non-root',
  'restricted:running-as-non-root-user',
  'restricted:seccomp',
  'restricted:capabilities',
  'restricted:proc-mount-type',
];

const asInput = (scan: KubernetesObject[]) => scan.map(object => ({ object }));

function findingsOf(
  scan: KubernetesObject[],
  id: string,
  options?: PostureCheckOptions,
) {
  return evaluatePosture(asInput(scan), {
    checkOptions: options,
  }).findings.filter(f => f.checkId === id);
}

describe('built-in posture checks', () => {
  describe.each(
    CASES.map(c => [`${c.id}${c.label ? ` (${c.label})` : ''}`, c] as const),
  )('%s', (_name, c) => {
    it('fires on the failing manifest', () => {
      const found = findingsOf(c.fail, c.id, c.options);
      const resource = c.resource ?? WEB;
      expect(found).toContainEqual(
        expect.objectContaining({
          resource: expect.objectContaining(resource),
          severity: CHECK_DEFINITIONS.find(d => d.id === c.id)!.severity,
          ...(c.container !== undefined && { container: c.container }),
        }),
      );
      for (const f of found) {
        expect(f.message).toEqual(expect.any(String));
        expect(f.message.length).toBeGreaterThan(10);
        // per-container checks always name the container, object checks never do
        expect(f.container !== undefined).toBe(c.container !== undefined);
      }
    });

    it('does not fire on the passing manifest', () => {
      expect(findingsOf(c.pass, c.id, c.passOptions ?? c.options)).toEqual([]);
    });
  });

  it('has failing and passing cases for every check in the catalogue', () => {
    const covered = new Set(CASES.map(c => c.id));
    expect(
      CHECK_DEFINITIONS.map(d => d.id).filter(id => !covered.has(id)),
    ).toEqual([]);
  });

  it('raises nothing at all on the hardened scenario', () => {
    expect(evaluatePosture(asInput(scenario())).findings).toEqual([]);
  });

  it('implements every catalogue check once, with the catalogue definition', () => {
    expect(builtInPostureChecks.map(c => c.definition.id).sort()).toEqual(
      CHECK_DEFINITIONS.map(d => d.id).sort(),
    );
    for (const check of builtInPostureChecks) {
      expect(CHECK_DEFINITIONS).toContain(check.definition);
      expect(check.kinds.length).toBeGreaterThan(0);
    }
  });
});

describe('the check catalogue', () => {
  const allIds = CHECK_DEFINITIONS.map(d => d.id);
  const references = new Set(CHECK_DEFINITIONS.flatMap(d => d.references));

  it('has at least 50 checks with unique kebab-case ids', () => {
    expect(allIds.length).toBeGreaterThanOrEqual(50);
    expect(new Set(allIds).size).toBe(allIds.length);
    for (const id of allIds) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names every id in CHECK_IDS, under its camelCase key', () => {
    const camel = (id: string) =>
      id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
    expect(Object.entries(CHECK_IDS).sort()).toEqual(
      allIds.map(id => [camel(id), id]).sort(),
    );
    expect(Object.isFrozen(CHECK_IDS)).toBe(true);
  });

  it('describes every check fully', () => {
    for (const d of CHECK_DEFINITIONS) {
      expect(d.title).not.toBe('');
      expect(d.rationale.length).toBeGreaterThan(20);
      expect(d.remediation.length).toBeGreaterThan(10);
      expect(d.remediationYaml).not.toBe('');
      expect(d.references.length).toBeGreaterThan(0);
      for (const r of d.references) {
        expect(r).toMatch(
          /^(polaris:[A-Za-z]+|pss:(baseline|restricted):[a-z-]+|cis-eks:\d+(\.\d+)+|eks-bp:[a-z-]+)$/,
        );
      }
    }
  });

  it.each(POLARIS_CHECKS)('covers Polaris check %s', id => {
    expect(references).toContain(`polaris:${id}`);
  });

  it.each(PSS_CONTROLS)('covers Pod Security Standards control %s', control => {
    expect(references).toContain(`pss:${control}`);
  });

  it('references no Polaris check or PSS control outside those lists', () => {
    const polaris = [...references].filter(r => r.startsWith('polaris:'));
    const pss = [...references].filter(r => r.startsWith('pss:'));
    expect(polaris.map(r => r.slice('polaris:'.length)).sort()).toEqual(
      [...POLARIS_CHECKS].sort(),
    );
    expect(pss.map(r => r.slice('pss:'.length)).sort()).toEqual(
      [...PSS_CONTROLS].sort(),
    );
  });
});
