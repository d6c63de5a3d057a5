import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  containerSecurityRespondersExtensionPoint,
  ResponderInvocation,
} from '@containersec/plugin-container-security-node';
import request from 'supertest';
import { containerSecurityPlugin } from '../plugin';

jest.setTimeout(60_000);

const manifests = createMockDirectory({
  content: {
    'cart.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: cart, namespace: shop, labels: { backstage.io/kubernetes-id: cart } }',
      'spec: { template: { spec: { containers: [{ name: app, image: "cart:1" }] } } }',
    ].join('\n'),
  },
});

describe('containerSecurityRespondersExtensionPoint', () => {
  it('adds rules and replaces the invoker', async () => {
    const invocations: ResponderInvocation[] = [];
    const module = createBackendModule({
      pluginId: 'container-security',
      moduleId: 'custom-responders',
      register(reg) {
        reg.registerInit({
          deps: { responders: containerSecurityRespondersExtensionPoint },
          async init({ responders }) {
            responders.addResponderRules({
              path: 'module-rules.yaml',
              content: [
                '- rule: module-rule',
                '  actions:',
                '    - action: Quarantine',
                '      actionner: aws:lambda',
                '      parameters: { aws_lambda_name: cs-quarantine-pod }',
              ].join('\n'),
            });
            responders.setResponderInvoker({
              async invoke(invocation) {
                invocations.push(invocation);
                return { statusCode: 204, durationMs: 0 };
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        containerSecurityPlugin,
        module,
        mockServices.rootConfig.factory({
          data: {
            containerSecurity: {
              workloads: {
                manifests: [{ name: 'demo', paths: [manifests.path] }],
              },
              responders: { functions: [{ name: 'cs-quarantine-pod' }] },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'cart',
                namespace: 'default',
                annotations: { 'backstage.io/kubernetes-id': 'cart' },
              },
              spec: { owner: 'group:default/team' },
            },
          ],
        }),
      ],
    });
    const auth = { Authorization: mockCredentials.user.header() };
    const overview = await request(server)
      .get('/api/container-security/responders')
      .set(auth);
    expect(overview.body.rules).toEqual([
      {
        name: 'module-rule',
        mode: 'dry-run',
        source: 'module-rules.yaml:1',
        actions: ['Quarantine'],
      },
    ]);
    for (;;) {
      const workloads = await request(server)
        .get(
          '/api/container-security/entities/default/component/cart/workloads',
        )
        .set(auth);
      if (workloads.body.workloads?.length) break;
      await new Promise(r => setTimeout(r, 50));
    }
    const res = await request(server)
      .post(
        '/api/container-security/entities/default/component/cart/responder-actions',
      )
      .set(auth)
      .send({
        functionName: 'cs-quarantine-pod',
        target: { namespace: 'shop', pod: 'cart-5d8f-x1' },
      });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('dry-run');
    expect(invocations).toEqual([
      expect.objectContaining({
        functionName: 'cs-quarantine-pod',
        invocationType: 'DryRun',
        payload: expect.objectContaining({ idempotencyKey: res.body.id }),
      }),
    ]);
  });
});
