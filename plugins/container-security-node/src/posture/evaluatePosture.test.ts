import path from 'path';
import {
  CHECK_IDS,
  Finding,
} from '@containersec/plugin-container-security-common';
import { readManifestFiles } from '../manifests/readManifestFiles';
import { KubernetesObject } from '../manifests/types';
import { hardenedDeployment, scenario } from './__testUtils__/scenario';
import { evaluatePosture } from './evaluatePosture';
import { PostureCheck } from './types';

const asInput = (scan: Record<string, any>[]) =>
  scan.map(object => ({ object: object as KubernetesObject }));

const privileged = (object: Record<string, any>) => {
  const spec = object.kind === 'Pod' ? object.spec : object.spec.template.spec;
  spec.containers[0].securityContext.privileged = true;
  return object;
};

function ownedBy(
  object: Record<string, any>,
  kind: string,
  name: string,
): Record<string, any> {
  object.metadata.ownerReferences = [
    { apiVersion: 'apps/v1', kind, name, uid: `${name}-uid`, controller: true },
  ];
  return object;
}

function replicaSetOf(deployment: Record<string, any>, name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'shop',
      labels: deployment.spec.template.metadata.labels,
    },
    spec: {
      replicas: 3,
      selector: deployment.spec.selector,
      template: deployment.spec.template,
    },
  };
}

function podOf(template: Record<string, any>, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: template.metadata.labels },
    spec: template.spec,
  };
}

const privilegedFindings = (findings: Finding[]) =>
  findings
    .filter(f => f.checkId === CHECK_IDS.privilegedContainer)
    .map(f => `${f.resource.kind}/${f.resource.name}`);

describe('evaluatePosture', () => {
  describe('owner-reference de-duplication', () => {
    it('reports a Pod → ReplicaSet → Deployment chain once, on the Deployment', () => {
      const deployment = privileged(hardenedDeployment());
      const rs = ownedBy(
        replicaSetOf(deployment, 'web-7d9f'),
        'Deployment',
        'web',
      );
      const pod = ownedBy(
        podOf(deployment.spec.template, 'web-7d9f-abcde'),
        'ReplicaSet',
        'web-7d9f',
      );
      const { findings, resources } = evaluatePosture(
        asInput([pod, rs, deployment]),
      );
      expect(privilegedFindings(findings)).toEqual(['Deployment/web']);
      expect(
        resources.map(r => `${r.resource.kind}/${r.resource.name}`),
      ).toEqual(['Deployment/web']);
    });

    it('reports a Job of a CronJob on the CronJob', () => {
      const cronJob = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: 'shop' },
        spec: {
          schedule: '0 2 * * *',
          jobTemplate: {
            spec: {
              template: privileged(hardenedDeployment('nightly')).spec.template,
            },
          },
        },
      };
      const job = ownedBy(
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'nightly-28000000', namespace: 'shop' },
          spec: { template: cronJob.spec.jobTemplate.spec.template },
        },
        'CronJob',
        'nightly',
      );
      const { findings } = evaluatePosture(asInput([job, cronJob]));
      expect(privilegedFindings(findings)).toEqual(['CronJob/nightly']);
    });

    it('evaluates a Pod without owner references', () => {
      const pod = privileged(
        podOf(hardenedDeployment().spec.template, 'debug'),
      );
      const { findings } = evaluatePosture(asInput([pod]));
      expect(privilegedFindings(findings)).toEqual(['Pod/debug']);
    });

    it('evaluates a Pod whose owner is not in the input', () => {
      const pod = ownedBy(
        privileged(podOf(hardenedDeployment().spec.template, 'web-7d9f-abcde')),
        'ReplicaSet',
        'web-7d9f',
      );
      const { findings } = evaluatePosture(asInput([pod]));
      expect(privilegedFindings(findings)).toEqual(['Pod/web-7d9f-abcde']);
    });

    it('evaluates the ReplicaSet when only the Deployment is absent', () => {
      const template = privileged(hardenedDeployment()).spec.template;
      const rs = ownedBy(
        replicaSetOf({ spec: { template, selector: {} } }, 'web-7d9f'),
        'Deployment',
        'web',
      );
      const pod = ownedBy(
        podOf(template, 'web-7d9f-abcde'),
        'ReplicaSet',
        'web-7d9f',
      );
      const { findings } = evaluatePosture(asInput([rs, pod]));
      expect(privilegedFindings(findings)).toEqual(['ReplicaSet/web-7d9f']);
    });

    it('does not let an owner of the same name in another namespace suppress', () => {
      const other = hardenedDeployment('web', 'other');
      const rs = ownedBy(
        replicaSetOf(privileged(hardenedDeployment()), 'web-7d9f'),
        'Deployment',
        'web',
      );
      const { findings } = evaluatePosture(asInput([other, rs]));
      expect(privilegedFindings(findings)).toEqual(['ReplicaSet/web-7d9f']);
    });
  });

  it('reports containers of every type, with file and line', () => {
    const deployment = privileged(hardenedDeployment());
    const spec = deployment.spec.template.spec;
    spec.initContainers = [{ ...spec.containers[0], name: 'init' }];
    spec.ephemeralContainers = [{ ...spec.containers[0], name: 'debug' }];
    const { findings } = evaluatePosture([
      {
        object: deployment as KubernetesObject,
        file: 'deploy/web.yaml',
        line: 12,
      },
    ]);
    const found = findings.filter(
      f => f.checkId === CHECK_IDS.privilegedContainer,
    );
    expect(found).toEqual(
      ['app', 'debug', 'init'].map(container => ({
        checkId: CHECK_IDS.privilegedContainer,
        severity: 'critical',
        resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        container,
        message: `container "${container}" runs privileged`,
        location: { file: 'deploy/web.yaml', line: 12 },
        // privileged-container implements a PSS control: the version it was evaluated at
        podSecurityVersion: 'v1.37',
      })),
    );
  });

  it('puts namespaced objects without a namespace in default, cluster-scoped ones in none', () => {
    const deployment = privileged(hardenedDeployment());
    delete deployment.metadata.namespace;
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'everything' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    };
    const { findings, resources } = evaluatePosture(
      asInput([deployment, role]),
    );
    expect(
      findings.find(f => f.checkId === CHECK_IDS.privilegedContainer)?.resource,
    ).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
    const roleFinding = findings.find(
      f => f.checkId === CHECK_IDS.rbacWildcardRule,
    );
    expect(roleFinding?.resource).toEqual({
      kind: 'ClusterRole',
      name: 'everything',
    });
    expect(roleFinding?.resource.namespace).toBeUndefined();
    expect(resources.map(r => [r.resource.kind, r.isWorkload])).toEqual([
      ['ClusterRole', false],
      ['Deployment', true],
    ]);
  });

  it('sorts findings by resource, then check id, then container, whatever the input order', () => {
    const input = asInput(
      scenario(s => {
        s.app.securityContext = {};
        s.pod.containers.push({ ...s.app, name: 'a-sidecar' });
        s.extra.push(privileged(hardenedDeployment('api')));
      }),
    );
    const forward = evaluatePosture(input).findings;
    const backward = evaluatePosture([...input].reverse()).findings;
    expect(backward).toEqual(forward);
    const keys = forward.map(f =>
      [
        f.resource.kind,
        f.resource.namespace ?? '',
        f.resource.name,
        f.checkId,
        f.container ?? '',
      ].join('\u0000'),
    );
    expect(keys).toEqual([...keys].sort());
    expect(
      forward
        .filter(f => f.checkId === CHECK_IDS.readOnlyRootFilesystemMissing)
        .map(f => f.container),
    ).toEqual(['a-sidecar', 'app']);
  });

  it('runs the given checks instead of the built-in ones', () => {
    const noLabels: PostureCheck = {
      definition: {
        id: 'team-label-missing',
        title: 'No team label',
        category: 'reliability',
        severity: 'low',
        rationale: 'Owners must be reachable.',
        remediation: 'Add a team label.',
        remediationYaml: 'metadata:\n  labels:\n    team: payments',
        references: [],
      },
      kinds: ['Deployment'],
      evaluate: ({ object }) =>
        object.metadata.labels?.team
          ? []
          : [{ message: 'the Deployment has no team label' }],
    };
    const { findings } = evaluatePosture(asInput(scenario()), {
      checks: [noLabels],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'team-label-missing',
        severity: 'low',
      }),
    ]);
  });

  // Speed is measured by bench/posture, not asserted here.
  it('evaluates 10,000 workloads', () => {
    const input = asInput(
      Array.from({ length: 10_000 }, (_, i) => {
        const d = hardenedDeployment(`app-${i}`, `ns-${i % 200}`);
        if (i % 3 === 0)
          d.spec.template.spec.containers[0].securityContext = {};
        return d;
      }),
    );
    const { findings } = evaluatePosture(input);
    expect(findings.length).toBeGreaterThan(10_000);
  });

  it('looks up PDBs, HPAs and NetworkPolicies of 5,000 workloads in one namespace', () => {
    const input = asInput(
      Array.from({ length: 5_000 }, (_, i) => {
        const name = `app-${i}`;
        const labels = { 'app.kubernetes.io/name': name };
        return [
          hardenedDeployment(name),
          {
            kind: 'PodDisruptionBudget',
            metadata: { name, namespace: 'shop' },
            spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
          },
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name, namespace: 'shop' },
            // both directions: an ingress-only policy leaves egress open
            spec: {
              podSelector: { matchLabels: labels },
              policyTypes: ['Ingress', 'Egress'],
            },
          },
          {
            kind: 'HorizontalPodAutoscaler',
            metadata: { name, namespace: 'shop' },
            spec: {
              scaleTargetRef: { kind: 'Deployment', name },
              minReplicas: 2,
              maxReplicas: 4,
            },
          },
        ];
      }).flat(),
    );
    const { findings } = evaluatePosture(input);
    const ids = new Set(findings.map(f => f.checkId));
    expect(ids.has(CHECK_IDS.podDisruptionBudgetMissing)).toBe(false);
    expect(ids.has(CHECK_IDS.networkPolicyMissing)).toBe(false);
  });
});

describe('the example manifests', () => {
  const examples = path.resolve(__dirname, '../../../../examples/manifests');
  let findings: Finding[];

  beforeAll(async () => {
    findings = evaluatePosture(await readManifestFiles([examples])).findings;
  });

  const on = (kind: string, name: string) =>
    findings.filter(f => f.resource.kind === kind && f.resource.name === name);

  it.each(['payments-api', 'catalog-search', 'image-scan-webhook'])(
    'finds nothing critical or high on the hardened %s',
    name => {
      const serious = on('Deployment', name).filter(
        f => f.severity === 'critical' || f.severity === 'high',
      );
      expect(serious).toEqual([]);
      expect(on('Deployment', name).length).toBeGreaterThan(0);
    },
  );

  it('finds nothing critical or high on the hardened ledger-worker StatefulSet', () => {
    expect(
      on('StatefulSet', 'ledger-worker').filter(
        f => f.severity === 'critical' || f.severity === 'high',
      ),
    ).toEqual([]);
  });

  it('finds the literal DB_PASSWORD and the NodePort of cart-service', () => {
    expect(on('Deployment', 'cart-service')).toContainEqual(
      expect.objectContaining({
        checkId: CHECK_IDS.secretInEnvVar,
        container: 'cart-service',
        message: expect.stringContaining('DB_PASSWORD'),
      }),
    );
    expect(on('Service', 'cart-service')).toContainEqual(
      expect.objectContaining({ checkId: CHECK_IDS.serviceNodePort }),
    );
  });

  it('finds the privileged notification-dispatcher', () => {
    expect(on('Deployment', 'notification-dispatcher')).toContainEqual(
      expect.objectContaining({
        checkId: CHECK_IDS.privilegedContainer,
        severity: 'critical',
        container: 'notification-dispatcher',
      }),
    );
  });

  it('finds host network and NET_ADMIN on platform-ingress-gateway', () => {
    const gateway = on('Deployment', 'platform-ingress-gateway');
    expect(gateway).toContainEqual(
      expect.objectContaining({ checkId: CHECK_IDS.hostNetwork }),
    );
    expect(gateway).toContainEqual(
      expect.objectContaining({
        checkId: CHECK_IDS.dangerousCapabilities,
        container: 'envoy',
        message: expect.stringContaining('NET_ADMIN'),
      }),
    );
  });

  it('finds the platform namespace enforcing the privileged level', () => {
    expect(on('Namespace', 'platform')).toEqual([
      expect.objectContaining({
        checkId: CHECK_IDS.namespacePodSecurityNotEnforced,
      }),
    ]);
    expect(on('Namespace', 'payments')).toEqual([]);
  });

  it('carries the file and line of each finding', () => {
    const f = on('Deployment', 'cart-service')[0];
    expect(f.location?.file).toMatch(/storefront[\\/]cart-service\.yaml$/);
    expect(f.location?.line).toBeGreaterThan(1);
  });
});
