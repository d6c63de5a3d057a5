import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import { containerSecurityPlugin } from '../../plugin';

jest.setTimeout(60_000);

const dir = createMockDirectory();
const EXAMPLES = path.resolve(
  __dirname,
  '../../../../../examples/falco/events.jsonl',
);

it('replays the example events through the real webhook of a running backend', async () => {
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & { factory(): any; triggerTask(id: string): Promise<void> };
  const { server } = await startTestBackend({
    features: [
      containerSecurityPlugin,
      scheduler.factory(),
      mockServices.rootConfig.factory({
        data: {
          containerSecurity: {
            falco: {
              ingest: {
                spoolDirectory: `${dir.path}/spool`,
                allowedServicePrincipals: ['plugin:container-security'],
              },
              demo: { replay: { path: EXAMPLES, interval: { seconds: 1 } } },
            },
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  const agent = request.agent(server);
  // The mock scheduler runs a task when told to; the real one every `interval`.
  for (let i = 0; i < 3; i++) {
    await scheduler.triggerTask('container-security-falco-demo-replay');
    await new Promise(r => setTimeout(r, 1000));
  }
  let count = 0;
  for (let i = 0; i < 40 && count < 2; i++) {
    await new Promise(r => setTimeout(r, 250));
    const res = await agent
      .get('/api/container-security/alerts/overview')
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    count = res.body.total ?? 0;
  }
  expect(count).toBeGreaterThanOrEqual(2);
});
