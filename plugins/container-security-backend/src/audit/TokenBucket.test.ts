import { sharedTokenBucket, TokenBucket } from './TokenBucket';

function fakeClock() {
  const clock = {
    now: 0,
    sleeps: [] as number[],
    api: {
      now: () => clock.now,
      sleep: async (ms: number) => {
        clock.sleeps.push(ms);
        clock.now += ms;
      },
    },
  };
  return clock;
}

describe('TokenBucket', () => {
  it('grants the next request one gap after the previous response, without bursts', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1.5, clock.api);
    const grants: number[] = [];
    for (let i = 0; i < 3; i++) {
      const done = await bucket.take();
      grants.push(clock.now);
      clock.now += 10; // round trip
      done();
    }
    expect(grants.map(Math.round)).toEqual([0, 677, 1353]);
    // Idle time does not build up a burst allowance: one request, then a full gap.
    clock.now += 10_000;
    const a = await bucket.take();
    const idleGrant = clock.now;
    a();
    await bucket.take();
    expect(clock.now - idleGrant).toBeCloseTo(1000 / 1.5);
  });

  it('keeps a request whose departure was delayed from arriving early at the server', async () => {
    // A request granted at t=0 leaves 40 ms late (a busy event loop, a first connection):
    // its response at 45 ms bounds its arrival, so the next is granted at 45 + gap.
    const clock = fakeClock();
    const bucket = new TokenBucket(2, clock.api);
    const first = await bucket.take();
    clock.now = 45;
    first();
    await bucket.take();
    expect(clock.now).toBe(545);
  });

  it('serves concurrent callers one at a time', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, clock.api);
    const grants: number[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        const done = await bucket.take();
        grants.push(clock.now);
        done();
      }),
    );
    expect(grants).toEqual([0, 500, 1000]);
  });

  it('is one budget per key in the process, and the strictest rate wins', () => {
    const a = sharedTokenBucket('cloudtrail:111122223333:eu-west-1', 1.5);
    const b = sharedTokenBucket('cloudtrail:111122223333:eu-west-1', 1);
    const other = sharedTokenBucket('cloudtrail:111122223333:us-east-1', 1.5);
    expect(a).toBe(b);
    expect(a.rate).toBe(1);
    expect(other).not.toBe(a);
    expect(sharedTokenBucket('cloudtrail:111122223333:eu-west-1', 2).rate).toBe(
      1,
    );
  });
});
