import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  containerSecurityOverviewReadPermission,
  CostOverviewResponse,
  EntityCostResponse,
} from '@containersec/plugin-container-security-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { containerSecurityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const dir = createMockDirectory();

const OUTSIDER = 'user:default/outsider';
const NO_OVERVIEW = 'user:default/no-overview';
const API = '/api/container-security';

const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

const deployment = (name: string, id: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: { name: ${name}, namespace: shop, labels: { backstage.io/kubernetes-id: ${id} } }`,
    'spec:',
    '  replicas: 3',
    '  template:',
    '    spec:',
    `      containers: [{ name: app, image: "registry/${name}:1" }]`,
  ].join('\n');

const hours = 48;
const series = (value: number) => Array.from({ length: hours }, () => value);
const snapshot = {
  cluster: 'prod',
  start: '2026-11-16T00:00:00Z',
  periodSeconds: 3600,
  workloads: [
    {
      // Requests 1 core, uses 0.1: right-size; a stateless Deployment with 3 replicas: spot.
      namespace: 'shop',
      workload: 'api',
      usesPersistentVolumes: false,
      replicas: 3,
      cpuRequestCores: 1,
      memoryRequestMiB: 512,
      cpuUsageCores: series(0.1),
      memoryUsageMiB: series(400),
    },
    {
      // Idle.
      namespace: 'shop',
      workload: 'web',
      replicas: 2,
      cpuRequestCores: 0.5,
      memoryRequestMiB: 256,
      cpuUsageCores: series(0.001),
      memoryUsageMiB: series(30),
    },
  ],
};

describe.each(databases.eachSupportedId())('cost routes on %p', id => {
  let server: request.Agent;
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(r => {
      const user = options.credentials.principal?.userEntityRef;
      const overview =
        r.permission.name === containerSecurityOverviewReadPermission.name;
      return {
        result:
          user === OUTSIDER || (overview && user === NO_OVERVIEW)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      };
    }),
  );

  beforeAll(async () => {
    dir.setContent({
      'manifests/shop.yaml': [
        deployment('api', 'api'),
        deployment('api-worker', 'api'),
        deployment('web', 'web'),
      ].join('\n---\n'),
      'metrics/prod.json': JSON.stringify(snapshot),
    });
    const knex = await databases.init(id);
    const { server: httpServer } = await startTestBackend({
      features: [
        containerSecurityPlugin,
        mockServices.rootConfig.factory({
          data: {
            containerSecurity: {
              workloads: {
                manifests: [{ name: 'prod', paths: [`${dir.path}/manifests`] }],
              },
              cost: {
                files: { paths: [`${dir.path}/metrics`] },
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 1 },
                },
                clusters: [{ name: 'prod', capacityType: 'ec2' }],
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.mock({ authorize }).factory,
        catalogServiceMock.factory({
          entities: [
            component('api', 'group:default/team-a'),
            component('web', 'team-b'),
          ],
        }),
      ],
    });
    server = request.agent(httpServer);
  });

  const asUser = (ref = 'user:default/guest') => ({
    Authorization: mockCredentials.user.header(ref),
  });

  // The scheduled pull and workload sync run once at start-up; wait for both.
  async function entityCost(name: string): Promise<EntityCostResponse> {
    for (let i = 0; i < 100; i++) {
      const res = await server
        .get(`${API}/entities/default/component/${name}/cost`)
        .set(asUser());
      expect(res.status).toBe(200);
      if (res.body.workloads.length > 0) return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('no cost data after 10 s');
  }

  it('rejects requests without credentials', async () => {
    expect(
      (await server.get(`${API}/entities/default/component/api/cost`)).status,
    ).toBe(401);
    expect((await server.get(`${API}/cost/overview`)).status).toBe(401);
  });

  it('checks read permission on the entity and overview permission on the overview', async () => {
    const entity = await server
      .get(`${API}/entities/default/component/api/cost`)
      .set(asUser(OUTSIDER));
    expect(entity.status).toBe(403);
    expect(entity.body.error.message).toContain(
      'container-security.entity.read',
    );
    const overview = await server
      .get(`${API}/cost/overview`)
      .set(asUser(NO_OVERVIEW));
    expect(overview.status).toBe(403);
    expect(overview.body.error.message).toContain(
      'container-security.overview.read',
    );
  });

  it('rejects malformed references and unknown query parameters with 400', async () => {
    const bad = await server
      .get(`${API}/entities/default/component/bad%20name!/cost`)
      .set(asUser());
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    const query = await server.get(`${API}/cost/overview?team=x`).set(asUser());
    expect(query.status).toBe(400);
    expect(query.body.error.message).toContain('Invalid query');
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const res = await server
      .get(`${API}/entities/default/component/ghost/cost`)
      .set(asUser());
    expect(res.status).toBe(404);
  });

  it("serves an entity's estimate, savings and hints from the store", async () => {
    const body = await entityCost('api');
    expect(body.entityRef).toBe('component:default/api');
    expect(body.currency).toBe('USD');
    expect(body.workloads.map(w => w.workload)).toEqual([
      { cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'api' },
    ]);
    expect(body.workloadsWithoutMetrics.map(w => w.name)).toEqual([
      'api-worker',
    ]);
    expect(body.hints.map(h => `${h.type}:${h.resource}`)).toEqual([
      'right-size:cpu',
      'spot:workload',
    ]);
    // The kind came from the workload store: the snapshot did not say.
    expect(body.hints[0].workload.kind).toBe('Deployment');
    expect(body.hints[0]).toMatchObject({
      current: '1 CPU per pod',
      suggested: '130m CPU per pod',
    });
    expect(body.monthlyCost).toBeGreaterThan(0);
    expect(body.potentialSavings).toBeCloseTo(
      body.hints.reduce((n, h) => n + h.monthlySavings, 0),
      1,
    );
    expect(body.sources).toEqual([
      expect.objectContaining({
        source: 'files',
        cluster: 'prod',
        ok: true,
        workloadCount: 2,
      }),
    ]);
  });

  it('totals savings by owning team and by service', async () => {
    const [api, web] = [await entityCost('api'), await entityCost('web')];
    const res = await server.get(`${API}/cost/overview`).set(asUser());
    expect(res.status).toBe(200);
    const body = res.body as CostOverviewResponse;
    expect(body.byService.map(s => [s.entityRef, s.owner])).toEqual([
      ['component:default/api', 'group:default/team-a'],
      ['component:default/web', 'group:default/team-b'],
    ]);
    expect(body.byTeam).toEqual([
      {
        owner: 'group:default/team-a',
        serviceCount: 1,
        monthlyCost: api.monthlyCost,
        potentialSavings: api.potentialSavings,
        hintCount: 2,
      },
      {
        owner: 'group:default/team-b',
        serviceCount: 1,
        monthlyCost: web.monthlyCost,
        potentialSavings: web.potentialSavings,
        hintCount: 1,
      },
    ]);
    expect(body.totals.potentialSavings).toBeCloseTo(
      api.potentialSavings + web.potentialSavings,
      2,
    );
  });
});
