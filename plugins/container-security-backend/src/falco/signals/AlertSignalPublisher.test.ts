import { mockServices } from '@backstage/backend-test-utils';
import { AlertSignalPublisher } from './AlertSignalPublisher';

describe('AlertSignalPublisher', () => {
  it('signals each entity with new alerts and the org channel, without event text', async () => {
    const publish = jest.fn(async () => {});
    await new AlertSignalPublisher({
      signals: { publish },
      logger: mockServices.logger.mock(),
    }).publish([
      { entityRef: 'component:default/cart-service', priority: 'Notice' },
      { entityRef: 'component:default/cart-service', priority: 'Critical' },
      { entityRef: undefined, priority: 'Emergency' },
    ]);
    expect(publish.mock.calls).toEqual([
      [
        {
          recipients: { type: 'broadcast' },
          channel: 'container-security:alerts:component:default/cart-service',
          message: {
            type: 'alerts',
            entityRef: 'component:default/cart-service',
            count: 2,
            maxPriority: 'Critical',
          },
        },
      ],
      [
        {
          recipients: { type: 'broadcast' },
          channel: 'container-security:alerts',
          message: { type: 'alerts', count: 3, maxPriority: 'Emergency' },
        },
      ],
    ]);
  });

  it('logs and carries on when the signals backend fails', async () => {
    const logger = mockServices.logger.mock();
    const publisher = new AlertSignalPublisher({
      signals: { publish: jest.fn().mockRejectedValue(new Error('down')) },
      logger,
    });
    await expect(
      publisher.publish([
        { entityRef: 'component:default/a', priority: 'Debug' },
      ]),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('sends nothing for nothing', async () => {
    const publish = jest.fn();
    await new AlertSignalPublisher({
      signals: { publish },
      logger: mockServices.logger.mock(),
    }).publish([]);
    expect(publish).not.toHaveBeenCalled();
  });
});
