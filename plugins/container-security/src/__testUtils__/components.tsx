import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import {
  EntityCostResponse,
  EntityNetworkResponse,
  EntityPostureResponse,
  EntityScorecardResponse,
  EntityVulnerabilitiesResponse,
  EntityWorkloadsResponse,
  ScorecardEntry,
  ScorecardsResponse,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { ReactNode } from 'react';
import {
  ContainerSecurityApi,
  containerSecurityApiRef,
} from '../api/ContainerSecurityApi';

export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
};

export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-reporting', namespace: 'default' },
};

export const workload = (name: string, image: string): WorkloadSummary => ({
  cluster: 'demo-eks',
  namespace: 'payments',
  kind: 'Deployment',
  name,
  labels: {},
  containers: [
    { name: 'app', image, type: 'app' },
    { name: 'istio-proxy', image: 'istio/proxyv2:1.24.0', type: 'app' },
  ],
  source: 'manifests:demo-eks',
  observedAt: '2026-11-22T10:00:00.000Z',
});

export const response = (
  workloads: WorkloadSummary[],
  sources: EntityWorkloadsResponse['sources'] = [],
): EntityWorkloadsResponse => ({
  entityRef: 'component:default/payments-api',
  workloads,
  sources,
});

/** A posture answer for an entity without workloads (no score, nothing found). */
export const emptyPosture = (
  overrides: Partial<EntityPostureResponse> = {},
): EntityPostureResponse => ({
  entityRef: 'component:default/payments-api',
  counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  resources: [],
  trend: [],
  sources: [],
  ...overrides,
});

/** One scorecard entry of a Component, with overridable fields. */
export const scorecardEntry = (
  name: string,
  overrides: Partial<ScorecardEntry> = {},
): ScorecardEntry => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  title: name,
  owner: 'group:default/payments-team',
  system: 'system:default/payments',
  domain: 'domain:default/commerce',
  lifecycle: 'production',
  score: 80,
  grade: 'B',
  counts: { critical: 0, high: 1, medium: 2, low: 0, info: 1 },
  workloadCount: 1,
  failingChecks: [],
  takenAt: '2026-11-22T10:00:00.000Z',
  risk: { likelihood: 'low', impact: 'low' },
  ...overrides,
});

/** A scorecards answer before the first snapshot (nothing at all). */
export const emptyScorecards = (
  overrides: Partial<ScorecardsResponse> = {},
): ScorecardsResponse => ({
  entries: [],
  gradeDistribution: { A: 0, B: 0, C: 0, D: 0, F: 0 },
  topFailingChecks: [],
  groups: { owner: [], system: [], domain: [] },
  levels: [],
  campaigns: [],
  ...overrides,
});

/** An entity scorecard answer without entries. */
export const emptyEntityScorecard = (
  overrides: Partial<EntityScorecardResponse> = {},
): EntityScorecardResponse => ({
  entityRef: 'system:default/payments',
  entries: [],
  ...overrides,
});

/** A vulnerabilities answer for an entity without images. */
export const emptyVulnerabilities = (
  overrides: Partial<EntityVulnerabilitiesResponse> = {},
): EntityVulnerabilitiesResponse => ({
  entityRef: 'component:default/payments-api',
  totals: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
  fixable: 0,
  images: [],
  ...overrides,
});

/** A network answer for an entity whose pods no policy selects and nothing reaches. */
export const emptyNetwork = (
  overrides: Partial<EntityNetworkResponse> = {},
): EntityNetworkResponse => ({
  entityRef: 'component:default/payments-api',
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
  ...overrides,
});

/** A cost answer for an entity none of whose workloads has metrics. */
export const emptyCost = (
  overrides: Partial<EntityCostResponse> = {},
): EntityCostResponse => ({
  entityRef: 'component:default/payments-api',
  currency: 'USD',
  monthlyCost: 0,
  potentialSavings: 0,
  workloads: [],
  hints: [],
  workloadsWithoutMetrics: [],
  sources: [],
  ...overrides,
});

export function mockApi(
  partial: Partial<ContainerSecurityApi>,
): jest.Mocked<ContainerSecurityApi> {
  return {
    getEntityWorkloads: jest.fn(),
    // Resolves by default, so views that load posture alongside workloads still render.
    getEntityPosture: jest.fn().mockResolvedValue(emptyPosture()),
    refreshEntity: jest.fn(),
    listWorkloads: jest.fn(),
    // Resolve by default, so views that show scorecards beside other data still render.
    getScorecards: jest.fn().mockResolvedValue(emptyScorecards()),
    getEntityScorecard: jest.fn().mockResolvedValue(emptyEntityScorecard()),
    getEntityVulnerabilities: jest
      .fn()
      .mockResolvedValue(emptyVulnerabilities()),
    getEntityNetwork: jest.fn().mockResolvedValue(emptyNetwork()),
    // No cost data by default, so the Security tab renders without it.
    getEntityCost: jest.fn().mockResolvedValue(emptyCost()),
    // The org page's summary loads these beside every tab: resolve to an empty estate.
    getCostOverview: jest.fn().mockResolvedValue({
      currency: 'USD',
      totals: { monthlyCost: 0, potentialSavings: 0, hintCount: 0 },
      byTeam: [],
      byService: [],
      sources: [],
    }),
    previewEntityNetworkPolicy: jest.fn(),
    // Alerts resolve to nothing by default, so the Security tab renders without them.
    listEntityAlerts: jest.fn().mockResolvedValue({
      entityRef: 'component:default/payments-api',
      items: [],
      canAct: false,
    }),
    getEntityAlertHistogram: jest.fn().mockResolvedValue({
      from: '2026-11-15T10:00:00.000Z',
      to: '2026-11-22T10:00:00.000Z',
      bucketMs: 3_600_000,
      buckets: [],
    }),
    getEntityAlert: jest.fn(),
    setEntityAlertStatus: jest.fn(),
    getAlertsOverview: jest.fn().mockResolvedValue({
      from: '2026-11-15T10:00:00.000Z',
      to: '2026-11-22T10:00:00.000Z',
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
    listUnattributedAlerts: jest.fn(),
    getUnattributedAlert: jest.fn(),
    // No audit events by default, so the Security tab renders without them.
    listEntityAuditEvents: jest.fn().mockResolvedValue({
      entityRef: 'component:default/payments-api',
      hasAwsResources: false,
      resourceKeys: [],
      invalidAnnotations: [],
      items: [],
      sources: [],
    }),
    listRiskyAuditEvents: jest
      .fn()
      .mockResolvedValue({ items: [], sources: [] }),
    getRespondersOverview: jest.fn(),
    // No responders by default, so the Security tab renders without them.
    getEntityResponders: jest
      .fn()
      .mockResolvedValue({ enabled: false, functions: [], pending: [] }),
    listEntityResponderActions: jest.fn().mockResolvedValue({ items: [] }),
    listResponderActions: jest.fn(),
    invokeEntityResponder: jest.fn(),
    approveResponderAction: jest.fn(),
    rejectResponderAction: jest.fn(),
    ...partial,
  } as jest.Mocked<ContainerSecurityApi>;
}

export function Wrapper(props: {
  api: ContainerSecurityApi;
  entity: Entity;
  children: ReactNode;
}) {
  return (
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, props.api],
        // Allows everything; responder tests bring their own.
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={props.entity}>{props.children}</EntityProvider>
    </TestApiProvider>
  );
}
