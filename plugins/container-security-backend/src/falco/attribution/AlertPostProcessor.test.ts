import { mockServices } from '@backstage/backend-test-utils';
import { AlertPostProcessor } from './AlertPostProcessor';
import { alertFromText, syntheticEvent } from './__testUtils__/falcoFixtures';

const NOW = Date.parse('2026-11-22T10:00:00Z');

describe('AlertPostProcessor', () => {
  const alert = alertFromText(
    syntheticEvent({ priority: 'Critical' }),
    NOW - 2 * 3_600_000,
  );

  function setUp(attributeNew: jest.Mock) {
    const signals = { publish: jest.fn(async () => {}) };
    const notifier = { handle: jest.fn(async () => {}) };
    const post = new AlertPostProcessor({
      attribution: { attributeNew } as any,
      signals: signals as any,
      notifier: notifier as any,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    return { post, signals, notifier };
  }

  it('publishes and notifies attributed alerts', async () => {
    const { post, signals, notifier } = setUp(
      jest.fn(async alerts =>
        alerts.map((a: any) => ({
          alert: a,
          entityRef: 'component:default/c',
        })),
      ),
    );
    await post.onAlertsStored([alert]);
    expect(signals.publish).toHaveBeenCalledWith([
      { entityRef: 'component:default/c', priority: 'Critical' },
    ]);
    expect(notifier.handle).toHaveBeenCalledWith([
      expect.objectContaining({
        entityRef: 'component:default/c',
        rule: 'Terminal shell in container',
        priority: 'Critical',
      }),
    ]);
  });

  it('still signals the org page when attribution fails', async () => {
    const { post, signals, notifier } = setUp(
      jest.fn().mockRejectedValue(new Error('catalog down')),
    );
    await post.onAlertsStored([alert]);
    expect(signals.publish).toHaveBeenCalledWith([
      { entityRef: undefined, priority: 'Critical' },
    ]);
    expect(notifier.handle).toHaveBeenCalledWith([]);
  });

  it('does not notify about old alerts that were attributed late', async () => {
    const { post, signals, notifier } = setUp(jest.fn());
    await post.onReattributed([{ alert, entityRef: 'component:default/c' }]);
    expect(signals.publish).toHaveBeenCalledTimes(1);
    expect(notifier.handle).toHaveBeenCalledWith([]);
  });
});
