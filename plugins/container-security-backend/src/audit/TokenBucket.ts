/** Called when the response to a granted request has arrived (or the request failed). */
export type RequestDone = () => void;

// A request whose completion is never reported stops holding up the next after this long.
const MAX_IN_FLIGHT_MS = 60_000;

/** Waits for `promise`, but no longer than `ms`, without keeping the process alive. */
async function withTimeout(promise: Promise<void>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, ms);
        timer.unref?.();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A request budget: at most `ratePerSecond` requests as the server counts them, evenly
 * spaced, with no burst allowance. Callers are served one at a time in arrival order.
 *
 * The client cannot see when a request reaches the server, only that it left after it was
 * granted and arrived before its response came back. So the next request is granted no
 * earlier than one gap after the previous response: whatever the event loop, the network
 * or a first connection delays, two requests never reach the server closer than the gap.
 * The price is one round trip per request on top of the gap (sequential paging waits for
 * the response anyway).
 */
export class TokenBucket {
  private lastDone = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> = Promise.resolve();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private ratePerSecond: number,
    private readonly clock: {
      now(): number;
      sleep(ms: number): Promise<void>;
    } = {
      now: () => performance.now(),
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    },
  ) {
    if (!(ratePerSecond > 0)) {
      throw new Error(`Invalid request rate ${ratePerSecond}/s`);
    }
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  /** Lowers the rate (never raises it): the strictest caller wins. */
  limitTo(ratePerSecond: number) {
    if (ratePerSecond > 0 && ratePerSecond < this.ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
    }
  }

  /** Resolves when the caller may send one request; call the result when its response is in. */
  take(): Promise<RequestDone> {
    const turn = this.queue.then(async () => {
      await withTimeout(this.inFlight, MAX_IN_FLIGHT_MS);
      const wait = this.lastDone + 1000 / this.ratePerSecond - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      let finish!: () => void;
      this.inFlight = new Promise<void>(resolve => {
        finish = resolve;
      });
      // Until the response is in, count the request as arriving now.
      this.lastDone = this.clock.now();
      let finished = false;
      return () => {
        if (finished) return;
        finished = true;
        this.lastDone = Math.max(this.lastDone, this.clock.now());
        finish();
      };
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

// Process-wide: every client of the same account and region spends one budget.
const buckets = new Map<string, TokenBucket>();

/**
 * The one budget of an account and region in this process. Created on first use; later
 * callers asking for a lower rate lower it for everybody.
 */
export function sharedTokenBucket(
  key: string,
  ratePerSecond: number,
): TokenBucket {
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket(ratePerSecond);
    buckets.set(key, bucket);
  } else {
    bucket.limitTo(ratePerSecond);
  }
  return bucket;
}
