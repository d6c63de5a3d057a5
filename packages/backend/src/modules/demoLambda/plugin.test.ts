import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { demoLocalLambdaPlugin } from './plugin';

describe('demoLocalLambdaPlugin', () => {
  it('starts no endpoint when containerSecurityDemo.localLambda is absent', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        demoLocalLambdaPlugin,
        logger.factory,
        mockServices.rootConfig.factory({ data: { containerSecurity: {} } }),
      ],
    });
    await backend.stop();

    expect(logger.info).not.toHaveBeenCalled();
  });

  it('starts no endpoint when disabled by an override', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        demoLocalLambdaPlugin,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            containerSecurityDemo: {
              localLambda: {
                enabled: false,
                port: 0,
                manifests: ['/nonexistent'],
              },
            },
          },
        }),
      ],
    });
    await backend.stop();

    expect(logger.info).not.toHaveBeenCalled();
  });

  it('serves the fake cluster seeded from the example manifests when configured', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        demoLocalLambdaPlugin,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            containerSecurityDemo: {
              localLambda: {
                port: 0,
                manifests: [
                  resolve(__dirname, '../../../../../examples/manifests'),
                ],
              },
            },
          },
        }),
      ],
    });
    try {
      const line: string = logger.info.mock.calls[0][0];
      const url = line.match(/on (http:\/\/127\.0\.0\.1:\d+)/)![1];

      const state = await (await fetch(`${url}/_demo/state`)).json();

      expect(state.kubernetes.workloads).toContainEqual(
        expect.objectContaining({
          kind: 'Deployment',
          namespace: 'storefront',
          name: 'cart-service',
          replicas: 2,
        }),
      );
      expect(state.kubernetes.workloads).toContainEqual(
        expect.objectContaining({
          kind: 'StatefulSet',
          namespace: 'payments',
          name: 'ledger-worker',
        }),
      );
    } finally {
      await backend.stop();
    }
  });

  it('fails start-up on a port that is not one', async () => {
    await expect(
      startTestBackend({
        features: [
          demoLocalLambdaPlugin,
          mockServices.rootConfig.factory({
            data: { containerSecurityDemo: { localLambda: { port: 70000 } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /containerSecurityDemo.localLambda.port must be a TCP port number, not 70000/,
    );
  });
});
