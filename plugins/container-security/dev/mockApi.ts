import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityPostureResponse,
  EntityVulnerabilitiesResponse,
  ScorecardEntry,
  SourceStatus,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { ContainerSecurityApi } from '../src';

/**
 * Answers for the dev app: one service with two workloads, posture findings, a vulnerable
 * image and a scorecard, so every view renders with data and without a backend. Views
 * that act (rescan, alert status, responders, what-if) report that the harness cannot.
 */
const SYNCED_AT = '2026-11-22T10:00:00.000Z';

const sources: SourceStatus[] = [
  {
    source: 'manifests',
    cluster: 'demo-eks',
    ok: true,
    syncedAt: SYNCED_AT,
    workloadCount: 2,
  },
];

function workload(name: string, image: string): WorkloadSummary {
  return {
    cluster: 'demo-eks',
    namespace: 'payments',
    kind: 'Deployment',
    name,
    labels: { app: name },
    containers: [{ name: 'app', image, type: 'app' }],
    source: 'manifests:demo-eks',
    observedAt: SYNCED_AT,
  };
}

const workloads = [
  workload('payments-api', 'registry.internal/payments-api:1.4.2'),
  workload('payments-worker', 'docker.io/library/python:3.9'),
];

function posture(entityRef: string): EntityPostureResponse {
  return {
    entityRef,
    score: 72,
    grade: 'C',
    counts: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
    resources: [
      {
        resource: {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'payments-worker',
        },
        cluster: 'demo-eks',
        isWorkload: true,
        score: 55,
        grade: 'F',
        findings: [
          {
            checkId: 'privileged-container',
            severity: 'critical',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-worker',
            },
            container: 'app',
            message: 'The container runs privileged',
          },
          {
            checkId: 'run-as-non-root',
            severity: 'high',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-worker',
            },
            container: 'app',
            message: 'The container may run as root',
          },
        ],
        exempted: [],
      },
      {
        resource: {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'payments-api',
        },
        cluster: 'demo-eks',
        isWorkload: true,
        score: 90,
        grade: 'A',
        findings: [
          {
            checkId: 'memory-limit-missing',
            severity: 'medium',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-api',
            },
            container: 'app',
            message: 'No memory limit is set',
          },
        ],
        exempted: [],
      },
    ],
    trend: [
      {
        takenAt: '2026-11-20T10:00:00.000Z',
        score: 64,
        grade: 'D',
        counts: { critical: 1, high: 2, medium: 2, low: 0, info: 0 },
        workloadCount: 2,
      },
      {
        takenAt: SYNCED_AT,
        score: 72,
        grade: 'C',
        counts: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
        workloadCount: 2,
      },
    ],
    sources,
  };
}

function vulnerabilities(entityRef: string): EntityVulnerabilitiesResponse {
  const counts = { critical: 0, high: 1, medium: 0, low: 0, unknown: 0 };
  return {
    entityRef,
    totals: counts,
    fixable: 1,
    images: [
      {
        image: 'docker.io/library/python:3.9',
        workloads: ['payments/Deployment/payments-worker'],
        report: {
          image: 'docker.io/library/python:3.9',
          source: 'trivy',
          scannedAt: SYNCED_AT,
          counts,
          fixable: 1,
          vulnerabilities: [
            {
              id: 'CVE-2026-0001',
              severity: 'high',
              packageName: 'openssl',
              installedVersion: '3.0.2',
              fixedVersion: '3.0.15',
              title: 'An example vulnerability of the dev app',
            },
          ],
        },
      },
    ],
  };
}

const scorecard: ScorecardEntry = {
  entityRef: 'component:default/payments-api',
  kind: 'Component',
  title: 'payments-api',
  owner: 'group:default/payments-team',
  system: 'system:default/payments',
  domain: 'domain:default/commerce',
  lifecycle: 'production',
  score: 72,
  grade: 'C',
  counts: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
  workloadCount: 2,
  failingChecks: ['privileged-container', 'run-as-non-root'],
  takenAt: SYNCED_AT,
  risk: { likelihood: 'high', impact: 'high' },
};

const notInHarness = () =>
  Promise.reject(new Error('The dev app has no backend to act on'));

const ref = (entity: CompoundEntityRef) => stringifyEntityRef(entity);

export const mockContainerSecurityApi: ContainerSecurityApi = {
  getEntityWorkloads: async entity => ({
    entityRef: ref(entity),
    workloads,
    sources,
  }),
  getEntityPosture: async entity => posture(ref(entity)),
  refreshEntity: notInHarness,
  listWorkloads: async () => ({
    items: workloads,
    totalCount: workloads.length,
    sources,
  }),
  getScorecards: async () => ({
    entries: [scorecard],
    gradeDistribution: { A: 0, B: 0, C: 1, D: 0, F: 0 },
    topFailingChecks: [],
    groups: { owner: [], system: [], domain: [] },
    levels: [],
    campaigns: [],
  }),
  getEntityScorecard: async entity => ({
    entityRef: ref(entity),
    entries: [scorecard],
  }),
  getEntityVulnerabilities: async entity => vulnerabilities(ref(entity)),
  getEntityCost: async entity => ({
    entityRef: ref(entity),
    currency: 'USD',
    monthlyCost: 0,
    potentialSavings: 0,
    workloads: [],
    hints: [],
    workloadsWithoutMetrics: [],
    sources: [],
  }),
  getCostOverview: async () => ({
    currency: 'USD',
    totals: { monthlyCost: 0, potentialSavings: 0, hintCount: 0 },
    byTeam: [],
    byService: [],
    sources: [],
  }),
  getEntityNetwork: async entity => ({
    entityRef: ref(entity),
    workloads: [],
    policies: [],
    isolation: {
      ingress: { isolated: false, policies: [] },
      egress: { isolated: false, policies: [] },
    },
    reachableFrom: [],
    reachableTo: [],
    findings: [],
    graph: { nodes: [], edges: [] },
    sources: [],
  }),
  previewEntityNetworkPolicy: notInHarness,
  listEntityAlerts: async entity => ({
    entityRef: ref(entity),
    items: [],
    canAct: false,
  }),
  getEntityAlertHistogram: async () => ({
    from: '2026-11-15T10:00:00.000Z',
    to: SYNCED_AT,
    bucketMs: 3_600_000,
    buckets: [],
  }),
  getEntityAlert: notInHarness,
  setEntityAlertStatus: notInHarness,
  getAlertsOverview: async () => ({
    from: '2026-11-15T10:00:00.000Z',
    to: SYNCED_AT,
    bucketMs: 3_600_000,
    total: 0,
    previousTotal: 0,
    byPriority: [],
    byRule: [],
    byService: [],
    topRules: [],
    priorities: [],
    services: [],
    unattributedCount: 0,
  }),
  listUnattributedAlerts: async () => ({ items: [] }),
  // The dev harness lists no unattributed alert, so none can be opened.
  getUnattributedAlert: async id => {
    throw new Error(`No unattributed alert ${id}`);
  },
  listEntityAuditEvents: async entity => ({
    entityRef: ref(entity),
    hasAwsResources: false,
    resourceKeys: [],
    invalidAnnotations: [],
    items: [],
    sources: [],
  }),
  listRiskyAuditEvents: async () => ({ items: [], sources: [] }),
  getRespondersOverview: async () => ({
    enabled: false,
    killSwitch: false,
    rules: [],
    allowedFunctions: [],
    limits: {
      ruleCooldownSeconds: 600,
      serviceCooldownSeconds: 120,
      maxActionsPerHour: 30,
      actionsLastHour: 0,
    },
    approvalTimeoutSeconds: 14_400,
  }),
  getEntityResponders: async () => ({
    enabled: false,
    functions: [],
    pending: [],
  }),
  listEntityResponderActions: async () => ({ items: [] }),
  listResponderActions: async () => ({ items: [] }),
  invokeEntityResponder: notInHarness,
  approveResponderAction: notInHarness,
  rejectResponderAction: notInHarness,
};
