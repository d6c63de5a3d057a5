import { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { SignalPayload, SignalsService } from '@backstage/plugin-signals-node';
import {
  FALCO_PRIORITIES,
  FalcoPriority,
  falcoPriorityRank,
} from '@containersec/plugin-container-security-common';

/** How long signals on one channel are gathered into one publish. */
export const DEFAULT_SIGNAL_WINDOW_MS = 250;

interface Window {
  recipients: SignalPayload['recipients'];
  channel: string;
  /** What arrived since the window's publish, merged; sent when the window ends. */
  pending?: JsonObject;
  timer: ReturnType<typeof setTimeout>;
}

function isPriority(value: unknown): value is FalcoPriority {
  return (FALCO_PRIORITIES as readonly unknown[]).includes(value);
}

/**
 * Two messages of one channel as one: the later message's fields, `count` summed (a
 * message without one counts 1), and the highest `maxPriority` of the two.
 */
export function mergeSignalMessages(
  earlier: JsonObject,
  later: JsonObject,
): JsonObject {
  const count = (m: JsonObject) => (typeof m.count === 'number' ? m.count : 1);
  const merged: JsonObject = {
    ...later,
    count: count(earlier) + count(later),
  };
  const a = earlier.maxPriority;
  const b = later.maxPriority;
  if (isPriority(a) && isPriority(b)) {
    merged.maxPriority = falcoPriorityRank(a) > falcoPriorityRank(b) ? a : b;
  } else if (isPriority(a)) {
    merged.maxPriority = a;
  }
  return merged;
}

/**
 * A {@link SignalsService} that coalesces live-update signals per channel (and
 * recipients): the first signal of a channel goes out at once and opens a window
 * (250 ms by default); what arrives during the window is merged
 * ({@link mergeSignalMessages}) and sent as one signal when it ends, which opens the
 * next. So a channel gets at most one publish per window, whatever the alert rate.
 *
 * The suite's signals are hints ("something changed, refetch"): pages refetch through
 * the permission-checked routes, so a merged message loses nothing they use. With the
 * events bus on PostgreSQL each publish is an authenticated call to the events backend
 * (a token signed and verified, a database write), which is why they are coalesced.
 * `publish` never waits for the signals backend and never rejects; failures are logged.
 * `flush` (a shutdown hook) sends what is pending and waits for sends in flight.
 */
export class SignalCoalescer implements SignalsService {
  private readonly windows = new Map<string, Window>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly windowMs: number;
  private closed = false;

  /** The plugin's coalescer, flushed when the backend shuts down. */
  static create(deps: {
    signals: SignalsService;
    logger: LoggerService;
    lifecycle: LifecycleService;
  }): SignalCoalescer {
    const coalescer = new SignalCoalescer({
      signals: deps.signals,
      logger: deps.logger,
    });
    deps.lifecycle.addShutdownHook(() => coalescer.flush());
    return coalescer;
  }

  constructor(
    private readonly deps: {
      signals: SignalsService;
      logger: LoggerService;
      windowMs?: number;
    },
  ) {
    this.windowMs = deps.windowMs ?? DEFAULT_SIGNAL_WINDOW_MS;
  }

  async publish<TMessage extends JsonObject = JsonObject>(
    signal: SignalPayload<TMessage>,
  ): Promise<void> {
    if (this.closed || this.windowMs <= 0) {
      this.send(signal);
      return;
    }
    const key = JSON.stringify([signal.channel, signal.recipients]);
    const open = this.windows.get(key);
    if (open) {
      open.pending = open.pending
        ? mergeSignalMessages(open.pending, signal.message)
        : signal.message;
      return;
    }
    this.windows.set(key, {
      recipients: signal.recipients,
      channel: signal.channel,
      timer: this.startTimer(key),
    });
    this.send(signal);
  }

  /** Sends every pending signal now and waits for those in flight (shutdown). */
  async flush(): Promise<void> {
    this.closed = true;
    for (const [key, window] of this.windows) {
      clearTimeout(window.timer);
      this.windows.delete(key);
      if (window.pending) {
        this.send({
          recipients: window.recipients,
          channel: window.channel,
          message: window.pending,
        });
      }
    }
    await Promise.all([...this.inFlight]);
  }

  private startTimer(key: string) {
    const timer = setTimeout(() => this.endWindow(key), this.windowMs);
    // A pending hint must not keep the process alive; shutdown flushes it.
    timer.unref?.();
    return timer;
  }

  private endWindow(key: string) {
    const window = this.windows.get(key);
    if (!window) return;
    if (!window.pending) {
      this.windows.delete(key);
      return;
    }
    const message = window.pending;
    window.pending = undefined;
    window.timer = this.startTimer(key);
    this.send({
      recipients: window.recipients,
      channel: window.channel,
      message,
    });
  }

  private send(signal: SignalPayload<JsonObject>) {
    const sending: Promise<void> = this.deps.signals
      .publish(signal)
      .catch(e => {
        // Live updates are best effort; the data is stored either way.
        this.deps.logger.warn('could not publish a live-update signal', {
          channel: signal.channel,
          error: String(e),
        });
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}
