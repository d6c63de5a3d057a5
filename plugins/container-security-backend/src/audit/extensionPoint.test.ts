import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AWS_ANNOTATIONS } from '@containersec/plugin-container-security-common';
import { containerSecurityAuditExtensionPoint } from '@containersec/plugin-container-security-node';
import request from 'supertest';
import { containerSecurityPlugin } from '../plugin';
import { roleCall } from './__testUtils__/records';

jest.setTimeout(60_000);

// An adopter's source and rule, added through the extension point.
const adopterModule = createBackendModule({
  pluginId: 'container-security',
  moduleId: 'adopter-audit',
  register(reg) {
    reg.registerInit({
      deps: { audit: containerSecurityAuditExtensionPoint },
      async init({ audit }) {
        audit.addAuditSource({
          id: 'siem-export',
          async sync(sink) {
            await sink.store([
              roleCall(1, { eventName: 'DeleteObject' }),
              roleCall(2),
            ]);
            await sink.reportStatus({
              accountId: '111122223333',
              region: 'eu-west-1',
              status: 'ok',
            });
          },
        });
        audit.addAuditRule({
          id: 'object-deleted',
          title: 'Object deleted',
          severity: 'low',
          match: e =>
            e.eventName === 'DeleteObject'
              ? 'An object was deleted.'
              : undefined,
        });
      },
    });
  },
});

describe('containerSecurityAuditExtensionPoint', () => {
  it('runs added sources on the audit schedule and applies added rules', async () => {
    const { server } = await startTestBackend({
      features: [
        containerSecurityPlugin,
        adopterModule,
        mockServices.rootConfig.factory({
          data: {
            containerSecurity: {
              audit: {
                // Config can address the added rule like a built-in one.
                rules: [{ id: 'object-deleted', severity: 'medium' }],
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments-api',
                namespace: 'default',
                annotations: {
                  [AWS_ANNOTATIONS.iamRoles]:
                    'arn:aws:iam::111122223333:role/irsa/payments-api',
                },
              },
            },
          ],
        }),
      ],
    });
    const agent = request.agent(server);
    let body: any;
    for (let i = 0; i < 100; i++) {
      const res = await agent
        .get(
          '/api/container-security/entities/default/component/payments-api/audit',
        )
        .set('Authorization', mockCredentials.user.header());
      body = res.body;
      if (res.status === 200 && body.items.length === 2) break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(body.items.map((e: any) => e.eventName)).toEqual([
      'GetObject',
      'DeleteObject',
    ]);
    expect(body.items[1].risks).toEqual([
      {
        ruleId: 'object-deleted',
        title: 'Object deleted',
        severity: 'medium',
        why: 'An object was deleted.',
      },
    ]);
    expect(body.sources).toEqual([
      expect.objectContaining({ source: 'siem-export', status: 'ok' }),
    ]);
  });
});
