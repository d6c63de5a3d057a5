import { mockServices } from '@backstage/backend-test-utils';
import { mergeSignalMessages, SignalCoalescer } from './SignalCoalescer';

const broadcast = { type: 'broadcast' as const };

function alerts(
  count: number,
  maxPriority: string,
  channel = 'container-security:alerts',
) {
  return {
    recipients: broadcast,
    channel,
    message: { type: 'alerts', count, maxPriority },
  };
}

describe('SignalCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setUp(windowMs?: number) {
    const publish = jest.fn(async (_signal: unknown) => {});
    const logger = mockServices.logger.mock();
    const coalescer = new SignalCoalescer({
      signals: { publish },
      logger,
      windowMs,
    });
    return { publish, logger, coalescer };
  }

  it('created for the plugin, sends what is pending when the backend shuts down', async () => {
    const publish = jest.fn(async (_signal: unknown) => {});
    const hooks: Array<() => void | Promise<void>> = [];
    const coalescer = SignalCoalescer.create({
      signals: { publish },
      logger: mockServices.logger.mock(),
      lifecycle: {
        addShutdownHook: hook => hooks.push(hook),
        addStartupHook: () => {},
      },
    });
    await coalescer.publish(alerts(1, 'Notice'));
    await coalescer.publish(alerts(2, 'Warning'));
    expect(publish).toHaveBeenCalledTimes(1);
    expect(hooks).toHaveLength(1);
    await hooks[0]();
    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1][0]).toEqual(alerts(2, 'Warning'));
  });

  it('sends the first signal of a channel at once and merges the rest of the window into one', async () => {
    const { publish, coalescer } = setUp(250);
    await coalescer.publish(alerts(1, 'Notice'));
    expect(publish).toHaveBeenCalledTimes(1);
    for (const p of ['Warning', 'Critical', 'Debug']) {
      await coalescer.publish(alerts(2, p));
    }
    expect(publish).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(249);
    expect(publish).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1][0]).toEqual(
      alerts(6, 'Critical'), // 2 + 2 + 2, the highest of the three
    );
  });

  it('sends at most one signal per channel per window under a steady stream', async () => {
    const { publish, coalescer } = setUp(250);
    // 1,000 signals over 1 s (one per millisecond) on one channel.
    for (let ms = 0; ms < 1000; ms++) {
      await coalescer.publish(alerts(1, 'Error'));
      jest.advanceTimersByTime(1);
    }
    jest.advanceTimersByTime(250);
    // At once, then at the end of each of the four windows.
    expect(publish.mock.calls.length).toBe(5);
    const total = publish.mock.calls.reduce(
      (sum, [signal]) => sum + (signal as any).message.count,
      0,
    );
    expect(total).toBe(1000);
  });

  it('keeps channels apart', async () => {
    const { publish, coalescer } = setUp(250);
    await coalescer.publish(alerts(1, 'Notice', 'a'));
    await coalescer.publish(alerts(1, 'Notice', 'b'));
    await coalescer.publish(alerts(1, 'Critical', 'a'));
    expect(publish.mock.calls.map(([s]) => (s as any).channel)).toEqual([
      'a',
      'b',
    ]);
    jest.advanceTimersByTime(250);
    expect(publish.mock.calls.map(([s]) => (s as any).channel)).toEqual([
      'a',
      'b',
      'a',
    ]);
  });

  it('closes a quiet window, so the next signal goes out at once', async () => {
    const { publish, coalescer } = setUp(250);
    await coalescer.publish(alerts(1, 'Notice'));
    jest.advanceTimersByTime(250);
    expect(publish).toHaveBeenCalledTimes(1);
    await coalescer.publish(alerts(1, 'Alert'));
    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1][0]).toEqual(alerts(1, 'Alert'));
  });

  it('flushes what is pending on shutdown and sends later signals directly', async () => {
    const { publish, coalescer } = setUp(250);
    await coalescer.publish(alerts(1, 'Notice'));
    await coalescer.publish(alerts(3, 'Emergency'));
    await coalescer.flush();
    expect(publish.mock.calls.map(([s]) => s)).toEqual([
      alerts(1, 'Notice'),
      alerts(3, 'Emergency'),
    ]);
    await coalescer.publish(alerts(1, 'Debug'));
    expect(publish).toHaveBeenCalledTimes(3);
    jest.advanceTimersByTime(1000);
    expect(publish).toHaveBeenCalledTimes(3);
  });

  it('logs a failed publish and never rejects', async () => {
    const logger = mockServices.logger.mock();
    const coalescer = new SignalCoalescer({
      signals: { publish: jest.fn().mockRejectedValue(new Error('down')) },
      logger,
    });
    await expect(
      coalescer.publish(alerts(1, 'Notice')),
    ).resolves.toBeUndefined();
    await coalescer.flush();
    expect(logger.warn).toHaveBeenCalledWith(
      'could not publish a live-update signal',
      { channel: 'container-security:alerts', error: 'Error: down' },
    );
  });
});

describe('mergeSignalMessages', () => {
  it('sums counts (a message without one counts 1) and keeps the later fields', () => {
    expect(
      mergeSignalMessages(
        { type: 'responder-action', actionId: 'a', status: 'running' },
        { type: 'responder-action', actionId: 'b', status: 'dry-run' },
      ),
    ).toEqual({
      type: 'responder-action',
      actionId: 'b',
      status: 'dry-run',
      count: 2,
    });
  });

  it('keeps the highest priority', () => {
    expect(
      mergeSignalMessages(
        { type: 'alerts', count: 4, maxPriority: 'Emergency' },
        { type: 'alerts', count: 1, maxPriority: 'Debug' },
      ),
    ).toEqual({ type: 'alerts', count: 5, maxPriority: 'Emergency' });
  });
});
