import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  containerSecurityEntityActPermission,
  EntityPostureResponse,
  EntityWorkloadsResponse,
  ScorecardsResponse,
} from '@containersec/plugin-container-security-common';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { containerSecurityPlugin } from './plugin';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  containerSecurityVulnerabilitySourcesExtensionPoint,
  summarizeVulnerabilities,
} from '@containersec/plugin-container-security-node';

const seenImages: string[][] = [];
const fakeScanner = createBackendModule({
  pluginId: 'container-security',
  moduleId: 'fake-scanner',
  register(reg) {
    reg.registerInit({
      deps: { sources: containerSecurityVulnerabilitySourcesExtensionPoint },
      async init({ sources }) {
        sources.addVulnerabilitySource({
          id: 'fake',
          async readReports(images) {
            seenImages.push(images);
            return images
              .filter(i => i === 'registry/payments-api:1.0.0')
              .map(image =>
                summarizeVulnerabilities(image, 'fake', [
                  {
                    id: 'CVE-2024-5535',
                    severity: 'high',
                    packageName: 'openssl',
                    installedVersion: '3.0.13',
                    fixedVersion: '3.0.14',
                  },
                  {
                    id: 'CVE-2023-45853',
                    severity: 'critical',
                    packageName: 'zlib',
                    installedVersion: '1.2.13',
                  },
                ]),
              );
          },
        });
      },
    });
  },
});

jest.setTimeout(60_000);

const databases = createTestDatabases();
const manifests = createMockDirectory();

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/payments-team',
    lifecycle: 'production',
  },
});

const deployment = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: { name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(
      labels,
    )}, annotations: ${JSON.stringify(annotations)} }`,
    'spec:',
    '  template:',
    '    spec:',
    `      containers: [{ name: app, image: "registry/${name}:1.0.0" }]`,
  ].join('\n');

const OUTSIDER = 'user:default/outsider';

describe.each(databases.eachSupportedId())(
  'container-security plugin on %p',
  id => {
    let server: request.Agent;
    const authorize = jest.fn(async (requests: any[], options: any) =>
      requests.map(r => ({
        result:
          r.permission.name === containerSecurityEntityActPermission.name &&
          options.credentials.principal.userEntityRef === OUTSIDER
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );

    beforeAll(async () => {
      manifests.setContent({
        'payments/api.yaml': [
          deployment(
            'payments-api',
            'payments',
            { 'backstage.io/kubernetes-id': 'payments-api' },
            {
              'exempt.container-security.io/run-as-root-allowed':
                'reason=image fixed in 2.0; owner=group:default/payments-team; expires=2099-12-31',
              'exempt.container-security.io/read-only-root-filesystem-missing':
                'reason=writes /tmp; owner=group:default/payments-team; expires=2020-01-01; container=app',
            },
          ),
          '---',
          deployment('payments-api', 'staging', {
            'backstage.io/kubernetes-id': 'payments-api',
          }),
          '---',
          'kind: Service',
          'metadata: { name: payments-api, namespace: payments }',
        ].join('\n'),
        'search/search.yaml': deployment('search', 'storefront', {
          'app.kubernetes.io/name': 'search',
        }),
      });
      const knex = await databases.init(id);
      const { server: httpServer } = await startTestBackend({
        features: [
          containerSecurityPlugin,
          fakeScanner,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                workloads: {
                  manifests: [{ name: 'demo', paths: [manifests.path] }],
                },
              },
            },
          }),
          mockServices.database.factory({ knex }),
          // Without this the test backend treats header-less requests as a signed-in user.
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.permissions.mock({ authorize }).factory,
          catalogServiceMock.factory({
            entities: [
              component('payments-api', {
                'backstage.io/kubernetes-id': 'payments-api',
                'backstage.io/kubernetes-namespace': 'payments',
              }),
              component('search', {
                'backstage.io/kubernetes-label-selector':
                  'app.kubernetes.io/name=search',
              }),
              component('legacy', {}),
              component('broken', {
                'backstage.io/kubernetes-label-selector': 'app in (a',
              }),
              // A team with a sub-team; relations as the catalog would have built them.
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: { name: 'platform', namespace: 'default' },
                spec: { type: 'team', children: ['payments-team'] },
                relations: [
                  {
                    type: 'parentOf',
                    targetRef: 'group:default/payments-team',
                  },
                ],
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: {
                  name: 'payments-team',
                  namespace: 'default',
                  title: 'Payments team',
                },
                spec: { type: 'team', children: [] },
                relations: [
                  { type: 'childOf', targetRef: 'group:default/platform' },
                  ...['payments-api', 'search', 'legacy'].map(name => ({
                    type: 'ownerOf',
                    targetRef: `component:default/${name}`,
                  })),
                ],
              },
            ],
          }),
        ],
      });
      server = request.agent(httpServer);
    });

    const asUser = (ref = 'user:default/guest') => ({
      Authorization: mockCredentials.user.header(ref),
    });

    it('answers health checks without credentials', async () => {
      const res = await server.get('/api/container-security/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it.each([
      ['get', '/api/container-security/workloads'],
      [
        'get',
        '/api/container-security/entities/default/component/payments-api/workloads',
      ],
      [
        'post',
        '/api/container-security/entities/default/component/payments-api/refresh',
      ],
    ] as const)('rejects %s %s without credentials', async (method, path) => {
      const res = await server[method](path);
      expect(res.status).toBe(401);
    });

    it("serves an entity's workloads, matched by annotations, after checking permission", async () => {
      const res = await server
        .get(
          '/api/container-security/entities/default/component/payments-api/workloads',
        )
        .set(asUser());
      expect(res.status).toBe(200);
      const body = res.body as EntityWorkloadsResponse;
      expect(body.entityRef).toBe('component:default/payments-api');
      expect(
        body.workloads.map(w => `${w.namespace}/${w.kind}/${w.name}`),
      ).toEqual(['payments/Deployment/payments-api']);
      expect(body.sources).toEqual([
        expect.objectContaining({
          source: 'manifests:demo',
          cluster: 'demo',
          ok: true,
          workloadCount: 3,
        }),
      ]);
      expect(authorize).toHaveBeenCalledWith(
        [
          expect.objectContaining({
            resourceRef: 'component:default/payments-api',
          }),
        ],
        expect.anything(),
      );
    });

    it('matches label-selector annotations and answers empty for unannotated entities', async () => {
      const search = await server
        .get(
          '/api/container-security/entities/default/component/search/workloads',
        )
        .set(asUser());
      expect(search.body.workloads.map((w: any) => w.name)).toEqual(['search']);
      const legacy = await server
        .get(
          '/api/container-security/entities/default/component/legacy/workloads',
        )
        .set(asUser());
      expect(legacy.status).toBe(200);
      expect(legacy.body.workloads).toEqual([]);
    });

    it('answers 404 for unknown entities and 400 for malformed references or annotations', async () => {
      const missing = await server
        .get(
          '/api/container-security/entities/default/component/nope/workloads',
        )
        .set(asUser());
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('component:default/nope');

      const badRef = await server
        .get(
          '/api/container-security/entities/default/component/..%2Fetc/workloads',
        )
        .set(asUser());
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.message).toMatch(
        /Invalid entity reference: name/,
      );

      const badAnnotation = await server
        .get(
          '/api/container-security/entities/default/component/broken/workloads',
        )
        .set(asUser());
      expect(badAnnotation.status).toBe(400);
      expect(badAnnotation.body.error.message).toContain('invalid annotation');
      expect(badAnnotation.body.error.stack).toBeUndefined();
    });

    it("scores an entity's workloads and shows active and expired exemptions", async () => {
      const res = await server
        .get(
          '/api/container-security/entities/default/component/payments-api/posture',
        )
        .set(asUser());
      expect(res.status).toBe(200);
      const body = res.body as EntityPostureResponse;
      expect(body.entityRef).toBe('component:default/payments-api');
      const [workload] = body.resources.filter(r => r.isWorkload);
      expect(workload.resource).toEqual({
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
      });
      const activeIds = workload.findings.map(f => f.checkId);
      expect(activeIds).toContain('cpu-limits-missing');
      expect(activeIds).not.toContain('run-as-root-allowed');
      expect(activeIds).toContain('read-only-root-filesystem-missing');
      expect(workload.exempted).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            checkId: 'run-as-root-allowed',
            exemption: expect.objectContaining({
              origin: 'annotation',
              expired: false,
              owner: 'group:default/payments-team',
            }),
          }),
          expect.objectContaining({
            checkId: 'read-only-root-filesystem-missing',
            container: 'app',
            exemption: expect.objectContaining({
              expired: true,
              expires: '2020-01-01',
            }),
          }),
        ]),
      );
      expect(body.score).toBe(workload.score);
      expect(body.grade).toMatch(/^[A-F]$/);
      const total = Object.values(body.counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(
        body.resources.reduce((n, r) => n + r.findings.length, 0),
      );
      // the sync that ran at start-up also stored a snapshot
      expect(body.trend).toEqual([
        expect.objectContaining({
          score: body.score,
          grade: body.grade,
          workloadCount: 1,
        }),
      ]);
      expect(JSON.stringify(body)).not.toContain(manifests.path);
    });

    it('serves scorecards from the stored snapshots and validates filters', async () => {
      const res = await server
        .get('/api/container-security/scorecards')
        .set(asUser());
      expect(res.status).toBe(200);
      const body = res.body as ScorecardsResponse;
      expect(body.entries.map(e => e.entityRef).sort()).toEqual([
        'component:default/payments-api',
        'component:default/search',
      ]);
      const payments = body.entries.find(
        e => e.entityRef === 'component:default/payments-api',
      )!;
      expect(payments).toMatchObject({
        owner: 'group:default/payments-team',
        kind: 'Component',
        workloadCount: 1,
      });
      expect(body.groups.owner).toEqual([
        expect.objectContaining({
          ref: 'group:default/payments-team',
          entityCount: 2,
        }),
      ]);
      const filtered = await server
        .get('/api/container-security/scorecards?owner=group:default/nobody')
        .set(asUser());
      expect(filtered.body.entries).toEqual([]);
      const bad = await server
        .get('/api/container-security/scorecards?owner=payments-team')
        .set(asUser());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('full entity ref');
    });

    it("rolls a group's services up into its scorecard", async () => {
      const own = await server
        .get(
          '/api/container-security/entities/default/component/payments-api/scorecard',
        )
        .set(asUser());
      expect(own.status).toBe(200);
      expect(own.body.entries).toHaveLength(1);
      expect(own.body.score).toBe(own.body.entries[0].score);

      // A parent team rolls up its sub-team's services and says which are left out.
      const parent = await server
        .get(
          '/api/container-security/entities/default/group/platform/scorecard',
        )
        .set(asUser());
      expect(parent.status).toBe(200);
      expect(parent.body.subGroups).toEqual([
        {
          entityRef: 'group:default/payments-team',
          parentRef: 'group:default/platform',
          title: 'Payments team',
        },
      ]);
      expect(parent.body.entries.map((e: any) => e.entityRef)).toContain(
        'component:default/payments-api',
      );
      expect(parent.body.excluded).toContainEqual({
        entityRef: 'component:default/legacy',
        reason: 'no-kubernetes-annotation',
      });
    });

    it("reports the vulnerabilities of an entity's images from the added source", async () => {
      expect(seenImages.flat()).toContain('registry/payments-api:1.0.0');
      const res = await server
        .get(
          '/api/container-security/entities/default/component/payments-api/vulnerabilities',
        )
        .set(asUser());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/payments-api',
        totals: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 },
        fixable: 1,
        images: [
          {
            image: 'registry/payments-api:1.0.0',
            workloads: ['Deployment/payments/payments-api'],
            report: {
              source: 'fake',
              vulnerabilities: [
                { id: 'CVE-2023-45853' },
                { id: 'CVE-2024-5535' },
              ],
            },
          },
        ],
      });
      const search = await server
        .get(
          '/api/container-security/entities/default/component/search/vulnerabilities',
        )
        .set(asUser());
      expect(search.body.images).toEqual([
        {
          image: 'registry/search:1.0.0',
          workloads: ['Deployment/storefront/search'],
        },
      ]);
    });

    it('answers an empty posture for entities without Kubernetes annotations', async () => {
      const res = await server
        .get(
          '/api/container-security/entities/default/component/legacy/posture',
        )
        .set(asUser());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ resources: [], trend: [] });
      expect(res.body.score).toBeUndefined();
    });

    it('lets permitted users trigger a rescan and forbids others', async () => {
      const ok = await server
        .post(
          '/api/container-security/entities/default/component/payments-api/refresh',
        )
        .set(asUser());
      expect(ok.status).toBe(202);
      const denied = await server
        .post(
          '/api/container-security/entities/default/component/payments-api/refresh',
        )
        .set(asUser(OUTSIDER));
      expect(denied.status).toBe(403);
    });

    it('pages the org-wide workload list and validates its query', async () => {
      const page = await server
        .get('/api/container-security/workloads?limit=2&offset=1')
        .set(asUser());
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(3);
      expect(page.body.items).toHaveLength(2);

      const filtered = await server
        .get('/api/container-security/workloads?namespace=storefront')
        .set(asUser());
      expect(filtered.body.items.map((w: any) => w.name)).toEqual(['search']);

      for (const query of ['limit=0', 'limit=abc', 'offset=-1', 'unknown=1']) {
        const bad = await server
          .get(`/api/container-security/workloads?${query}`)
          .set(asUser());
        expect(bad.status).toBe(400);
        expect(bad.body.error.name).toBe('InputError');
      }
    });
  },
);
