import { KubernetesObject } from '../../manifests/types';

/**
 * Builders for test manifests: a fully hardened Deployment "web" in namespace "shop",
 * with everything its checks look for around it (Namespace, ServiceAccount, PDB,
 * NetworkPolicy, a Fluent Bit DaemonSet). Tests mutate one thing to make one check fail.
 */
export interface Scenario {
  deployment: Record<string, any>;
  /** The Deployment's pod spec. */
  pod: Record<string, any>;
  /** The Deployment's container "app". */
  app: Record<string, any>;
  namespace?: Record<string, any>;
  serviceAccount?: Record<string, any>;
  pdb?: Record<string, any>;
  networkPolicy?: Record<string, any>;
  logCollector?: Record<string, any>;
  /** More objects to add to the scan. */
  extra: Record<string, any>[];
}

export const DIGEST = `sha256:${'a1'.repeat(32)}`;

function hardenedPodTemplate(name: string, image: string) {
  return {
    metadata: { labels: { 'app.kubernetes.io/name': name } },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: false,
      priorityClassName: 'business-critical',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        },
      ],
      containers: [
        {
          name: 'app',
          image,
          imagePullPolicy: 'Always',
          env: [
            { name: 'LOG_LEVEL', value: 'info' },
            {
              name: 'DB_PASSWORD',
              valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
            },
          ],
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { cpu: '1', memory: '256Mi' },
          },
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
          securityContext: {
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}

export function hardenedDeployment(
  name = 'web',
  namespace = 'shop',
): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: hardenedPodTemplate(
        name,
        `registry.example.com/shop/${name}:1.0.0@${DIGEST}`,
      ),
    },
  };
}

export function scenario(mutate?: (s: Scenario) => void): KubernetesObject[] {
  const deployment = hardenedDeployment();
  const logTemplate = hardenedPodTemplate(
    'fluent-bit',
    `public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2@${DIGEST}`,
  );
  const s: Scenario = {
    deployment,
    pod: deployment.spec.template.spec,
    app: deployment.spec.template.spec.containers[0],
    namespace: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
    serviceAccount: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'web', namespace: 'shop' },
      automountServiceAccountToken: false,
    },
    pdb: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      },
    },
    networkPolicy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    logCollector: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'fluent-bit', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'fluent-bit' } },
        template: logTemplate,
      },
    },
    extra: [],
  };
  mutate?.(s);
  return [
    s.namespace,
    s.serviceAccount,
    s.pdb,
    s.networkPolicy,
    s.logCollector,
    s.deployment,
    ...s.extra,
  ].filter((o): o is Record<string, any> => Boolean(o)) as KubernetesObject[];
}

/** A scan of just these objects, e.g. RBAC objects or Services. */
export function objects(...list: Record<string, any>[]): KubernetesObject[] {
  return list as KubernetesObject[];
}

export function role(
  kind: 'Role' | 'ClusterRole',
  name: string,
  rules: Record<string, any>[],
): Record<string, any> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'Role' ? { name, namespace: 'shop' } : { name },
    rules,
  };
}

export function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Record<string, any>[] = [{ kind: 'Group', name: 'developers' }],
): Record<string, any> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'RoleBinding' ? { name, namespace: 'shop' } : { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

export function hpa(min: number | undefined, max: number): Record<string, any> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
      },
      ...(min !== undefined && { minReplicas: min }),
      maxReplicas: max,
    },
  };
}

export function service(
  type: string,
  annotations?: Record<string, string>,
): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'web',
      namespace: 'shop',
      ...(annotations && { annotations }),
    },
    spec: {
      type,
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        {
          port: 80,
          targetPort: 8080,
          ...(type === 'NodePort' && { nodePort: 30080 }),
        },
      ],
    },
  };
}
