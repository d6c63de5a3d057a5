import {
  AlertDetails,
  decodeAlertDetails,
  encodeAlertDetails,
} from './detailsCodec';
import { AlertDetailsEncoder } from './detailsEncoder';
import { fixtureAlerts } from '../__testUtils__/falcoFixtures';

// The public sample events, as the codec sees them.
function fixtureDetails(): AlertDetails[] {
  return fixtureAlerts().map(({ output, outputFields, extraFields }) => ({
    output,
    outputFields,
    extraFields,
  }));
}

describe('AlertDetailsEncoder', () => {
  const encoders: AlertDetailsEncoder[] = [];
  const encoder = (
    options?: ConstructorParameters<typeof AlertDetailsEncoder>[0],
  ) => {
    const e = new AlertDetailsEncoder(options);
    encoders.push(e);
    return e;
  };
  afterAll(() => Promise.all(encoders.map(e => e.close())));

  it('compresses a batch on its worker into exactly what the codec makes', async () => {
    const details = fixtureDetails();
    const e = encoder({ minWorkerBatch: 2 });
    const blobs = await e.encode(details);
    expect(e.batches).toEqual({ worker: 1, local: 0 });
    expect(blobs).toHaveLength(details.length);
    blobs.forEach((blob, i) => {
      expect(blob.equals(encodeAlertDetails(details[i]))).toBe(true);
      expect(decodeAlertDetails(blob)).toEqual(details[i]);
    });
    // One event is not worth the round trip.
    expect(decodeAlertDetails((await e.encode([details[0]]))[0])).toEqual(
      details[0],
    );
    expect(e.batches).toEqual({ worker: 1, local: 1 });
  });

  it('keeps batches apart when several are in flight', async () => {
    const details = fixtureDetails();
    const e = encoder({ minWorkerBatch: 1 });
    const batches = await Promise.all(
      [0, 5, 10, 15].map(start => e.encode(details.slice(start, start + 5))),
    );
    batches.forEach((blobs, b) =>
      blobs.forEach((blob, i) =>
        expect(decodeAlertDetails(blob)).toEqual(details[b * 5 + i]),
      ),
    );
  });

  it('still answers when its worker goes away mid-batch', async () => {
    const details = fixtureDetails();
    const e = encoder({ minWorkerBatch: 1 });
    const pending = e.encode(details);
    await e.close();
    const blobs = await pending;
    expect(e.batches).toEqual({ worker: 0, local: 1 });
    blobs.forEach((blob, i) =>
      expect(decodeAlertDetails(blob)).toEqual(details[i]),
    );
    // And a later batch starts a new worker.
    expect(decodeAlertDetails((await e.encode(details))[3])).toEqual(
      details[3],
    );
    expect(e.batches).toEqual({ worker: 1, local: 1 });
  });

  it('compresses in place once its worker keeps failing', async () => {
    const details = fixtureDetails();
    const e = encoder({ minWorkerBatch: 1, maxWorkerFailures: 2 });
    const crash = () => {
      // The worker's own failure, as an out-of-memory kill would look.
      (e as any).worker?.emit('error', new Error('worker crashed'));
    };
    for (let i = 0; i < 2; i++) {
      const pending = e.encode(details);
      crash();
      expect(decodeAlertDetails((await pending)[i])).toEqual(details[i]);
    }
    expect(e.batches).toEqual({ worker: 0, local: 2 });
    await e.encode(details);
    expect(e.batches).toEqual({ worker: 0, local: 3 });
    expect((e as any).worker).toBeUndefined();
  });
});
