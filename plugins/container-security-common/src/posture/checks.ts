import { CheckDefinition } from './types';

/**
 * The id of every built-in posture check, keyed by a camelCase name, so code refers to
 * checks without string literals. Ids are stable: never renamed or reused.
 *
 * @public
 */
export const CHECK_IDS = Object.freeze({
  privilegedContainer: 'privileged-container',
  privilegeEscalationAllowed: 'privilege-escalation-allowed',
  linuxHardeningMissing: 'linux-hardening-missing',
  hostProcessContainer: 'host-process-container',
  hostNetwork: 'host-network',
  hostPid: 'host-pid',
  hostIpc: 'host-ipc',
  hostPathVolume: 'host-path-volume',
  hostPort: 'host-port',
  probeHostSet: 'probe-host-set',
  containerRuntimeSocketMounted: 'container-runtime-socket-mounted',
  runAsRootAllowed: 'run-as-root-allowed',
  runAsUserRoot: 'run-as-user-root',
  dangerousCapabilities: 'dangerous-capabilities',
  insecureCapabilities: 'insecure-capabilities',
  capabilitiesBeyondBaseline: 'capabilities-beyond-baseline',
  capabilitiesAddedBeyondNetBindService:
    'capabilities-added-beyond-net-bind-service',
  procMountUnmasked: 'proc-mount-unmasked',
  procMountUnmaskedUserNamespace: 'proc-mount-unmasked-user-namespace',
  seccompUnconfined: 'seccomp-unconfined',
  seccompProfileMissing: 'seccomp-profile-missing',
  apparmorUnconfined: 'apparmor-unconfined',
  selinuxOptionsUnsafe: 'selinux-options-unsafe',
  unsafeSysctls: 'unsafe-sysctls',
  restrictedVolumeTypes: 'restricted-volume-types',
  namespacePodSecurityNotEnforced: 'namespace-pod-security-not-enforced',
  readOnlyRootFilesystemMissing: 'read-only-root-filesystem-missing',
  serviceAccountTokenAutomount: 'service-account-token-automount',
  defaultServiceAccountUsed: 'default-service-account-used',
  clusterAdminClusterRoleBinding: 'cluster-admin-cluster-role-binding',
  roleBindingClusterAdmin: 'role-binding-cluster-admin',
  roleBindingWildcardRole: 'role-binding-wildcard-role',
  rbacWildcardRule: 'rbac-wildcard-rule',
  clusterRolePodExecAttach: 'cluster-role-pod-exec-attach',
  rolePodExecAttach: 'role-pod-exec-attach',
  clusterRoleBindingPodExecAttach: 'cluster-role-binding-pod-exec-attach',
  roleBindingClusterRolePodExecAttach:
    'role-binding-cluster-role-pod-exec-attach',
  roleBindingRolePodExecAttach: 'role-binding-role-pod-exec-attach',
  rbacSecretsAccess: 'rbac-secrets-access',
  rbacCreatePods: 'rbac-create-pods',
  rbacBindEscalateImpersonate: 'rbac-bind-escalate-impersonate',
  rbacAnonymousSubject: 'rbac-anonymous-subject',
  cpuRequestsMissing: 'cpu-requests-missing',
  cpuLimitsMissing: 'cpu-limits-missing',
  memoryRequestsMissing: 'memory-requests-missing',
  memoryLimitsMissing: 'memory-limits-missing',
  livenessProbeMissing: 'liveness-probe-missing',
  readinessProbeMissing: 'readiness-probe-missing',
  replicasBelowTwo: 'replicas-below-two',
  podDisruptionBudgetMissing: 'pod-disruption-budget-missing',
  pdbDisruptionsZero: 'pdb-disruptions-zero',
  pdbMinAvailableAboveHpaMin: 'pdb-min-available-above-hpa-min',
  hpaMinReplicasBelowTwo: 'hpa-min-replicas-below-two',
  hpaMaxNotAboveMin: 'hpa-max-not-above-min',
  topologySpreadMissing: 'topology-spread-missing',
  priorityClassNotSet: 'priority-class-not-set',
  instanceLabelMismatch: 'instance-label-mismatch',
  imageTagMissingOrLatest: 'image-tag-missing-or-latest',
  imageNotPinnedByDigest: 'image-not-pinned-by-digest',
  imagePullPolicyNotAlways: 'image-pull-policy-not-always',
  imageRegistryNotAllowed: 'image-registry-not-allowed',
  secretInEnvVar: 'secret-in-env-var',
  secretInConfigMap: 'secret-in-config-map',
  serviceNodePort: 'service-node-port',
  serviceLoadBalancer: 'service-load-balancer',
  networkPolicyMissing: 'network-policy-missing',
  ingressTlsMissing: 'ingress-tls-missing',
  logShippingMissing: 'log-shipping-missing',
} as const);

/**
 * The id of a built-in posture check.
 *
 * @public
 */
export type BuiltInCheckId = (typeof CHECK_IDS)[keyof typeof CHECK_IDS];

const ids = CHECK_IDS;

/** The `roleRef` of a binding to the named Role or ClusterRole, as remediation YAML. */
const roleRefYaml = (kind: 'Role' | 'ClusterRole', name: string) =>
  `roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${kind}
  name: ${name}`;

/** A Role or ClusterRole with one rule, as remediation YAML (lists as YAML flow text). */
const rulesYaml = (apiGroups: string, resources: string, verbs: string) =>
  `rules:
  - apiGroups: [${apiGroups}]
    resources: [${resources}]
    verbs: [${verbs}]`;

/**
 * Every built-in posture check, grouped by category. References name the Fairwinds
 * Polaris check (`polaris:<id>`), the Pod Security Standards control
 * (`pss:<level>:<control>`), the CIS Amazon EKS Benchmark item (`cis-eks:<id>`) and the
 * EKS Best Practices topic (`eks-bp:<topic>`) each one corresponds to.
 *
 * @public
 */
export const CHECK_DEFINITIONS: readonly CheckDefinition[] = Object.freeze<
  CheckDefinition[]
>([
  // privilege
  {
    id: ids.privilegedContainer,
    title: 'Privileged container',
    category: 'privilege',
    severity: 'critical',
    rationale:
      'A privileged container has every capability and all host devices; escaping to the node is trivial.',
    remediation:
      'Remove `securityContext.privileged: true`; grant only the specific capability the process needs.',
    remediationYaml: `securityContext:
  privileged: false`,
    references: [
      'polaris:runAsPrivileged',
      'pss:baseline:privileged-containers',
      'cis-eks:4.2.1',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.privilegeEscalationAllowed,
    title: 'Privilege escalation allowed',
    category: 'privilege',
    severity: 'high',
    rationale:
      'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities let a process gain more privileges than its parent.',
    remediation:
      'Set `allowPrivilegeEscalation: false` in the securityContext of every container.',
    remediationYaml: `securityContext:
  allowPrivilegeEscalation: false`,
    references: [
      'polaris:privilegeEscalationAllowed',
      'pss:restricted:privilege-escalation',
      'cis-eks:4.2.5',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.linuxHardeningMissing,
    title: 'No Linux hardening',
    category: 'privilege',
    severity: 'medium',
    rationale:
      'A container with no seccomp profile, no SELinux options, no AppArmor profile and no dropped capabilities runs with the full default attack surface.',
    remediation:
      'Use at least one of: a RuntimeDefault seccomp profile, SELinux options, an AppArmor profile, or dropped capabilities.',
    remediationYaml: `securityContext:
  seccompProfile:
    type: RuntimeDefault
  capabilities:
    drop: [ALL]`,
    references: ['polaris:linuxHardening', 'eks-bp:pod-security'],
  },
  // host
  {
    id: ids.hostProcessContainer,
    title: 'Windows HostProcess container',
    category: 'host',
    severity: 'critical',
    rationale:
      'A Windows HostProcess container runs directly on the node with the privileges of a host process.',
    remediation:
      'Remove `windowsOptions.hostProcess: true` from the pod and its containers.',
    remediationYaml: `securityContext:
  windowsOptions:
    hostProcess: false`,
    references: ['polaris:hostProcess', 'pss:baseline:host-process'],
  },
  {
    id: ids.hostNetwork,
    title: 'Host network namespace',
    category: 'host',
    severity: 'high',
    rationale:
      "With hostNetwork the pod sees and binds the node's interfaces, bypasses network policies and can reach services listening on localhost.",
    remediation:
      'Remove `hostNetwork: true`; expose the workload through a Service instead.',
    remediationYaml: `spec:
  hostNetwork: false`,
    references: [
      'polaris:hostNetworkSet',
      'pss:baseline:host-namespaces',
      'cis-eks:4.2.4',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.hostPid,
    title: 'Host PID namespace',
    category: 'host',
    severity: 'high',
    rationale:
      'With hostPID the pod sees every process on the node and can signal or inspect them.',
    remediation: 'Remove `hostPID: true`.',
    remediationYaml: `spec:
  hostPID: false`,
    references: [
      'polaris:hostPIDSet',
      'pss:baseline:host-namespaces',
      'cis-eks:4.2.2',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.hostIpc,
    title: 'Host IPC namespace',
    category: 'host',
    severity: 'high',
    rationale:
      "With hostIPC the pod shares the node's shared memory and semaphores with every host process.",
    remediation: 'Remove `hostIPC: true`.',
    remediationYaml: `spec:
  hostIPC: false`,
    references: [
      'polaris:hostIPCSet',
      'pss:baseline:host-namespaces',
      'cis-eks:4.2.3',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.hostPathVolume,
    title: 'hostPath volume',
    category: 'host',
    severity: 'high',
    rationale:
      "A hostPath volume exposes the node's filesystem to the pod; writable mounts allow persistence and escape.",
    remediation:
      'Replace hostPath volumes with emptyDir, a PersistentVolumeClaim, a ConfigMap or a CSI volume.',
    remediationYaml: `volumes:
  - name: data
    emptyDir: {}`,
    references: [
      'polaris:hostPathSet',
      'pss:baseline:hostpath-volumes',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.hostPort,
    title: 'Host port',
    category: 'host',
    severity: 'medium',
    rationale:
      "A hostPort binds the node's interface directly, bypassing Services and network policies and limiting scheduling.",
    remediation:
      'Remove `hostPort` from container ports; use a Service instead.',
    remediationYaml: `ports:
  - containerPort: 8080
    protocol: TCP`,
    references: ['polaris:hostPortSet', 'pss:baseline:host-ports'],
  },
  {
    id: ids.probeHostSet,
    title: 'Probe or lifecycle handler targets another host',
    category: 'host',
    severity: 'medium',
    rationale:
      "A probe or lifecycle handler with `host` set makes the kubelet open connections to an address of the pod author's choosing, from the node; the baseline Pod Security Standard forbids it since v1.34.",
    remediation:
      "Remove `host` from the `httpGet`/`tcpSocket` of probes and lifecycle handlers: they then target the pod's own IP.",
    remediationYaml: `livenessProbe:
  httpGet:
    path: /healthz
    port: 8080`,
    references: ['pss:baseline:host-probes-lifecycle-hooks'],
  },
  {
    id: ids.containerRuntimeSocketMounted,
    title: 'Container runtime socket mounted',
    category: 'host',
    severity: 'critical',
    rationale:
      'Mounting the Docker, containerd or CRI-O socket lets the pod start privileged containers on the node: full node compromise.',
    remediation:
      'Do not mount the runtime socket; build images with a daemonless builder and query the API server instead of the runtime.',
    remediationYaml: `# remove volumes such as:
# - name: docker-sock
#   hostPath:
#     path: /var/run/docker.sock`,
    references: ['eks-bp:pod-security'],
  },
  // identity
  {
    id: ids.runAsRootAllowed,
    title: 'May run as root',
    category: 'identity',
    severity: 'high',
    rationale:
      'Without runAsNonRoot: true or a non-zero runAsUser, the container runs as the image user, often root, so a breakout lands as root.',
    remediation:
      'Set `runAsNonRoot: true` (and a non-zero `runAsUser`) in the pod or container securityContext.',
    remediationYaml: `securityContext:
  runAsNonRoot: true
  runAsUser: 10001`,
    references: [
      'polaris:runAsRootAllowed',
      'pss:restricted:running-as-non-root',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.runAsUserRoot,
    title: 'Runs as user 0',
    category: 'identity',
    severity: 'high',
    rationale: 'runAsUser: 0 explicitly runs the container as root.',
    remediation: 'Set `runAsUser` to a non-zero UID that the image supports.',
    remediationYaml: `securityContext:
  runAsUser: 10001`,
    references: [
      'pss:restricted:running-as-non-root-user',
      'eks-bp:pod-security',
    ],
  },
  // capabilities
  {
    id: ids.dangerousCapabilities,
    title: 'Dangerous capabilities added',
    category: 'capabilities',
    severity: 'high',
    rationale:
      'ALL, SYS_ADMIN and NET_ADMIN give near-root control over the node kernel or network stack.',
    remediation: 'Remove ALL, SYS_ADMIN and NET_ADMIN from `capabilities.add`.',
    remediationYaml: `securityContext:
  capabilities:
    drop: [ALL]`,
    references: ['polaris:dangerousCapabilities', 'eks-bp:pod-security'],
  },
  {
    id: ids.insecureCapabilities,
    title: 'Default capabilities not dropped',
    category: 'capabilities',
    severity: 'medium',
    rationale:
      'The runtime grants capabilities such as NET_RAW, CHOWN and SETUID by default; few applications need them.',
    remediation:
      'Drop ALL capabilities and add back only what the process needs.',
    remediationYaml: `securityContext:
  capabilities:
    drop: [ALL]`,
    references: [
      'polaris:insecureCapabilities',
      'pss:restricted:capabilities',
      'eks-bp:pod-security',
    ],
  },
  {
    id: ids.capabilitiesBeyondBaseline,
    title: 'Capabilities beyond the baseline set',
    category: 'capabilities',
    severity: 'high',
    rationale:
      'The baseline Pod Security Standard allows adding only the runtime default capabilities (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).',
    remediation: 'Remove the other capabilities from `capabilities.add`.',
    remediationYaml: `securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]`,
    references: ['pss:baseline:capabilities'],
  },
  {
    id: ids.capabilitiesAddedBeyondNetBindService,
    title: 'Capabilities added other than NET_BIND_SERVICE',
    category: 'capabilities',
    severity: 'medium',
    rationale:
      'The restricted Pod Security Standard allows adding back only NET_BIND_SERVICE after dropping ALL.',
    remediation:
      'Add only NET_BIND_SERVICE, or listen on a port above 1024 and add nothing.',
    remediationYaml: `securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]`,
    references: ['pss:restricted:capabilities'],
  },
  // isolation
  {
    id: ids.procMountUnmasked,
    title: 'Unmasked /proc mount',
    category: 'isolation',
    severity: 'high',
    rationale:
      'procMount: Unmasked exposes kernel information under /proc that the default mask hides.',
    remediation: 'Remove `procMount` or set it to `Default`.',
    remediationYaml: `securityContext:
  procMount: Default`,
    references: ['polaris:procMount', 'pss:baseline:proc-mount-type'],
  },
  {
    id: ids.procMountUnmaskedUserNamespace,
    title: 'Unmasked /proc mount in a user namespace',
    category: 'isolation',
    severity: 'low',
    rationale:
      "Since v1.35 the baseline Pod Security Standard lets a pod in a user namespace (`hostUsers: false`) unmask /proc, since its root is not the node's; the restricted standard still requires the default mask.",
    remediation:
      'Remove `procMount` or set it to `Default`; the restricted standard allows nothing else.',
    remediationYaml: `securityContext:
  procMount: Default`,
    references: ['pss:restricted:proc-mount-type'],
  },
  {
    id: ids.seccompUnconfined,
    title: 'Seccomp explicitly unconfined',
    category: 'isolation',
    severity: 'high',
    rationale:
      'An Unconfined seccomp profile lets the container call every syscall, including ones used in kernel exploits.',
    remediation: 'Use the `RuntimeDefault` or a `Localhost` seccomp profile.',
    remediationYaml: `securityContext:
  seccompProfile:
    type: RuntimeDefault`,
    references: ['pss:baseline:seccomp'],
  },
  {
    id: ids.seccompProfileMissing,
    title: 'No seccomp profile',
    category: 'isolation',
    severity: 'medium',
    rationale:
      'Without a seccomp profile on the pod or container, the kubelet default (usually Unconfined) applies.',
    remediation:
      'Set `seccompProfile.type: RuntimeDefault` on the pod securityContext (or on every container).',
    remediationYaml: `spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault`,
    references: ['pss:restricted:seccomp', 'eks-bp:pod-security'],
  },
  {
    id: ids.apparmorUnconfined,
    title: 'AppArmor unconfined',
    category: 'isolation',
    severity: 'high',
    rationale:
      'An unconfined AppArmor profile removes the mandatory access control the runtime default profile provides.',
    remediation:
      'Use the runtime default or a localhost AppArmor profile (securityContext.appArmorProfile or the legacy annotation).',
    remediationYaml: `securityContext:
  appArmorProfile:
    type: RuntimeDefault`,
    references: ['pss:baseline:apparmor'],
  },
  {
    id: ids.selinuxOptionsUnsafe,
    title: 'Custom SELinux options',
    category: 'isolation',
    severity: 'high',
    rationale:
      'Setting an SELinux user or role, or a type other than the container types, can lift the confinement of the container.',
    remediation:
      'Remove `seLinuxOptions.user`/`role`; use only container_t, container_init_t, container_kvm_t or container_engine_t as type.',
    remediationYaml: `securityContext:
  seLinuxOptions:
    type: container_t`,
    references: ['pss:baseline:selinux'],
  },
  {
    id: ids.unsafeSysctls,
    title: 'Unsafe sysctls',
    category: 'isolation',
    severity: 'high',
    rationale:
      'Sysctls outside the namespaced safe set change kernel settings for every pod on the node.',
    remediation:
      'Use only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, …).',
    remediationYaml: `securityContext:
  sysctls:
    - name: net.ipv4.ip_local_port_range
      value: "1024 65535"`,
    references: ['pss:baseline:sysctls'],
  },
  {
    id: ids.restrictedVolumeTypes,
    title: 'Volume type outside the restricted set',
    category: 'isolation',
    severity: 'medium',
    rationale:
      'The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes. hostPath volumes are reported by host-path-volume instead.',
    remediation:
      'Replace other volume types (nfs, iscsi, rbd, …) with a PersistentVolumeClaim or CSI volume.',
    remediationYaml: `volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data`,
    references: ['pss:restricted:volume-types'],
  },
  {
    id: ids.namespacePodSecurityNotEnforced,
    title: 'Namespace does not enforce Pod Security',
    category: 'isolation',
    severity: 'medium',
    rationale:
      'Without a pod-security.kubernetes.io/enforce label of baseline or restricted, Pod Security Admission admits privileged pods into the namespace.',
    remediation:
      'Label the namespace with `pod-security.kubernetes.io/enforce: restricted` (or `baseline`).',
    remediationYaml: `metadata:
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest`,
    references: ['eks-bp:pod-security'],
  },
  // filesystem
  {
    id: ids.readOnlyRootFilesystemMissing,
    title: 'Writable root filesystem',
    category: 'filesystem',
    severity: 'medium',
    rationale:
      'A writable root filesystem lets an attacker drop binaries and modify the application in place.',
    remediation:
      'Set `readOnlyRootFilesystem: true`; mount an emptyDir where the process must write.',
    remediationYaml: `securityContext:
  readOnlyRootFilesystem: true
volumeMounts:
  - name: tmp
    mountPath: /tmp`,
    references: ['polaris:notReadOnlyRootFilesystem', 'eks-bp:pod-security'],
  },
  // service-account
  {
    id: ids.serviceAccountTokenAutomount,
    title: 'Service-account token automounted',
    category: 'service-account',
    severity: 'medium',
    rationale:
      'A mounted token lets anyone who compromises the container call the Kubernetes API as its service account. The token is mounted unless the pod, or (when the pod does not say) its ServiceAccount, sets automountServiceAccountToken: false.',
    remediation:
      'Set `automountServiceAccountToken: false` on the pod or its ServiceAccount unless it calls the API.',
    remediationYaml: `spec:
  automountServiceAccountToken: false`,
    references: [
      'polaris:automountServiceAccountToken',
      'cis-eks:4.1.6',
      'eks-bp:iam',
    ],
  },
  {
    id: ids.defaultServiceAccountUsed,
    title: 'Default service account used',
    category: 'service-account',
    severity: 'low',
    rationale:
      "Pods that share a namespace's default service account share every permission granted to it.",
    remediation:
      'Create a dedicated ServiceAccount per workload and set `serviceAccountName`.',
    remediationYaml: `spec:
  serviceAccountName: my-app`,
    references: ['cis-eks:4.1.5', 'eks-bp:iam'],
  },
  // rbac
  {
    id: ids.clusterAdminClusterRoleBinding,
    title: 'ClusterRoleBinding to cluster-admin',
    category: 'rbac',
    severity: 'critical',
    rationale:
      'Binding cluster-admin (or a ClusterRole with * on * in every API group) gives the subjects full control of the cluster. Built-in bindings (cluster-admin, system:*) are not reported.',
    remediation:
      'Bind a ClusterRole that grants only the resources and verbs the subject needs.',
    remediationYaml: roleRefYaml('ClusterRole', 'my-app-reader'),
    references: [
      'polaris:clusterrolebindingClusterAdmin',
      'cis-eks:4.1.1',
      'eks-bp:rbac',
    ],
  },
  {
    id: ids.roleBindingClusterAdmin,
    title: 'RoleBinding to cluster-admin',
    category: 'rbac',
    severity: 'high',
    rationale:
      'A RoleBinding to cluster-admin (or a wildcard ClusterRole) gives full control of the namespace, including its Secrets and RBAC.',
    remediation: 'Bind a Role that grants only what the subject needs.',
    remediationYaml: roleRefYaml('Role', 'my-app'),
    references: [
      'polaris:rolebindingClusterAdminClusterRole',
      'cis-eks:4.1.1',
      'eks-bp:rbac',
    ],
  },
  {
    id: ids.roleBindingWildcardRole,
    title: 'RoleBinding to a wildcard Role',
    category: 'rbac',
    severity: 'high',
    rationale:
      'A Role with * verbs on * resources in every API group is namespace admin; binding it grants that to the subjects.',
    remediation:
      'Replace the wildcards in the Role with the resources and verbs needed.',
    remediationYaml: rulesYaml('""', 'configmaps', 'get, list, watch'),
    references: [
      'polaris:rolebindingClusterAdminRole',
      'cis-eks:4.1.3',
      'eks-bp:rbac',
    ],
  },
  {
    id: ids.rbacWildcardRule,
    title: 'Wildcard in RBAC rule',
    category: 'rbac',
    severity: 'high',
    rationale:
      'A * in verbs or resources grants today’s and every future resource or verb, which is hard to audit. Built-in roles (system:*, cluster-admin, admin, edit, view) are not reported.',
    remediation: 'List the exact resources and verbs instead of *.',
    remediationYaml: rulesYaml('apps', 'deployments', 'get, list, watch'),
    references: ['cis-eks:4.1.3', 'eks-bp:rbac'],
  },
  {
    id: ids.clusterRolePodExecAttach,
    title: 'ClusterRole allows pods/exec or pods/attach',
    category: 'rbac',
    severity: 'high',
    rationale:
      'exec and attach give a shell in any pod, and with it the pod’s secrets and service-account token.',
    remediation:
      'Remove pods/exec and pods/attach (and *) from the ClusterRole’s resources.',
    remediationYaml: rulesYaml('""', 'pods, pods/log', 'get, list'),
    references: ['polaris:clusterrolePodExecAttach', 'eks-bp:rbac'],
  },
  {
    id: ids.rolePodExecAttach,
    title: 'Role allows pods/exec or pods/attach',
    category: 'rbac',
    severity: 'high',
    rationale:
      'exec and attach give a shell in every pod of the namespace, and with it their secrets and tokens.',
    remediation:
      'Remove pods/exec and pods/attach (and *) from the Role’s resources.',
    remediationYaml: rulesYaml('""', 'pods, pods/log', 'get, list'),
    references: ['polaris:rolePodExecAttach', 'eks-bp:rbac'],
  },
  {
    id: ids.clusterRoleBindingPodExecAttach,
    title: 'ClusterRoleBinding grants pods/exec or pods/attach',
    category: 'rbac',
    severity: 'high',
    rationale:
      'The bound ClusterRole (one in the scan, or the built-in admin/edit) allows exec or attach into every pod of the cluster.',
    remediation: 'Bind a ClusterRole without pods/exec and pods/attach.',
    remediationYaml: roleRefYaml('ClusterRole', 'view'),
    references: ['polaris:clusterrolebindingPodExecAttach', 'eks-bp:rbac'],
  },
  {
    id: ids.roleBindingClusterRolePodExecAttach,
    title: 'RoleBinding to a ClusterRole with pods/exec or pods/attach',
    category: 'rbac',
    severity: 'high',
    rationale:
      'The bound ClusterRole (one in the scan, or the built-in admin/edit) allows exec or attach into the pods of the namespace.',
    remediation: 'Bind a role without pods/exec and pods/attach.',
    remediationYaml: roleRefYaml('ClusterRole', 'view'),
    references: ['polaris:rolebindingClusterRolePodExecAttach', 'eks-bp:rbac'],
  },
  {
    id: ids.roleBindingRolePodExecAttach,
    title: 'RoleBinding to a Role with pods/exec or pods/attach',
    category: 'rbac',
    severity: 'high',
    rationale:
      'The bound Role allows exec or attach into the pods of the namespace.',
    remediation: 'Bind a Role without pods/exec and pods/attach.',
    remediationYaml: roleRefYaml('Role', 'my-app-reader'),
    references: ['polaris:rolebindingRolePodExecAttach', 'eks-bp:rbac'],
  },
  {
    id: ids.rbacSecretsAccess,
    title: 'Role reads Secrets',
    category: 'rbac',
    severity: 'medium',
    rationale:
      'get, list or watch on secrets reveals every credential in scope; list and watch return the values too.',
    remediation:
      'Remove secrets from the rule, or restrict it with `resourceNames` to the Secrets needed.',
    remediationYaml: `rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [my-app-tls]
    verbs: [get]`,
    references: ['cis-eks:4.1.2', 'eks-bp:rbac'],
  },
  {
    id: ids.rbacCreatePods,
    title: 'Role creates Pods',
    category: 'rbac',
    severity: 'medium',
    rationale:
      'Whoever can create pods can run any image with any service account of the namespace and read its secrets.',
    remediation:
      'Remove create on pods unless the subject is a controller that needs it.',
    remediationYaml: rulesYaml('""', 'pods', 'get, list, watch'),
    references: ['cis-eks:4.1.4', 'eks-bp:rbac'],
  },
  {
    id: ids.rbacBindEscalateImpersonate,
    title: 'Role allows bind, escalate or impersonate',
    category: 'rbac',
    severity: 'high',
    rationale:
      'bind and escalate let a subject grant itself permissions it does not hold; impersonate lets it act as other users or groups.',
    remediation: 'Remove the bind, escalate and impersonate verbs.',
    remediationYaml: rulesYaml(
      'rbac.authorization.k8s.io',
      'roles',
      'get, list',
    ),
    references: ['cis-eks:4.1.8', 'eks-bp:rbac'],
  },
  {
    id: ids.rbacAnonymousSubject,
    title: 'Binding to anonymous or all authenticated users',
    category: 'rbac',
    severity: 'critical',
    rationale:
      'Subjects system:anonymous, system:unauthenticated and system:authenticated grant the role to anyone who can reach the API server (any AWS identity, for system:authenticated on EKS).',
    remediation: 'Bind specific users, groups or service accounts instead.',
    remediationYaml: `subjects:
  - kind: ServiceAccount
    name: my-app
    namespace: my-namespace`,
    references: ['eks-bp:rbac'],
  },
  // resources
  {
    id: ids.cpuRequestsMissing,
    title: 'CPU request missing',
    category: 'resources',
    severity: 'medium',
    rationale:
      'Without a CPU request the scheduler cannot place the pod sensibly and it is first to be starved under contention.',
    remediation:
      'Set `resources.requests.cpu` on every app container (and sidecar).',
    remediationYaml: `resources:
  requests:
    cpu: 100m`,
    references: ['polaris:cpuRequestsMissing', 'eks-bp:resources'],
  },
  {
    id: ids.cpuLimitsMissing,
    title: 'CPU limit missing',
    category: 'resources',
    severity: 'low',
    rationale:
      'Without a CPU limit a busy container can take every idle core of the node from its neighbours.',
    remediation:
      'Set `resources.limits.cpu` on every app container (and sidecar).',
    remediationYaml: `resources:
  limits:
    cpu: "1"`,
    references: ['polaris:cpuLimitsMissing', 'eks-bp:resources'],
  },
  {
    id: ids.memoryRequestsMissing,
    title: 'Memory request missing',
    category: 'resources',
    severity: 'medium',
    rationale:
      'Without a memory request the pod can land on a node without room for it and is evicted first under memory pressure.',
    remediation:
      'Set `resources.requests.memory` on every app container (and sidecar).',
    remediationYaml: `resources:
  requests:
    memory: 128Mi`,
    references: ['polaris:memoryRequestsMissing', 'eks-bp:resources'],
  },
  {
    id: ids.memoryLimitsMissing,
    title: 'Memory limit missing',
    category: 'resources',
    severity: 'medium',
    rationale:
      'Without a memory limit a leaking container can exhaust the node’s memory and get other pods OOM-killed.',
    remediation:
      'Set `resources.limits.memory` on every app container (and sidecar).',
    remediationYaml: `resources:
  limits:
    memory: 256Mi`,
    references: ['polaris:memoryLimitsMissing', 'eks-bp:resources'],
  },
  // reliability
  {
    id: ids.livenessProbeMissing,
    title: 'Liveness probe missing',
    category: 'reliability',
    severity: 'low',
    rationale:
      'Without a liveness probe a hung process is never restarted. Jobs, CronJobs and pods that do not restart are not checked.',
    remediation: 'Add a `livenessProbe` to every long-running container.',
    remediationYaml: `livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 10`,
    references: ['polaris:livenessProbeMissing', 'eks-bp:reliability'],
  },
  {
    id: ids.readinessProbeMissing,
    title: 'Readiness probe missing',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'Without a readiness probe traffic reaches the container before it can serve and during rollouts. Jobs, CronJobs and pods that do not restart are not checked.',
    remediation: 'Add a `readinessProbe` to every long-running container.',
    remediationYaml: `readinessProbe:
  httpGet:
    path: /readyz
    port: http
  periodSeconds: 5`,
    references: ['polaris:readinessProbeMissing', 'eks-bp:reliability'],
  },
  {
    id: ids.replicasBelowTwo,
    title: 'Fewer than two replicas',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'A single replica means downtime on every node drain, rollout or crash. Workloads scaled by an HPA in the scan are judged by the HPA instead.',
    remediation:
      'Run at least two replicas (or scale with an HPA whose minReplicas is 2 or more).',
    remediationYaml: `spec:
  replicas: 3`,
    references: ['polaris:deploymentMissingReplicas', 'eks-bp:reliability'],
  },
  {
    id: ids.podDisruptionBudgetMissing,
    title: 'No PodDisruptionBudget',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'Without a PodDisruptionBudget selecting its pods, a node drain or upgrade may evict every replica at once.',
    remediation:
      'Add a PodDisruptionBudget whose selector matches the pod labels.',
    remediationYaml: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: my-app
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app`,
    references: ['polaris:missingPodDisruptionBudget', 'eks-bp:reliability'],
  },
  {
    id: ids.pdbDisruptionsZero,
    title: 'PodDisruptionBudget allows no disruption',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'maxUnavailable: 0 or minAvailable: 100% blocks every voluntary eviction, so node drains and upgrades hang.',
    remediation: 'Allow at least one pod to be unavailable.',
    remediationYaml: `spec:
  maxUnavailable: 1`,
    references: ['polaris:pdbDisruptionsIsZero', 'eks-bp:reliability'],
  },
  {
    id: ids.pdbMinAvailableAboveHpaMin,
    title: 'PDB minAvailable above HPA minReplicas',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'When the HPA scales down to minReplicas, a PodDisruptionBudget requiring more available pods blocks every eviction.',
    remediation: 'Lower the PDB’s minAvailable or raise the HPA’s minReplicas.',
    remediationYaml: `spec:
  minReplicas: 3 # HorizontalPodAutoscaler; PDB minAvailable: 2`,
    references: [
      'polaris:pdbMinAvailableGreaterThanHPAMinReplicas',
      'eks-bp:reliability',
    ],
  },
  {
    id: ids.hpaMinReplicasBelowTwo,
    title: 'HPA minReplicas below two',
    category: 'reliability',
    severity: 'medium',
    rationale:
      'An HPA whose minReplicas is 1 (the default) scales the workload down to a single point of failure.',
    remediation: 'Set `minReplicas` to 2 or more.',
    remediationYaml: `spec:
  minReplicas: 2`,
    references: ['polaris:hpaMinAvailability', 'eks-bp:reliability'],
  },
  {
    id: ids.hpaMaxNotAboveMin,
    title: 'HPA cannot scale',
    category: 'reliability',
    severity: 'low',
    rationale:
      'An HPA whose maxReplicas is not above minReplicas never scales out under load.',
    remediation: 'Set `maxReplicas` above `minReplicas`.',
    remediationYaml: `spec:
  minReplicas: 2
  maxReplicas: 10`,
    references: ['polaris:hpaMaxAvailability', 'eks-bp:reliability'],
  },
  {
    id: ids.topologySpreadMissing,
    title: 'Replicas not spread',
    category: 'reliability',
    severity: 'low',
    rationale:
      'Without topologySpreadConstraints (or pod anti-affinity), all replicas may land in one node or zone and fail together.',
    remediation: 'Spread replicas across zones and nodes.',
    remediationYaml: `topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        app.kubernetes.io/name: my-app`,
    references: ['polaris:topologySpreadConstraint', 'eks-bp:reliability'],
  },
  {
    id: ids.priorityClassNotSet,
    title: 'No priority class',
    category: 'reliability',
    severity: 'low',
    rationale:
      'Without a priorityClassName the pod has the default priority and may be preempted by, or fail to preempt, less important pods.',
    remediation:
      'Set `priorityClassName` to a PriorityClass that reflects the workload’s importance.',
    remediationYaml: `spec:
  priorityClassName: business-critical`,
    references: ['polaris:priorityClassNotSet'],
  },
  {
    id: ids.instanceLabelMismatch,
    title: 'Instance label does not match the name',
    category: 'reliability',
    severity: 'info',
    rationale:
      'An app.kubernetes.io/instance label that differs from metadata.name misleads tools that group by it. Objects without the label are not reported.',
    remediation: 'Set `app.kubernetes.io/instance` to the object’s name.',
    remediationYaml: `metadata:
  name: my-app
  labels:
    app.kubernetes.io/instance: my-app`,
    references: ['polaris:metadataAndInstanceMismatched'],
  },
  // images
  {
    id: ids.imageTagMissingOrLatest,
    title: 'Image tag missing or latest',
    category: 'images',
    severity: 'high',
    rationale:
      'An image without a tag or digest, or tagged latest, changes under the workload: rollouts and rollbacks are not reproducible.',
    remediation: 'Use an immutable version tag, ideally with a digest.',
    remediationYaml: `image: registry.example.com/my-app:1.4.2`,
    references: ['polaris:tagNotSpecified', 'eks-bp:image-security'],
  },
  {
    id: ids.imageNotPinnedByDigest,
    title: 'Image not pinned by digest',
    category: 'images',
    severity: 'low',
    rationale:
      'Tags are mutable; only a digest guarantees the image that was scanned is the image that runs.',
    remediation: 'Reference the image by digest (`name:tag@sha256:…`).',
    remediationYaml: `image: registry.example.com/my-app:1.4.2@sha256:<digest>`,
    references: ['eks-bp:image-security'],
  },
  {
    id: ids.imagePullPolicyNotAlways,
    title: 'Image pull policy is not Always',
    category: 'images',
    severity: 'low',
    rationale:
      'With IfNotPresent or Never a node reuses its cached image: a moved tag is not picked up and private images are used without checking pull credentials. The effective policy counts (Always is the default for untagged and latest images).',
    remediation: 'Set `imagePullPolicy: Always`.',
    remediationYaml: `imagePullPolicy: Always`,
    references: ['polaris:pullPolicyNotAlways', 'eks-bp:image-security'],
  },
  {
    id: ids.imageRegistryNotAllowed,
    title: 'Image registry not allowed',
    category: 'images',
    severity: 'high',
    rationale:
      'Images from registries outside the configured allow-list bypass the organisation’s scanning and signing. Passes when no allow-list is configured.',
    remediation:
      'Mirror the image into an allowed registry and reference it there.',
    remediationYaml: `image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app:1.4.2`,
    references: ['cis-eks:5.1.4', 'eks-bp:image-security'],
  },
  // secrets
  {
    id: ids.secretInEnvVar,
    title: 'Secret in environment variable',
    category: 'secrets',
    severity: 'high',
    rationale:
      'A literal env value whose name looks like a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, …) or whose value looks like an AWS access key or PEM private key is stored in plain text in the manifest, the API and every kubectl describe.',
    remediation:
      'Move the value into a Secret (or an external secret store) and reference it.',
    remediationYaml: `env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: db-credentials
        key: password`,
    references: ['polaris:sensitiveContainerEnvVar', 'eks-bp:secrets'],
  },
  {
    id: ids.secretInConfigMap,
    title: 'Secret in ConfigMap',
    category: 'secrets',
    severity: 'high',
    rationale:
      'ConfigMaps are not treated as confidential: keys that look like credentials, or values that look like AWS access keys or PEM private keys, are exposed to anyone who can read them.',
    remediation: 'Move the value into a Secret.',
    remediationYaml: `apiVersion: v1
kind: Secret
metadata:
  name: my-app
stringData:
  api-token: <value>`,
    references: ['polaris:sensitiveConfigmapContent', 'eks-bp:secrets'],
  },
  // network
  {
    id: ids.serviceNodePort,
    title: 'NodePort Service',
    category: 'network',
    severity: 'medium',
    rationale:
      'A NodePort opens the port on every node, bypassing the load balancer and widening the attack surface.',
    remediation:
      'Use a ClusterIP Service behind an Ingress or an internal load balancer.',
    remediationYaml: `spec:
  type: ClusterIP`,
    references: ['eks-bp:network-security'],
  },
  {
    id: ids.serviceLoadBalancer,
    title: 'LoadBalancer Service',
    category: 'network',
    severity: 'medium',
    rationale:
      'Each LoadBalancer Service provisions its own, often internet-facing, load balancer outside the shared ingress controls. Services annotated as internal are not reported.',
    remediation:
      'Expose the service through a shared Ingress, or make the load balancer internal.',
    remediationYaml: `metadata:
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal`,
    references: ['eks-bp:network-security'],
  },
  {
    id: ids.networkPolicyMissing,
    title: 'No NetworkPolicy',
    category: 'network',
    severity: 'medium',
    rationale:
      'Without a NetworkPolicy in its namespace selecting its pods, the workload accepts traffic from, and sends it to, any pod in the cluster.',
    remediation:
      'Add a NetworkPolicy that selects the pods and allows only the traffic they need.',
    remediationYaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: my-app
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: my-app
  policyTypes: [Ingress, Egress]`,
    references: [
      'polaris:missingNetworkPolicy',
      'cis-eks:4.3.2',
      'eks-bp:network-security',
    ],
  },
  {
    id: ids.ingressTlsMissing,
    title: 'Ingress without TLS',
    category: 'network',
    severity: 'medium',
    rationale: 'An Ingress without a tls section serves plain HTTP.',
    remediation: 'Add a `tls` section with a certificate Secret for the hosts.',
    remediationYaml: `spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls`,
    references: ['polaris:tlsSettingsMissing', 'eks-bp:network-security'],
  },
  // logging
  {
    id: ids.logShippingMissing,
    title: 'Logs not shipped',
    category: 'logging',
    severity: 'low',
    rationale:
      'Container logs on the node are lost when the node goes. A workload ships logs when one of its containers runs a log router image (fluent-bit, aws-for-fluent-bit, fluentd, vector, OpenTelemetry collector), a FireLens-style sidecar (firelensConfiguration type fluentbit or fluentd) or a Fluent Bit sidecar recognised by its command or by a mounted ConfigMap holding a Fluent Bit configuration with an output; or when the scan holds a DaemonSet running such an image (a node-level collector) and the pod does not opt out with the fluentbit.io/exclude: "true" annotation. Pods on EKS Fargate (profile label, fargate-scheduler or the compute-type node selector) instead need the aws-observability/aws-logging ConfigMap with an [OUTPUT] section in output.conf, since DaemonSets do not run there.',
    remediation:
      'Deploy a node-level log collector (Fluent Bit DaemonSet) or add a log-router sidecar.',
    remediationYaml: `# e.g. the aws-for-fluent-bit DaemonSet
containers:
  - name: fluent-bit
    image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2`,
    references: ['eks-bp:logging'],
  },
]);

const byId = new Map(CHECK_DEFINITIONS.map(d => [d.id, d]));

/**
 * The built-in definition of a check, or undefined for an unknown id.
 *
 * @public
 */
export function getCheckDefinition(id: string): CheckDefinition | undefined {
  return byId.get(id);
}
