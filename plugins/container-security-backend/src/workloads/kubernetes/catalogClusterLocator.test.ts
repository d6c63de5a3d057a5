import { ConfigReader } from '@backstage/config';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import { KubernetesWorkloadSource } from './KubernetesWorkloadSource';
import {
  clusterHandlers,
  deployment,
  namespace,
} from './__testUtils__/kubernetesApi';

const server = setupServer();
registerMswTestHooks(server);

const CONFIGURED = 'https://configured.example.com';
const FROM_CATALOG = 'https://catalog-cluster.example.com';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.Y2F0YWxvZw.c2ln';

/** A cluster as the Kubernetes plugin's catalog locator reads it. */
const clusterResource = (
  name: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
});

const config = (methods: object[]) =>
  new ConfigReader({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: methods,
    },
  });

describe('the catalog cluster locator', () => {
  it('reads clusters from catalog Resources of type kubernetes-cluster, beside configured ones', async () => {
    const catalog = catalogServiceMock({
      entities: [
        clusterResource('prod-from-catalog', {
          'kubernetes.io/api-server': FROM_CATALOG,
          'kubernetes.io/auth-provider': 'serviceAccount',
          'kubernetes.io/skip-tls-verify': 'true',
        }),
        // Same name as a configured cluster: the configured one wins, read once.
        clusterResource('configured', {
          'kubernetes.io/api-server': 'https://elsewhere.example.com',
          'kubernetes.io/auth-provider': 'serviceAccount',
        }),
        // Not a cluster.
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'db', namespace: 'default' },
          spec: { type: 'database', owner: 'group:default/platform-team' },
        },
      ],
    });
    const configured = clusterHandlers(CONFIGURED, {
      pages: { Namespace: [[namespace('shop')]] },
    });
    const fromCatalog = clusterHandlers(FROM_CATALOG, {
      pages: {
        Namespace: [[namespace('payments')]],
        Deployment: [[deployment('api', 'payments', 'api:1')]],
      },
    });
    server.use(...configured.handlers, ...fromCatalog.handlers);

    const source = KubernetesWorkloadSource.fromConfig(
      config([
        {
          type: 'config',
          clusters: [
            {
              name: 'configured',
              url: CONFIGURED,
              authProvider: 'serviceAccount',
              serviceAccountToken: TOKEN,
            },
          ],
        },
        { type: 'catalog' },
      ]),
      {
        logger: mockServices.logger.mock(),
        catalog,
        auth: mockServices.auth(),
        inClusterTokenPath: '/nonexistent',
      },
    );
    const results = await source.readWorkloads();
    expect(results.map(r => [r.cluster, r.ok])).toEqual([
      ['configured', true],
      ['prod-from-catalog', true],
    ]);
    const api = results[1].workloads.map(w => `${w.namespace}/${w.name}`);
    expect(api).toEqual(['payments/api']);
    expect(configured.requests.length).toBeGreaterThan(0);
    expect(fromCatalog.requests.length).toBeGreaterThan(0);
  });

  it('counts as configured clusters, and needs the catalog to read them', () => {
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(
        config([{ type: 'catalog' }]),
      ),
    ).toBe(true);
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(config([{ type: 'gke' }])),
    ).toBe(false);
    expect(() =>
      KubernetesWorkloadSource.fromConfig(config([{ type: 'catalog' }]), {
        logger: mockServices.logger.mock(),
      }),
    ).toThrow('need the catalog and auth services');
  });

  it('fails the read when the catalog cannot be read, so no cluster is forgotten', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: async () => {
        throw new Error('catalog unavailable');
      },
    });
    const source = KubernetesWorkloadSource.fromConfig(
      config([{ type: 'catalog' }]),
      {
        logger: mockServices.logger.mock(),
        catalog,
        auth: mockServices.auth(),
      },
    );
    await expect(source.readWorkloads()).rejects.toThrow('catalog unavailable');
  });
});
